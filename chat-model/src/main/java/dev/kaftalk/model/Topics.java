package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** The Kafka topics Kaftalk owns, each with the codecs of its keys and values. Values are JSON objects as UTF-8. */
public final class Topics {

  private Topics() {
  }

  /**
   * Key: username. Value: {@link AccountRecord} {@code {username, passwordHash, passwordVersion, createdAt,
   * sessionsValidAfter?}}. Compacted: the account registry, and since when the user's sessions are valid.
   */
  public static final Topic<String, AccountRecord> ACCOUNTS =
      new Topic<>(TopicSpec.compacted("chat.accounts"), Codec.STRING, AccountRecord.CODEC);

  /** Key: room id. Value: {@link RoomRecord} {@code {id, name, createdBy, createdAt}}. Compacted: the room registry. */
  public static final Topic<String, RoomRecord> ROOMS =
      new Topic<>(TopicSpec.compacted("chat.rooms"), Codec.STRING, RoomRecord.CODEC);

  /**
   * Key: {@link MembershipKey} {@code roomId/username}. Value: {@link MembershipRecord} {@code {roomId, username,
   * member, ts}}. Compacted: who belongs where.
   */
  public static final Topic<MembershipKey, MembershipRecord> MEMBERSHIPS =
      new Topic<>(TopicSpec.compacted("chat.memberships"), MembershipKey.CODEC, MembershipRecord.CODEC);

  /**
   * Key: room id, so each room keeps one order. Value: a {@link TimelineEvent} {@code {type:"message"|"joined"|"left",
   * ...}}. Delete retention: history goes back as far as Kafka keeps it.
   */
  public static final Topic<String, TimelineEvent> MESSAGES =
      new Topic<>(TopicSpec.timeline("chat.messages"), Codec.STRING, TimelineEvent.CODEC);

  /**
   * Key: room id for typing, username for presence. Value: {@code {type:"typing"|"presence", ...}}. Short
   * retention: these signals only matter for seconds, and instances read it from its end.
   */
  public static final Topic<String, JsonObject> SIGNALS =
      new Topic<>(TopicSpec.signals("chat.signals"), Codec.STRING, JsonCodec.OBJECT);

  /**
   * Key: username. Value: {@link QuietHours} settings {@code {enabled, zone, days, start, end, snoozeUntil,
   * effectiveFrom}}. Compacted.
   */
  public static final Topic<String, QuietHours> QUIET_HOURS =
      new Topic<>(TopicSpec.compacted("dnd.quiet-hours"), Codec.STRING, QuietHours.CODEC);

  /**
   * Key: {@link MembershipKey} {@code roomId/username}. Value: {@link ReadPosition} {@code {roomId, username, cursor,
   * ts}}. Compacted: how far each user has read in each room, the same on every device and instance.
   */
  public static final Topic<MembershipKey, ReadPosition> READ_POSITIONS =
      new Topic<>(TopicSpec.compacted("chat.read-positions"), MembershipKey.CODEC, ReadPosition.CODEC);

  /**
   * Key: {@link MembershipKey} {@code roomId/username}. Value: {@link NotificationSetting} {@code {roomId, username,
   * level, muteUntil, ts}}. Compacted: each user's notification level per room, synced across devices.
   */
  public static final Topic<MembershipKey, NotificationSetting> NOTIFICATION_LEVELS =
      new Topic<>(TopicSpec.compacted("chat.notification-levels"), MembershipKey.CODEC, NotificationSetting.CODEC);

  /** Every topic with the clean-up policy it is created with. */
  public static final List<TopicSpec> ALL = List.of(ACCOUNTS.spec(), ROOMS.spec(), MEMBERSHIPS.spec(),
      MESSAGES.spec(), SIGNALS.spec(), QUIET_HOURS.spec(), READ_POSITIONS.spec(),
      NOTIFICATION_LEVELS.spec());
}
