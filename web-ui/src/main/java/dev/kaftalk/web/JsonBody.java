package dev.kaftalk.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;

import java.util.Locale;

/** Reading the small JSON object bodies of the API; anything else is the client's mistake (400), never a 500. */
final class JsonBody {

  static final int LIMIT_BYTES = 64 * 1024;

  private JsonBody() {
  }

  /**
   * Refuses any body that does not declare JSON before reading it, so that form and multipart decoding never run on
   * these routes; then buffers at most {@link #LIMIT_BYTES} (larger bodies are answered with 413). Requiring the
   * JSON content type also keeps other sites' plain HTML forms, which cannot send it, from posting to the API.
   * Upload routes need their own.
   */
  static Handler<RoutingContext> handler() {
    BodyHandler buffering = BodyHandler.create(false).setBodyLimit(LIMIT_BYTES);
    return ctx -> {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        ctx.fail(new HttpException(400, "Send the body as a JSON object with Content-Type: application/json."));
      } else {
        buffering.handle(ctx);
      }
    };
  }

  /** The body as a JSON object; mounted behind {@link #handler()}. */
  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new HttpException(400, "The request needs a JSON object body.");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new HttpException(400, "The request body is not a valid JSON object.");
    }
  }
}
