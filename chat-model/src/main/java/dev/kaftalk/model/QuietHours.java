package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One user's quiet-hours settings, as the REST contract shows them ({@code {enabled, zone, days, start, end,
 * snoozeUntil, skipUntil?, breakThrough}}) and as {@link Topics#QUIET_HOURS} stores them (plus {@code effectiveFrom}), and the one rule that
 * says whether the user is quiet at an instant. The chat service's live gate and the quiet-hours service's batches
 * both use {@link #quietAt}, so they agree on every instance.
 *
 * <p>A window opens at {@code start} on each listed day, in {@code zone}, and closes at the next {@code end}: a
 * 22:00-07:00 window on FRI runs into Saturday morning. Local times follow {@link ZonedDateTime#of}: a time that a
 * spring-forward gap skips moves forward by the gap (02:30 becomes 03:30), and a time that a fall-back overlap repeats
 * means its first occurrence.
 *
 * @param snoozeUntil   quiet until this epoch ms whatever {@code enabled} says; null for no snooze
 * @param skipUntil     the schedule is not quiet before this epoch ms: "Resume now" inside a window sets it to the
 *                      end of that window, which ends this one window and keeps the schedule; null for none
 * @param breakThrough  whose urgent messages may break through (the user's consent); a record without it has the default
 * @param effectiveFrom server-stamped epoch ms before which these settings claim nothing, so that switching quiet
 *                      hours on inside a window does not take back what was already delivered live
 */
public record QuietHours(boolean enabled, ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end,
                         Long snoozeUntil, Long skipUntil, BreakThrough breakThrough, long effectiveFrom) {

  /** What a user who never saved has. */
  public static final QuietHours DEFAULT = new QuietHours(false, ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class),
      LocalTime.of(22, 0), LocalTime.of(7, 0), null, null, BreakThrough.DEFAULT, 0);

  /** The codec of {@link Topics#QUIET_HOURS} values. */
  public static final Codec<QuietHours> CODEC = JsonCodec.of(QuietHours::toRecord, QuietHours::fromRecord);

  private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  /** Adjacent windows and a snooze can chain; a week of them is more than any schedule produces. */
  private static final int MAX_STEPS = 16;

  public QuietHours {
    days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
  }

  /** Reads a PUT body; every mistake is a 400 whose message says what is expected. */
  public static QuietHours fromRequest(JsonObject body) {
    if (!(body.getValue("enabled") instanceof Boolean enabled)) {
      throw ServiceException.badRequest("enabled must be true or false");
    }
    LocalTime start = time(body, "start");
    LocalTime end = time(body, "end");
    if (start.equals(end)) {
      throw ServiceException.badRequest("start and end must differ");
    }
    Object zone = body.getValue("zone");
    if (!(zone instanceof String id) || !ZoneId.getAvailableZoneIds().contains(id)) {
      throw ServiceException.badRequest("zone must be an IANA time zone id such as Europe/Berlin");
    }
    Set<DayOfWeek> days = days(body.getValue("days"));
    if (enabled && days.isEmpty()) {
      throw ServiceException.badRequest("days must name at least one day when quiet hours are enabled");
    }
    return new QuietHours(enabled, ZoneId.of((String) zone), days, start, end,
        epochMsOrNull(body.getValue("snoozeUntil"), "snoozeUntil"), epochMsOrNull(body.getValue("skipUntil"), "skipUntil"),
        BreakThrough.fromRequest(body.getValue("breakThrough")), 0);
  }

  /**
   * Reads a {@link Topics#QUIET_HOURS} record, which this class wrote.
   *
   * @throws UnreadableRecordException if it breaks a rule a PUT body must keep
   */
  public static QuietHours fromRecord(JsonObject json) {
    try {
      return fromRequest(json).withEffectiveFrom(json.getLong("effectiveFrom", 0L));
    } catch (ServiceException e) {
      throw new UnreadableRecordException("quiet-hours record: " + e.getMessage());
    }
  }

  public QuietHours withEffectiveFrom(long epochMs) {
    return new QuietHours(enabled, zone, days, start, end, snoozeUntil, skipUntil, breakThrough, epochMs);
  }

  /** The contract's view; {@code skipUntil} only when set. */
  public JsonObject toJson() {
    JsonArray dayNames = new JsonArray();
    days.forEach(d -> dayNames.add(shortName(d)));
    JsonObject json = new JsonObject().put("enabled", enabled).put("zone", zone.getId()).put("days", dayNames)
        .put("start", start.toString()).put("end", end.toString()).put("snoozeUntil", snoozeUntil)
        .put("breakThrough", breakThrough.toJson());
    return skipUntil == null ? json : json.put("skipUntil", skipUntil);
  }

  /** The value of the user's record in {@link Topics#QUIET_HOURS}. */
  public JsonObject toRecord() {
    return toJson().put("effectiveFrom", effectiveFrom);
  }

  /** Whether the user is quiet at {@code t} (epoch ms). */
  public boolean quietAt(long t) {
    return t >= effectiveFrom && (snoozed(t) || scheduled(t));
  }

  /** The end of the quiet stretch that contains {@code t} (exclusive); {@code t} itself when not quiet then. */
  public long quietUntil(long t) {
    long end = t;
    for (int step = 0; step < MAX_STEPS && quietAt(end); step++) {
      end = Math.max(snoozed(end) ? snoozeUntil : end, scheduled(end) ? windowEnd(end) : end);
    }
    return end;
  }

  /** The start of the quiet stretch that contains {@code t}; {@code t} itself when not quiet then. */
  public long quietSince(long t) {
    if (!quietAt(t)) {
      return t;
    }
    long since = t;
    for (int step = 0; step < MAX_STEPS; step++) {
      long open = snoozed(since) ? effectiveFrom : scheduled(since) ? windowStart(since) : since;
      since = Math.max(effectiveFrom, Math.min(since, open));
      if (since == effectiveFrom || !quietAt(since - 1)) {
        return since;
      }
      since = since - 1;
    }
    return since;
  }

  private boolean snoozed(long t) {
    return snoozeUntil != null && snoozeUntil > t;
  }

  /** Inside a window of the schedule, and not one skipped with "Resume now". */
  private boolean scheduled(long t) {
    return enabled && (skipUntil == null || skipUntil <= t) && windowEnd(t) > t;
  }

  /** The close of the window containing {@code t}, or {@code t} when none does. */
  private long windowEnd(long t) {
    long[] window = window(t);
    return window == null ? t : window[1];
  }

  private long windowStart(long t) {
    long[] window = window(t);
    return window == null ? t : window[0];
  }

  /** [open, close) of the window containing {@code t}: one opened the same local day or the day before. */
  private long[] window(long t) {
    LocalDate today = ZonedDateTime.ofInstant(Instant.ofEpochMilli(t), zone).toLocalDate();
    for (LocalDate day : new LocalDate[] {today.minusDays(1), today}) {
      if (!days.contains(day.getDayOfWeek())) {
        continue;
      }
      long open = ZonedDateTime.of(day, start, zone).toInstant().toEpochMilli();
      LocalDate closeDay = end.isAfter(start) ? day : day.plusDays(1);
      long close = ZonedDateTime.of(closeDay, end, zone).toInstant().toEpochMilli();
      if (open <= t && t < close) {
        return new long[] {open, close};
      }
    }
    return null;
  }

  private static LocalTime time(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String s) || !HH_MM.matcher(s).matches()) {
      throw ServiceException.badRequest(field + " must be a time HH:mm between 00:00 and 23:59");
    }
    return LocalTime.parse(s);
  }

  private static Long epochMsOrNull(Object value, String field) {
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw ServiceException.badRequest(field + " must be null or epoch milliseconds");
  }

  private static Set<DayOfWeek> days(Object value) {
    String message = "days must be a list of MON, TUE, WED, THU, FRI, SAT, SUN";
    if (!(value instanceof JsonArray list)) {
      throw ServiceException.badRequest(message);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object name : list) {
      DayOfWeek day = name instanceof String s ? dayNamed(s) : null;
      if (day == null) {
        throw ServiceException.badRequest(message);
      }
      days.add(day);
    }
    return days;
  }

  private static String shortName(DayOfWeek day) {
    return day.name().substring(0, 3);
  }

  private static DayOfWeek dayNamed(String name) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (shortName(day).equals(name)) {
        return day;
      }
    }
    return null;
  }
}
