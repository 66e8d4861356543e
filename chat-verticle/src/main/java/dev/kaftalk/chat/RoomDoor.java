package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one way a message enters a room, whatever it carries: membership, clientMsgId dedup, rate limit, append, and
 * the stored canonical message as the answer, once Kafka acknowledged it and this instance applied it, so the reply
 * carries the cursor and, for a resend, the original. A resend the local index already knows is answered without
 * writing; one racing its original (another instance, or the same one before the first write was applied) is
 * written and then skipped by every instance.
 */
final class RoomDoor {

  private static final Logger LOG = LoggerFactory.getLogger(RoomDoor.class);

  /** What a sender asks to post; the door stamps id, author and time. */
  record Draft(String roomId, String clientMsgId, String text, MediaRef media) {
  }

  private final Membership membership;
  private final Timeline timeline;
  private final RateLimiter rateLimiter;
  private final EventLog log;
  private final SendMetrics metrics;

  RoomDoor(Membership membership, Timeline timeline, RateLimiter rateLimiter, EventLog log, SendMetrics metrics) {
    this.membership = membership;
    this.timeline = timeline;
    this.rateLimiter = rateLimiter;
    this.log = log;
    this.metrics = metrics;
  }

  /** @return {@code {message}} with the stored message, or the original one for a known resend */
  Future<JsonObject> post(String user, Draft draft) {
    return membership.requireMember(draft.roomId(), user).map(RoomRecord::id)
        .compose(roomId -> timeline.find(roomId, user, draft.clientMsgId())
            .compose(original -> original != null ? Future.succeededFuture(reply(original))
                : write(user, roomId, draft)));
  }

  private Future<JsonObject> write(String user, String roomId, Draft draft) {
    long now = System.currentTimeMillis();
    if (!rateLimiter.tryAcquire(user, now)) {
      throw new ServiceException(429, "You are sending too fast; wait a moment");
    }
    ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), roomId, user, now, draft.clientMsgId(), null,
        draft.text(), draft.media());
    Timer.Sample sent = metrics.start();
    return log.send(Topics.MESSAGES, roomId, new TimelineEvent.Message(message))
        .compose(meta -> {
          Timer.Sample acked = metrics.acked(sent);
          return log.applied(meta).onSuccess(m -> metrics.fannedOut(acked));
        })
        .compose(meta -> timeline.find(roomId, user, draft.clientMsgId())
            .map(found -> found != null ? found : message.withCursor(Cursor.format(meta.getOffset()))))
        .map(canonical -> {
          LOG.debug("Stored message {} in room {} at {}", canonical.id(), roomId, canonical.cursor());
          return reply(canonical);
        });
  }

  private static JsonObject reply(ChatMessage message) {
    return new JsonObject().put("message", message.toJson());
  }
}
