package dev.kaftalk.model;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/** Reading event-bus requests and answering them with a reply or a {@code fail(status, message)}. */
public final class Requests {

  private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

  private Requests() {
  }

  /** The session user the edge put in the header; the body is never trusted for identity. */
  public static String user(Message<?> msg) {
    String user = msg.headers().get(Addresses.USER_HEADER);
    if (user == null || user.isBlank()) {
      throw new ServiceException(401, "Not signed in");
    }
    return user;
  }

  public static JsonObject body(Message<?> msg) {
    return msg.body() instanceof JsonObject json ? json : new JsonObject();
  }

  public static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw ServiceException.badRequest(field + " is required");
    }
    return s;
  }

  /** Replies with what {@code handler} produces; its failures become {@code fail(status, message)}. */
  public static <T> void answer(Message<?> msg, Function<Message<?>, Future<T>> handler) {
    call(msg, handler).onComplete(reply -> {
      if (reply.succeeded()) {
        msg.reply(reply.result());
      } else if (reply.cause() instanceof ServiceException e) {
        msg.fail(e.status, e.getMessage());
      } else {
        LOG.error("Request to {} failed", msg.address(), reply.cause());
        msg.fail(500, "Something went wrong; try again");
      }
    });
  }

  /** What {@code handler} produces for {@code msg}, with an exception it throws as the failure. */
  public static <T> Future<T> call(Message<?> msg, Function<Message<?>, Future<T>> handler) {
    try {
      return handler.apply(msg);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
