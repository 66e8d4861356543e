package dev.kaftalk.web;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The contract's error body {@code {"error":{"code":"...","message":"..."}}}, and the failure handler that turns
 * every failed API or bridge request into one: routes fail with an {@link HttpException} carrying the status and
 * the user-facing message.
 */
final class ApiError {

  private static final String FORM_FIELD_TOO_LARGE = "Size exceed allowed maximum capacity";
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  private ApiError() {
  }

  static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      // A later failure of a request already answered (an aborted upload's stream closing, say): nothing to tell.
      LOG.debug("{} {} failed after its answer: {}", ctx.request().method(), ctx.request().path(), String.valueOf(ctx.failure()));
      return;
    }
    if (ctx.failure() instanceof HttpClosedException) {
      // The client closed the connection mid-request (a cancelled upload, a closed tab): nobody is left to answer,
      // and nothing went wrong here. Real failures of the server still reach the ERROR line below.
      LOG.debug("{} {} ended by the client closing the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    int status = statusOf(ctx);
    String message = ctx.failure() instanceof HttpException e && e.getPayload() != null ? e.getPayload()
        : isFormFieldTooLarge(ctx) ? "A form field is longer than the server accepts." : defaultMessage(status);
    // Deliberate HttpExceptions are logged where they arise (ServiceCalls names the service); this is for the rest.
    if (status >= 500 && !(ctx.failure() instanceof HttpException)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (!ctx.response().ended() && !ctx.response().closed()) {
      ctx.response().setStatusCode(status);
      ctx.json(body(code(status), message));
    }
  }

  private static int statusOf(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpException e) {
      return e.getStatusCode();
    }
    // Netty's body decoders (multipart, form) throw on malformed bodies: the client's mistake, not ours.
    if (ctx.failure() instanceof DecoderException) {
      return 400;
    }
    // A form field over HttpServerOptions' maxFormAttributeSize: Netty signals it only as this plain IOException.
    // The upload's fields (clientMsgId, waveform) are small by definition, so a huge one is malformed: 400, while
    // 413 stays for bodies over their limit.
    if (isFormFieldTooLarge(ctx)) {
      return 400;
    }
    return ctx.failure() == null && ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
  }

  private static boolean isFormFieldTooLarge(RoutingContext ctx) {
    return ctx.failure() instanceof IOException e && FORM_FIELD_TOO_LARGE.equals(e.getMessage());
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "The request is not valid.";
      case 401 -> "Please sign in.";
      case 403 -> "You are not allowed to do that.";
      case 404 -> "Not found.";
      case 405 -> "That method is not supported here.";
      case 413 -> "The request is too large.";
      case 503 -> "The service is not available right now; please try again shortly.";
      default -> status >= 500 ? "Something went wrong on the server." : "The request could not be handled.";
    };
  }
}
