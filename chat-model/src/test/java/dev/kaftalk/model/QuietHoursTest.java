package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule rule the live gate and the batches share, and the settings' validation. 2026-11-23 is a Monday. */
class QuietHoursTest {

  @ParameterizedTest(name = "{0} {1} {2}-{3} enabled={4} snooze={5} at {6}: quiet={7}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # far east (UTC+14): Monday 22:30 local is 08:30Z; the window runs into Tuesday 07:00 local
      Pacific/Kiritimati | MON         | 22:00 | 07:00 | true  | -                        | 2026-11-23T08:30:00Z | true
      Pacific/Kiritimati | MON         | 22:00 | 07:00 | true  | -                        | 2026-11-23T07:59:59Z | false
      Pacific/Kiritimati | MON         | 22:00 | 07:00 | true  | -                        | 2026-11-23T16:59:59Z | true
      Pacific/Kiritimati | MON         | 22:00 | 07:00 | true  | -                        | 2026-11-23T17:00:00Z | false
      # far west (UTC-11): Friday 22:00 local is Saturday 09:00Z; Saturday is not listed
      Pacific/Pago_Pago  | FRI         | 22:00 | 07:00 | true  | -                        | 2026-11-28T08:59:59Z | false
      Pacific/Pago_Pago  | FRI         | 22:00 | 07:00 | true  | -                        | 2026-11-28T09:00:00Z | true
      Pacific/Pago_Pago  | FRI         | 22:00 | 07:00 | true  | -                        | 2026-11-28T17:59:59Z | true
      Pacific/Pago_Pago  | FRI         | 22:00 | 07:00 | true  | -                        | 2026-11-29T09:30:00Z | false
      # day-of-week edges: Sunday's window runs into Monday, Monday has none of its own
      UTC                | SUN         | 22:00 | 07:00 | true  | -                        | 2026-11-22T21:59:59Z | false
      UTC                | SUN         | 22:00 | 07:00 | true  | -                        | 2026-11-22T22:00:00Z | true
      UTC                | SUN         | 22:00 | 07:00 | true  | -                        | 2026-11-23T06:59:59Z | true
      UTC                | SUN         | 22:00 | 07:00 | true  | -                        | 2026-11-23T22:30:00Z | false
      UTC                | MON,TUE,WED,THU,FRI | 09:00 | 17:00 | true | -            | 2026-11-27T16:59:59Z | true
      UTC                | MON,TUE,WED,THU,FRI | 09:00 | 17:00 | true | -            | 2026-11-27T17:00:00Z | false
      UTC                | MON,TUE,WED,THU,FRI | 09:00 | 17:00 | true | -            | 2026-11-28T10:00:00Z | false
      # spring forward in Berlin (2026-03-29, 02:00 -> 03:00): a 02:30 start moves to 03:30 CEST = 01:30Z
      Europe/Berlin      | SUN         | 02:30 | 06:00 | true  | -                        | 2026-03-29T01:15:00Z | false
      Europe/Berlin      | SUN         | 02:30 | 06:00 | true  | -                        | 2026-03-29T01:30:00Z | true
      Europe/Berlin      | SUN         | 02:30 | 06:00 | true  | -                        | 2026-03-29T03:59:59Z | true
      Europe/Berlin      | SUN         | 02:30 | 06:00 | true  | -                        | 2026-03-29T04:00:00Z | false
      # fall back in New York (2026-11-01, 02:00 EDT -> 01:00 EST): 01:30 is the first one, EDT = 05:30Z
      America/New_York   | SUN         | 01:30 | 05:00 | true  | -                        | 2026-11-01T05:29:59Z | false
      America/New_York   | SUN         | 01:30 | 05:00 | true  | -                        | 2026-11-01T05:30:00Z | true
      America/New_York   | SUN         | 01:30 | 05:00 | true  | -                        | 2026-11-01T06:15:00Z | true
      America/New_York   | SUN         | 01:30 | 05:00 | true  | -                        | 2026-11-01T09:59:59Z | true
      America/New_York   | SUN         | 01:30 | 05:00 | true  | -                        | 2026-11-01T10:00:00Z | false
      # a snooze overrides a disabled schedule, and ends exactly at snoozeUntil
      UTC                | MON         | 22:00 | 07:00 | false | 2026-11-23T12:00:00Z     | 2026-11-23T11:59:59Z | true
      UTC                | MON         | 22:00 | 07:00 | false | 2026-11-23T12:00:00Z     | 2026-11-23T12:00:00Z | false
      # a disabled schedule alone is never quiet
      UTC                | MON         | 22:00 | 07:00 | false | -                        | 2026-11-23T23:00:00Z | false
      """)
  void quietAtFollowsTheSchedule(String zone, String days, String start, String end, boolean enabled, String snooze,
                                 String at, boolean quiet) {
    QuietHours settings = settings(zone, days, start, end, enabled, snooze == null ? null : ms(snooze));
    assertEquals(quiet, settings.quietAt(ms(at)));
  }

  @Test
  void quietUntilIsTheEndOfTheStretchAcrossASnoozeRunningIntoAWindow() {
    QuietHours windowOnly = settings("Pacific/Kiritimati", "MON", "22:00", "07:00", true, null);
    assertEquals(ms("2026-11-23T17:00:00Z"), windowOnly.quietUntil(ms("2026-11-23T08:30:00Z")));
    QuietHours snoozeIntoWindow = settings("UTC", "MON", "22:00", "07:00", true, ms("2026-11-23T22:30:00Z"));
    assertEquals(ms("2026-11-24T07:00:00Z"), snoozeIntoWindow.quietUntil(ms("2026-11-23T21:00:00Z")));
    assertEquals(ms("2026-11-23T18:00:00Z"), windowOnly.quietUntil(ms("2026-11-23T18:00:00Z")), "not quiet: itself");
  }

  @Test
  void quietSinceStartsAtTheWindowButNeverBeforeTheSettingsTookEffect() {
    QuietHours window = settings("UTC", "MON", "22:00", "07:00", true, null);
    assertEquals(ms("2026-11-23T22:00:00Z"), window.quietSince(ms("2026-11-24T03:00:00Z")));
    QuietHours enabledLate = window.withEffectiveFrom(ms("2026-11-23T23:00:00Z"));
    assertEquals(ms("2026-11-23T23:00:00Z"), enabledLate.quietSince(ms("2026-11-24T03:00:00Z")));
    assertEquals(false, enabledLate.quietAt(ms("2026-11-23T22:30:00Z")), "delivered live before it was enabled");
  }

  @Test
  void skipUntilEndsTheWindowItSkipsKeepsTheNextAndASnoozeStillHolds() {
    JsonObject schedule = settings("UTC", "MON,TUE", "22:00", "07:00", true, null).toJson();
    QuietHours skipped = QuietHours.fromRequest(schedule.copy().put("skipUntil", ms("2026-11-24T07:00:00Z")));
    assertFalse(skipped.quietAt(ms("2026-11-23T23:00:00Z")), "the skipped window");
    assertTrue(skipped.quietAt(ms("2026-11-24T22:30:00Z")), "the next window");
    assertEquals(ms("2026-11-25T07:00:00Z"), skipped.quietUntil(ms("2026-11-24T22:30:00Z")));
    assertEquals(ms("2026-11-24T22:00:00Z"), skipped.quietSince(ms("2026-11-24T23:00:00Z")));
    QuietHours snoozedToo = QuietHours.fromRequest(schedule.copy().put("skipUntil", ms("2026-11-24T07:00:00Z"))
        .put("snoozeUntil", ms("2026-11-24T00:00:00Z")));
    assertTrue(snoozedToo.quietAt(ms("2026-11-23T23:00:00Z")), "a snooze is not skipped");
    assertEquals(ms("2026-11-24T00:00:00Z"), snoozedToo.quietUntil(ms("2026-11-23T23:00:00Z")),
        "the snooze's end, not the skipped window's");
    assertEquals(ms("2026-11-24T07:00:00Z"), skipped.toJson().getLong("skipUntil"));
  }

  @Test
  void storedRecordKeepsEveryFieldAndTheContractViewHidesEffectiveFrom() {
    QuietHours stored = settings("Europe/Berlin", "MON,SUN", "22:00", "07:00", true, 123L).withEffectiveFrom(42);
    assertEquals(stored, QuietHours.fromRecord(new JsonObject(stored.toRecord().encode())));
    assertEquals(new JsonObject("{\"enabled\":true,\"zone\":\"Europe/Berlin\",\"days\":[\"MON\",\"SUN\"],"
        + "\"start\":\"22:00\",\"end\":\"07:00\",\"snoozeUntil\":123,"
        + "\"breakThrough\":{\"from\":\"nobody\",\"maxPerSenderPerDay\":3}}"), stored.toJson());
    assertEquals(new JsonObject("{\"enabled\":false,\"zone\":\"UTC\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\","
        + "\"FRI\",\"SAT\",\"SUN\"],\"start\":\"22:00\",\"end\":\"07:00\",\"snoozeUntil\":null,"
        + "\"breakThrough\":{\"from\":\"nobody\",\"maxPerSenderPerDay\":3}}"),
        QuietHours.DEFAULT.toJson());
  }

  @Test
  void breakThroughIsReadWithItsDefaultsAndARecordWithoutItHasNobody() {
    JsonObject body = settings("UTC", "MON", "22:00", "07:00", true, null).toJson();
    assertEquals(new BreakThrough(BreakThrough.From.ANYONE, 3),
        QuietHours.fromRequest(body.copy().put("breakThrough", new JsonObject().put("from", "anyone"))).breakThrough());
    assertEquals(new BreakThrough(BreakThrough.From.DM, 7), QuietHours.fromRequest(body.copy()
        .put("breakThrough", new JsonObject().put("from", "dm").put("maxPerSenderPerDay", 7))).breakThrough());
    body.remove("breakThrough");
    assertEquals(BreakThrough.DEFAULT, QuietHours.fromRecord(body.put("effectiveFrom", 5)).breakThrough());
    assertTrue(new BreakThrough(BreakThrough.From.ANYONE, 1).allows(false));
    assertTrue(new BreakThrough(BreakThrough.From.DM, 1).allows(true));
    assertFalse(new BreakThrough(BreakThrough.From.DM, 1).allows(false), "a mention is no DM");
    assertFalse(BreakThrough.DEFAULT.allows(true));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      start       | "24:00"        | start must be a time HH:mm between 00:00 and 23:59
      end         | "7:00"         | end must be a time HH:mm between 00:00 and 23:59
      end         | "22:00"        | start and end must differ
      zone        | "Mars/Olympus" | zone must be an IANA time zone id such as Europe/Berlin
      zone        | "+02:00"       | zone must be an IANA time zone id such as Europe/Berlin
      days        | ["MON","XYZ"]  | days must be a list of MON, TUE, WED, THU, FRI, SAT, SUN
      days        | "MON"          | days must be a list of MON, TUE, WED, THU, FRI, SAT, SUN
      days        | []             | days must name at least one day when quiet hours are enabled
      enabled     | "yes"          | enabled must be true or false
      snoozeUntil | "tomorrow"     | snoozeUntil must be null or epoch milliseconds
      snoozeUntil | 1.5            | snoozeUntil must be null or epoch milliseconds
      snoozeUntil | -1             | snoozeUntil must be null or epoch milliseconds
      skipUntil   | "later"        | skipUntil must be null or epoch milliseconds
      skipUntil   | 2.5            | skipUntil must be null or epoch milliseconds
      skipUntil   | -5             | skipUntil must be null or epoch milliseconds
      skipUntil   | true           | skipUntil must be null or epoch milliseconds
      breakThrough | "dm"                                      | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"from":"everyone"}                       | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"maxPerSenderPerDay":3}                  | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"from":"dm","maxPerSenderPerDay":0}      | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"from":"dm","maxPerSenderPerDay":101}    | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"from":"dm","maxPerSenderPerDay":2.5}    | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      breakThrough | {"from":"dm","maxPerSenderPerDay":"3"}    | breakThrough must be {from: nobody, dm or anyone; maxPerSenderPerDay: 1-100}
      """)
  void badSettingsAreRefusedWithWhatIsExpected(String field, String json, String message) {
    JsonObject body = settings("UTC", "MON", "22:00", "07:00", true, null).toJson();
    body.put(field, new JsonObject("{\"v\":" + json + "}").getValue("v"));
    ServiceException e = assertThrows(ServiceException.class, () -> QuietHours.fromRequest(body));
    assertEquals(400, e.status);
    assertEquals(message, e.getMessage());
  }

  private static QuietHours settings(String zone, String days, String start, String end, boolean enabled,
                                     Long snoozeUntil) {
    return QuietHours.fromRequest(new JsonObject().put("enabled", enabled).put("zone", zone)
        .put("days", new JsonArray(Arrays.asList((Object[]) days.split(",")))).put("start", start).put("end", end)
        .put("snoozeUntil", snoozeUntil));
  }

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
