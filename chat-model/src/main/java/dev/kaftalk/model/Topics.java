package dev.kaftalk.model;

import java.util.List;

/** The Kafka topics Kaftalk owns. Values are JSON objects serialized as UTF-8 strings. */
public final class Topics {

  private Topics() {
  }

  /**
   * Key: username. Value: {@code {username, passwordHash, createdAt, sessionsValidAfter?}}. Compacted: the account
   * registry, and since when the user's sessions are valid.
   */
  public static final String ACCOUNTS = "chat.accounts";

  /** Key: room id. Value: {@code {id, name, createdBy, createdAt}}. Compacted: the room registry. */
  public static final String ROOMS = "chat.rooms";

  /** Key: {@code roomId/username}. Value: {@code {roomId, username, member, ts}}. Compacted: who belongs where. */
  public static final String MEMBERSHIPS = "chat.memberships";

  /**
   * Key: room id, so each room keeps one order. Value: a timeline event {@code {type:"message"|"joined"|"left", ...}}.
   * Delete retention: history goes back as far as Kafka keeps it.
   */
  public static final String MESSAGES = "chat.messages";

  /**
   * Key: room id for typing, username for presence. Value: {@code {type:"typing"|"presence", ...}}. Short
   * retention: these signals only matter for seconds, and instances read it from its end.
   */
  public static final String SIGNALS = "chat.signals";

  /** Key: username. Value: quiet-hours settings {@code {enabled, zone, days, start, end, snoozeUntil}}. Compacted. */
  public static final String QUIET_HOURS = "dnd.quiet-hours";

  /** Every topic with the clean-up policy it is created with. */
  public static final List<TopicSpec> ALL = List.of(
      TopicSpec.compacted(ACCOUNTS),
      TopicSpec.compacted(ROOMS),
      TopicSpec.compacted(MEMBERSHIPS),
      TopicSpec.timeline(MESSAGES),
      TopicSpec.signals(SIGNALS),
      TopicSpec.compacted(QUIET_HOURS));
}
