package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * Whose urgent messages may break through a user's quiet hours, the user's own consent: {@code {from, maxPerSenderPerDay}}
 * in the quiet-hours settings. Nobody's by default; a muted room (level none) is never pierced whatever this says
 * ({@link Attention}).
 *
 * @param maxPerSenderPerDay how many urgent messages one sender may push through to this user per UTC day
 */
public record BreakThrough(From from, int maxPerSenderPerDay) {

  /** Who may: nobody, senders of direct messages, or anyone who mentions the user or writes to them directly. */
  public enum From {
    NOBODY, DM, ANYONE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a user who never chose has. */
  public static final BreakThrough DEFAULT = new BreakThrough(From.NOBODY, 3);
  /** The highest daily quota a user may give one sender. */
  public static final int MAX_PER_DAY = 100;

  /**
   * Reads the {@code breakThrough} field of a PUT body or record; absent or null means {@link #DEFAULT}.
   *
   * @throws ServiceException 400 saying what is expected
   */
  public static BreakThrough fromRequest(Object value) {
    if (value == null) {
      return DEFAULT;
    }
    String expected = "breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-" + MAX_PER_DAY + "}";
    if (!(value instanceof JsonObject json) || !(json.getValue("from") instanceof String name)) {
      throw ServiceException.badRequest(expected);
    }
    From from = null;
    for (From candidate : From.values()) {
      if (candidate.wire().equals(name)) {
        from = candidate;
      }
    }
    Object max = json.getValue("maxPerSenderPerDay", DEFAULT.maxPerSenderPerDay);
    if (from == null || !(max instanceof Integer || max instanceof Long)
        || ((Number) max).longValue() < 1 || ((Number) max).longValue() > MAX_PER_DAY) {
      throw ServiceException.badRequest(expected);
    }
    return new BreakThrough(from, ((Number) max).intValue());
  }

  /** Whether an urgent message of this kind may break through: a direct message, or else a mention. */
  public boolean allows(boolean dm) {
    return from == From.ANYONE || from == From.DM && dm;
  }

  public JsonObject toJson() {
    return new JsonObject().put("from", from.wire()).put("maxPerSenderPerDay", maxPerSenderPerDay);
  }
}
