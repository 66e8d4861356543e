package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.ReplyRef;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a message enters a room, whatever it carries: membership, clientMsgId dedup, rate limit, append, and
 * the stored canonical message as the answer, once Kafka acknowledged it and this instance applied it, so the reply
 * carries the cursor and, for a resend, the original. A resend the local index already knows is answered without
 * writing; one racing its original (another instance, or the same one before the first write was applied) is
 * written and then skipped by every instance.
 */
final class RoomDoor {

  private static final Logger LOG = LoggerFactory.getLogger(RoomDoor.class);

  /**
   * What a sender asks to post; the door stamps id, author and time.
   *
   * @param replyTo the id of the room's message this one answers, or null
   */
  record Draft(String roomId, String clientMsgId, String text, MediaRef media, String replyTo) {
  }

  private final Membership membership;
  private final Timeline timeline;
  private final RateLimiter rateLimiter;
  private final EventLog log;
  private final SendMetrics metrics;
  private final Supplier<Future<Void>> handedOutVisible;
  private final Mentions mentions;
  private final Function<RoomRecord, Future<Void>> reopen;
  private final Clock clock;
  /** Per user, completes once that user's latest post was handed to the producer or refused. */
  private final Map<String, Future<Void>> lastWritten = new HashMap<>();

  /**
   * @param handedOutVisible completes once every message handed out so far can be read: a reply may quote one
   * @param reopen           brings back whoever left a direct message, before a message is posted in it
   * @param clock            stamps {@code ts}, which the quiet gate and the edit window judge by the same clock
   */
  RoomDoor(Membership membership, Timeline timeline, RateLimiter rateLimiter, EventLog log, SendMetrics metrics,
      Supplier<Future<Void>> handedOutVisible, Mentions mentions, Function<RoomRecord, Future<Void>> reopen,
      Clock clock) {
    this.clock = clock;
    this.reopen = reopen;
    this.membership = membership;
    this.timeline = timeline;
    this.rateLimiter = rateLimiter;
    this.log = log;
    this.metrics = metrics;
    this.handedOutVisible = handedOutVisible;
    this.mentions = mentions;
  }

  /**
   * A user's messages are written in the order they arrived: a reply waits for what it quotes to be readable, and a
   * message sent right after it must not overtake it, so each post is written only once its predecessor from the same
   * user was (or was refused). A post that writes nothing (a known resend, a refusal) hands its turn on only once its
   * own predecessor's turn is over: the lookups before the writes run side by side, and the post after it must not
   * overtake the one before it.
   *
   * @return {@code {message}} with the stored message, or the original one for a known resend
   */
  Future<JsonObject> post(String user, Draft draft) {
    Future<Void> previous = lastWritten.getOrDefault(user, Future.succeededFuture());
    Promise<Void> written = Promise.promise();
    lastWritten.put(user, written.future());
    written.future().onComplete(done -> lastWritten.remove(user, written.future()));
    return membership.requireMember(draft.roomId(), user)
        .compose(room -> timeline.find(room.id(), user, draft.clientMsgId())
            .compose(original -> original != null ? Future.succeededFuture(original.toReply(user))
                : quote(room.id(), draft.replyTo())
                    .compose(quote -> previous.transform(done -> write(user, room, draft, quote, written)))))
        .onComplete(done -> previous.onComplete(turn -> written.tryComplete()));
  }

  /** What the reply quotes of the message it answers, as that message stands now. */
  private Future<ReplyRef> quote(String roomId, String replyTo) {
    if (replyTo == null) {
      return Future.succeededFuture();
    }
    return handedOutVisible.get().compose(v -> timeline.byId(roomId, replyTo)).map(original -> {
      if (original == null) {
        throw ServiceException.notFound("The message to reply to is not in this room");
      }
      if (original.deleted()) {
        throw ServiceException.conflict("The message to reply to was deleted");
      }
      return ReplyRef.of(original);
    });
  }

  /**
   * Brings back whoever left a direct message ({@code reopen}) only for a message that is going to be written: a send
   * refused for its rate changes nobody's membership.
   *
   * @param written completed once the message is handed to the producer, which keeps the order of its sends
   */
  private Future<JsonObject> write(String user, RoomRecord room, Draft draft, ReplyRef quote, Promise<Void> written) {
    // The rate is real time, as for changes: a test's clock held still must not starve the bucket.
    if (!rateLimiter.tryAcquire(user, System.currentTimeMillis())) {
      throw new ServiceException(429, "You are sending too fast; wait a moment");
    }
    return reopen.apply(room).compose(v -> append(user, room.id(), draft, quote, written));
  }

  private Future<JsonObject> append(String user, String roomId, Draft draft, ReplyRef quote, Promise<Void> written) {
    List<String> mentioned = mentions.in(roomId, user, draft.text());
    ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), roomId, user, clock.millis(),
        draft.clientMsgId(), null,
        draft.text(), draft.media(), quote).withMentions(mentioned);
    Timer.Sample sent = metrics.start();
    Future<RecordMetadata> stored = log.send(Topics.MESSAGES, roomId, new TimelineEvent.Message(message));
    written.tryComplete();
    return stored
        .compose(meta -> {
          Timer.Sample acked = metrics.acked(sent);
          return log.applied(meta).onSuccess(m -> metrics.fannedOut(acked));
        })
        .compose(meta -> timeline.find(roomId, user, draft.clientMsgId())
            .map(found -> found != null ? found : message.withCursor(Cursor.format(meta.getOffset()))))
        .map(canonical -> {
          LOG.debug("Stored message {} in room {} at {}", canonical.id(), roomId, canonical.cursor());
          return canonical.toReply(user);
        });
  }
}
