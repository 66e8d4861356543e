package dev.kaftalk.chat;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * The chat service's limits: config key {@code chat}. Every key is optional; the defaults are the product's.
 *
 * @param maxTextChars           longest message text after trimming
 * @param maxRoomNameChars       longest room name after trimming
 * @param messagesPerSecond      sustained sends per user
 * @param messageBurst           sends per user allowed at once before the sustained rate applies
 * @param historyDefaultLimit    page size when a history request names none
 * @param historyMaxLimit        largest page a history request may ask for
 * @param passwordIterations     PBKDF2-HMAC-SHA512 iterations for new password hashes
 * @param maxPendingSignups      new passwords (sign-ups and password changes) hashing at once on this instance; more
 *                               are refused with 503
 * @param typingThrottleMs       at most one typing signal per user and room in this interval
 * @param presenceHeartbeatMs    how often an instance announces its online users
 * @param presenceExpiryMs       an instance silent this long is taken as gone, with its users
 * @param applyTimeoutMs         how long a request waits for Kafka to acknowledge and this instance to apply its write
 * @param historyDir             where this instance keeps its history store (required; the launcher fills in
 *                               {@code DATA_DIR/history})
 * @param historyCommitMs        how often the history store makes what it applied durable; a restart re-reads at
 *                               most this much of the topic
 * @param historyRetentionCheckMs how often the history store drops what Kafka's retention dropped
 * @param search                 search limits ({@code chat.search})
 * @param editWindowMinutes      how long after sending its author may edit a message; negative: no limit, 0: never
 * @param roomMentionMax         {@code @room} works in rooms of at most this many members
 * @param urgentPerMinute        urgent requests ("notify anyway") per user and minute on one instance, all at once at most
 */
record ChatSettings(int maxTextChars, int maxRoomNameChars, int messagesPerSecond, int messageBurst,
                    int historyDefaultLimit, int historyMaxLimit, int passwordIterations,
                    int maxPendingSignups, long typingThrottleMs, long presenceHeartbeatMs, long presenceExpiryMs, long applyTimeoutMs,
                    String historyDir, long historyCommitMs, long historyRetentionCheckMs, SearchSettings search,
                    int editWindowMinutes, int roomMentionMax, int urgentPerMinute) {

  ChatSettings {
    positive("chat.maxTextChars", maxTextChars);
    positive("chat.maxRoomNameChars", maxRoomNameChars);
    positive("chat.messagesPerSecond", messagesPerSecond);
    positive("chat.messageBurst", messageBurst);
    positive("chat.historyMaxLimit", historyMaxLimit);
    if (historyDefaultLimit < 1 || historyDefaultLimit > historyMaxLimit) {
      throw new ConfigException("chat.historyDefaultLimit must be between 1 and chat.historyMaxLimit ("
          + historyMaxLimit + "), got " + historyDefaultLimit);
    }
    positive("chat.passwordIterations", passwordIterations);
    positive("chat.maxPendingSignups", maxPendingSignups);
    positive("chat.typingThrottleMs", typingThrottleMs);
    positive("chat.presenceHeartbeatMs", presenceHeartbeatMs);
    if (presenceExpiryMs <= presenceHeartbeatMs) {
      throw new ConfigException("chat.presenceExpiryMs must be longer than chat.presenceHeartbeatMs ("
          + presenceHeartbeatMs + "), got " + presenceExpiryMs);
    }
    positive("chat.applyTimeoutMs", applyTimeoutMs);
    if (historyDir == null || historyDir.isBlank()) {
      throw new ConfigException("chat.historyDir is required");
    }
    positive("chat.historyCommitMs", historyCommitMs);
    positive("chat.historyRetentionCheckMs", historyRetentionCheckMs);
    positive("chat.roomMentionMax", roomMentionMax);
    positive("chat.urgentPerMinute", urgentPerMinute);
  }

  static ChatSettings fromJson(JsonObject json) {
    JsonObject c = json == null ? new JsonObject() : json;
    return new ChatSettings(
        c.getInteger("maxTextChars", 4000),
        c.getInteger("maxRoomNameChars", 64),
        c.getInteger("messagesPerSecond", 5),
        c.getInteger("messageBurst", 10),
        c.getInteger("historyDefaultLimit", 50),
        c.getInteger("historyMaxLimit", 200),
        // OWASP's 2023 figure for PBKDF2-HMAC-SHA512.
        c.getInteger("passwordIterations", 210_000),
        // Two cores hash two passwords at a time; a few more wait, the rest are told to come back.
        c.getInteger("maxPendingSignups", 4),
        c.getLong("typingThrottleMs", 1000L),
        c.getLong("presenceHeartbeatMs", 10_000L),
        c.getLong("presenceExpiryMs", 30_000L),
        c.getLong("applyTimeoutMs", 10_000L),
        c.getString("historyDir"),
        c.getLong("historyCommitMs", 5_000L),
        c.getLong("historyRetentionCheckMs", 60_000L),
        SearchSettings.fromJson(c.getJsonObject("search")),
        // Like Slack's default: an author may fix a typo whenever they notice it.
        c.getInteger("editWindowMinutes", -1),
        // Calling everyone in a big room is how a whole company gets pinged by mistake.
        c.getInteger("roomMentionMax", 50),
        // The recipient's own quota bounds what gets through; this bounds how often anyone may ask.
        c.getInteger("urgentPerMinute", 10));
  }

  /** Negative for no limit. */
  long editWindowMs() {
    return editWindowMinutes < 0 ? -1 : editWindowMinutes * 60_000L;
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new ConfigException(key + " must be positive, got " + value);
    }
  }
}
