package dev.kaftalk.media;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** The chat service as the media service uses it: membership checks and the one door into a room. */
final class ChatService {

  private final EventBus bus;
  private final long timeoutMs;

  ChatService(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** Fails 403 or 404 like the chat service does. */
  Future<Void> requireMember(String user, String roomId) {
    return request(Addresses.ROOMS_MEMBER_CHECK, user, new JsonObject().put("roomId", roomId)).mapEmpty();
  }

  /** {@code body} as {@link Addresses#MESSAGES_POST} takes it; answers {@code {message}}. */
  Future<JsonObject> post(String user, JsonObject body) {
    return request(Addresses.MESSAGES_POST, user, body);
  }

  private Future<JsonObject> request(String address, String user, JsonObject body) {
    return bus.<JsonObject>request(address, body,
            new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Addresses.USER_HEADER, user))
        .map(Message::body)
        // The chat service's refusal (403, 429, 503...) is ours too; silence is 503.
        .recover(e -> Future.failedFuture(e instanceof ReplyException reply
            && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() >= 400
            ? new ServiceException(reply.failureCode(), reply.getMessage())
            : ServiceException.unavailable("The chat service is not answering right now; try again")));
  }
}
