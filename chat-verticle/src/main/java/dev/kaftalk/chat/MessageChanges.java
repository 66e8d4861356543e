package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code server.chat.edit}, {@code server.chat.delete} and {@code server.chat.react}: who may change which message,
 * checked against the message as it stands, then the change appended to the room's timeline and answered with the
 * message as it stands after it ({@code {message}}), once this instance applied it. {@link ChangeFold} applies the
 * same rules to the records, so two requests racing each other end the same way on every instance.
 */
final class MessageChanges {

  private static final Logger LOG = LoggerFactory.getLogger(MessageChanges.class);

  private final Membership membership;
  private final Timeline timeline;
  private final Supplier<Future<Void>> handedOutVisible;
  private final EventLog log;
  private final RateLimiter rateLimiter;
  private final EventBus bus;
  private final Clock clock;
  private final int maxTextChars;
  private final long editWindowMs;
  private final Mentions mentions;

  /**
   * @param editWindowMs how long after sending its author may edit a message; negative: no limit, 0: never
   */
  MessageChanges(Membership membership, Timeline timeline, Supplier<Future<Void>> handedOutVisible, EventLog log,
      RateLimiter rateLimiter, EventBus bus, Clock clock, int maxTextChars, long editWindowMs, Mentions mentions) {
    this.membership = membership;
    this.timeline = timeline;
    this.handedOutVisible = handedOutVisible;
    this.log = log;
    this.rateLimiter = rateLimiter;
    this.bus = bus;
    this.clock = clock;
    this.maxTextChars = maxTextChars;
    this.editWindowMs = editWindowMs;
    this.mentions = mentions;
  }

  Future<JsonObject> edit(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String text = body.getValue("text") instanceof String s ? s.strip() : "";
    if (text.isEmpty() || text.length() > maxTextChars) {
      throw ServiceException.badRequest("Message text must be 1-" + maxTextChars + " characters");
    }
    return liveTarget(user, body).compose(target -> {
      ChatMessage message = target.message();
      if (!message.author().equals(user)) {
        throw ServiceException.forbidden("Only the author can edit a message");
      }
      if (message.media() != null) {
        throw ServiceException.badRequest("Only text messages can be edited");
      }
      long now = clock.millis();
      if (editWindowMs >= 0 && now - message.ts() >= editWindowMs) {
        throw ServiceException.forbidden(editWindowMs == 0 ? "Editing messages is turned off"
            : "This message is too old to edit");
      }
      List<String> mentioned = mentions.in(target.roomId(), user, text);
      limitRate(user);
      return append(new TimelineEvent.Edited(target.roomId(), message.id(), user, text, now, mentioned))
          .map(after -> after.toReply(user));
    });
  }

  /** The author may delete; so may the room's creator. Deleting a deleted message again changes nothing. */
  Future<JsonObject> delete(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    return target(user, body).compose(target -> {
      ChatMessage message = target.message();
      if (!message.author().equals(user) && !user.equals(target.room().createdBy())) {
        throw ServiceException.forbidden("Only the author or the room's creator can delete a message");
      }
      if (message.deleted()) {
        return Future.succeededFuture(message.toReply(user));
      }
      return append(new TimelineEvent.Deleted(target.roomId(), message.id(), user, clock.millis()))
          .onSuccess(tombstone -> {
            LOG.info("{} deleted message {} in room {}", user, message.id(), target.roomId());
            if (message.media() != null) {
              removeMedia(message.media().id());
            }
          })
          .map(after -> after.toReply(user));
    });
  }

  Future<JsonObject> react(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String e = body.getValue("emoji") instanceof String given ? Emoji.canonical(given) : null;
    if (e == null) {
      throw ServiceException.badRequest("emoji must be a single emoji");
    }
    if (!(body.getValue("on") instanceof Boolean on)) {
      throw ServiceException.badRequest("on must be true or false");
    }
    return liveTarget(user, body).compose(target -> {
      limitRate(user);
      return append(new TimelineEvent.Reacted(target.roomId(), target.message().id(), user, e, on, clock.millis()))
          .map(after -> {
            // A toggle the fold left out although the message was not deleted: it already held every emoji it may.
            if (on && after.reactions().stream().noneMatch(r -> r.emoji().equals(e) && r.users().contains(user))) {
              throw ServiceException.conflict("A message holds at most " + ChangeFold.MAX_EMOJI + " different emoji");
            }
            return after.toReply(user);
          });
    });
  }

  private record Target(RoomRecord room, ChatMessage message) {
    String roomId() {
      return room.id();
    }
  }

  /** The message a request names, not deleted. */
  private Future<Target> liveTarget(String user, JsonObject body) {
    return target(user, body).map(target -> {
      requireNotDeleted(target.message());
      return target;
    });
  }

  private static void requireNotDeleted(ChatMessage message) {
    if (message.deleted()) {
      throw ServiceException.conflict("This message was deleted");
    }
  }

  /**
   * The message a request names. Who may change it and whether it is a media message never change, so the store's
   * current view answers at once; only a message it cannot see yet (just sent) waits until every message handed out
   * so far can be read. Whatever else the view may not show yet (a delete, an edit, a toggle) the fold settles when
   * the change is applied, so the handlers decide nothing on it but to answer early.
   */
  private Future<Target> target(String user, JsonObject body) {
    String roomId = Requests.requiredString(body, "roomId");
    String messageId = Requests.requiredString(body, "messageId");
    return membership.requireMember(roomId, user)
        .compose(room -> timeline.byId(room.id(), messageId)
            .compose(seen -> seen != null ? Future.succeededFuture(seen)
                : handedOutVisible.get().compose(v -> timeline.byId(room.id(), messageId)))
            .map(message -> new Target(room, message)))
        .map(target -> {
          if (target.message() == null) {
            throw ServiceException.notFound("No such message");
          }
          return target;
        });
  }

  /** Shares the sender's budget, on the wall clock as sends do. */
  private void limitRate(String user) {
    if (!rateLimiter.tryAcquire(user, System.currentTimeMillis())) {
      throw new ServiceException(429, "You are changing messages too fast; wait a moment");
    }
  }

  /**
   * Appends the change; answers with the message as this instance holds it once the change is visible. An edit or a
   * reaction that a delete overtook was dropped by the fold, and is answered as one made after the delete would be.
   */
  private Future<ChatMessage> append(TimelineEvent change) {
    String messageId = change.accept(ChangedMessage.ID);
    return log.send(Topics.MESSAGES, change.roomId(), change)
        .compose(log::applied)
        .compose(meta -> handedOutVisible.get())
        .compose(v -> timeline.byId(change.roomId(), messageId))
        .map(message -> {
          if (!(change instanceof TimelineEvent.Deleted)) {
            requireNotDeleted(message);
          }
          return message;
        });
  }

  /** The objects of a deleted message go from the store; a failure leaves them for the retention sweep. */
  private void removeMedia(String mediaId) {
    bus.request(Addresses.MEDIA_DELETE, new JsonObject().put("mediaId", mediaId))
        .onFailure(e -> LOG.warn("Could not remove media {} of a deleted message: {}", mediaId, e.getMessage()));
  }
}
