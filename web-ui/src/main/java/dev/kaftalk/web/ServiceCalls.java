package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the services over the event bus, and the one place where their failures become HTTP errors: a
 * service's {@code ReplyException(status, message)} keeps its status and message, a service that does not answer
 * becomes 503, anything else 500 without details.
 */
final class ServiceCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceCalls.class);
  private static final String UNAVAILABLE = "The chat service is not answering right now; please try again shortly.";

  private final EventBus bus;
  private final long timeoutMs;

  ServiceCalls(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** A request made before anyone is signed in (register, login). */
  <T> Future<T> anonymous(String address, Object body) {
    return request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** A request on behalf of the session user, who travels in {@link Addresses#USER_HEADER}. */
  <T> Future<T> asUser(String address, Object body, String username) {
    return request(address, body,
        new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Addresses.USER_HEADER, username));
  }

  private <T> Future<T> request(String address, Object body, DeliveryOptions options) {
    return bus.<T>request(address, body, options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(toHttp(address, failure)));
  }

  private static HttpException toHttp(String address, Throwable failure) {
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case TIMEOUT, NO_HANDLERS -> {
          LOG.warn("{} did not answer: {}", address, reply.failureType());
          return new HttpException(503, UNAVAILABLE);
        }
        case RECIPIENT_FAILURE -> {
          if (reply.failureCode() >= 400 && reply.failureCode() <= 599) {
            return new HttpException(reply.failureCode(), reply.getMessage());
          }
        }
        default -> { }
      }
    }
    LOG.warn("{} failed unexpectedly: {}", address, failure.toString());
    return new HttpException(500, "Something went wrong on the server.");
  }
}
