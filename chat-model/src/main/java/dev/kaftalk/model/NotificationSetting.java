package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * One user's notification level in one room, as {@link Topics#NOTIFICATION_LEVELS} holds it: {@code {roomId,
 * username, level, muteUntil, ts}}, keyed like a membership so compaction keeps the latest.
 *
 * @param muteUntil until this epoch ms the room notifies nothing, whatever {@code level} says; null for no mute
 * @param ts        epoch ms of the change
 */
public record NotificationSetting(String roomId, String username, NotificationLevel level, Long muteUntil, long ts) {

  public static final Codec<NotificationSetting> CODEC = JsonCodec.of(
      s -> new JsonObject().put("roomId", s.roomId).put("username", s.username).put("level", s.level.wire())
          .put("muteUntil", s.muteUntil).put("ts", s.ts),
      NotificationSetting::fromRecord);

  /** What a user who never chose has, in a room or a direct message alike. */
  public static NotificationSetting standard(String roomId, String username) {
    return new NotificationSetting(roomId, username, NotificationLevel.ALL, null, 0);
  }

  private static NotificationSetting fromRecord(JsonObject json) {
    NotificationLevel level;
    try {
      level = NotificationLevel.fromRequest(json.getValue("level"));
    } catch (ServiceException e) {
      throw new UnreadableRecordException("notification setting with an unknown level");
    }
    Object muteUntil = json.getValue("muteUntil");
    if (muteUntil != null && !(muteUntil instanceof Number)) {
      throw new UnreadableRecordException("notification setting whose muteUntil is not epoch ms");
    }
    return new NotificationSetting(JsonCodec.required(json, "roomId"), JsonCodec.required(json, "username"), level,
        muteUntil == null ? null : ((Number) muteUntil).longValue(), json.getLong("ts", 0L));
  }

  public MembershipKey key() {
    return new MembershipKey(roomId, username);
  }

  /** The level in force at {@code epochMs}: {@link NotificationLevel#NONE} while muted. */
  public NotificationLevel levelAt(long epochMs) {
    return muteUntil != null && epochMs < muteUntil ? NotificationLevel.NONE : level;
  }

  /** The REST and frame shape: {@code {level, muteUntil}}. */
  public JsonObject toJson() {
    return new JsonObject().put("level", level.wire()).put("muteUntil", muteUntil);
  }
}
