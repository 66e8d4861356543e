package dev.kaftalk.chat;

import dev.kaftalk.model.NotificationLevel;
import dev.kaftalk.model.NotificationSetting;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;

/** {@code PUT /api/rooms/{id}/notifications}: a member chooses how much of a room may notify them. */
final class NotificationRequests {

  /** A mute is for a while ("for 8 hours", "for a day"); for good, the level is {@code none}. */
  static final long MAX_MUTE_MS = Duration.ofDays(366).toMillis();

  private final Membership membership;
  private final EventLog log;
  private final Clock clock;

  NotificationRequests(Membership membership, EventLog log, Clock clock) {
    this.membership = membership;
    this.log = log;
    this.clock = clock;
  }

  /** Stores the level once it is in Kafka and applied on this instance; answers {@code {roomId, level, muteUntil}}. */
  Future<JsonObject> put(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = Requests.requiredString(body, "roomId");
    NotificationLevel level = NotificationLevel.fromRequest(body.getValue("level"));
    long now = clock.millis();
    Long muteUntil = muteUntil(body.getValue("muteUntil"), now);
    return membership.requireMember(roomId, user).compose(room -> {
      NotificationSetting setting = new NotificationSetting(room.id(), user, level, muteUntil, now);
      return log.append(Topics.NOTIFICATION_LEVELS, setting.key(), setting).map(v -> setting.toJson().put("roomId", room.id()));
    });
  }

  private static Long muteUntil(Object value, long now) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw ServiceException.badRequest("muteUntil must be null or epoch milliseconds");
    }
    long until = number.longValue();
    if (until <= now || until - now > MAX_MUTE_MS) {
      throw ServiceException.badRequest("muteUntil must be in the future and at most 366 days ahead "
          + "(level \"none\" mutes a room for good)");
    }
    return until;
  }
}
