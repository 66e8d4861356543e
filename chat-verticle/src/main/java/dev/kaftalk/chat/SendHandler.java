package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code server.chat.send}: checks, stamps and stores a text message, and answers with the canonical message once
 * Kafka acknowledged it and this instance applied it, so the reply carries the cursor and, for a resend, the
 * original. A resend the local index already knows is answered without writing; one racing its original (another
 * instance, or the same one before the first write was applied) is written and then skipped by every instance.
 */
final class SendHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SendHandler.class);
  private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final RateLimiter rateLimiter;
  private final EventLog log;
  private final int maxTextChars;

  SendHandler(RoomDirectory directory, Timeline timeline, RateLimiter rateLimiter, EventLog log, int maxTextChars) {
    this.directory = directory;
    this.timeline = timeline;
    this.rateLimiter = rateLimiter;
    this.log = log;
    this.maxTextChars = maxTextChars;
  }

  Future<JsonObject> send(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = directory.requireMember(Requests.requiredString(body, "roomId"), user).id();
    String text = body.getValue("text") instanceof String s ? s.strip() : "";
    if (text.isEmpty() || text.length() > maxTextChars) {
      throw ServiceException.badRequest("Message text must be 1-" + maxTextChars + " characters");
    }
    String clientMsgId = body.getValue("clientMsgId") instanceof String s ? s : "";
    if (!CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
      throw ServiceException.badRequest("clientMsgId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
    }
    ChatMessage original = timeline.find(roomId, user, clientMsgId);
    if (original != null) {
      return Future.succeededFuture(reply(original));
    }
    long now = System.currentTimeMillis();
    if (!rateLimiter.tryAcquire(user, now)) {
      throw new ServiceException(429, "You are sending too fast; wait a moment");
    }
    ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), roomId, user, now, clientMsgId, null, text,
        null);
    return log.append(Topics.MESSAGES, roomId, message.toRecord())
        .map(meta -> {
          ChatMessage found = timeline.find(roomId, user, clientMsgId);
          // Only a burst of dedupPerRoom newer messages between apply and here could evict it; then ours is it.
          ChatMessage canonical = found != null ? found : message.withCursor(Cursor.format(meta.getOffset()));
          LOG.debug("Stored message {} in room {} at {}", canonical.id(), roomId, canonical.cursor());
          return reply(canonical);
        });
  }

  private static JsonObject reply(ChatMessage message) {
    return new JsonObject().put("message", message.toJson());
  }
}
