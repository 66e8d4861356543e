package dev.kaftalk.chat;

import dev.kaftalk.model.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quota counts per (sender, recipient, UTC day) from the applied urgent events, and what is kept. */
class UrgentLedgerTest {

  private static final long LATE_MONDAY = Instant.parse("2026-11-23T23:59:00Z").toEpochMilli();
  private static final long EARLY_TUESDAY = Instant.parse("2026-11-24T00:01:00Z").toEpochMilli();

  @Test
  void countsPerSenderRecipientAndUtcDay() {
    UrgentLedger ledger = new UrgentLedger();
    ledger.apply(new TimelineEvent.Urgent("r1", "m1", "sam", List.of("bob", "cy"), "mention", LATE_MONDAY));
    ledger.apply(new TimelineEvent.Urgent("r2", "m2", "sam", List.of("bob"), "dm", LATE_MONDAY));
    assertEquals(2, ledger.used("sam", "bob", LATE_MONDAY));
    assertEquals(1, ledger.used("sam", "cy", LATE_MONDAY));
    assertEquals(0, ledger.used("cy", "bob", LATE_MONDAY), "another sender has their own count");
    assertEquals(0, ledger.used("sam", "bob", EARLY_TUESDAY), "a new UTC day starts at zero");
    assertTrue(ledger.granted("bob", "m2"));
    assertFalse(ledger.granted("cy", "m2"));
  }

  @Test
  void anEventAppliedTwiceCountsOnce() {
    UrgentLedger ledger = new UrgentLedger();
    TimelineEvent.Urgent urgent = new TimelineEvent.Urgent("r1", "m1", "sam", List.of("bob"), "dm", LATE_MONDAY);
    ledger.apply(urgent);
    ledger.apply(urgent);
    assertEquals(1, ledger.used("sam", "bob", LATE_MONDAY), "loaded from the store and read live after a start");
  }

  @Test
  void keepsFromTheStartOfYesterday() {
    assertEquals(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli(), UrgentLedger.keptFrom(EARLY_TUESDAY));
  }

  @Test
  void forgetsWhatIsOlderThanYesterday() {
    UrgentLedger ledger = new UrgentLedger();
    ledger.apply(new TimelineEvent.Urgent("r1", "m1", "sam", List.of("bob"), "dm", LATE_MONDAY));
    ledger.forgetOld(EARLY_TUESDAY);
    assertTrue(ledger.granted("bob", "m1"), "yesterday's grants are kept");
    ledger.forgetOld(EARLY_TUESDAY + 24 * 3_600_000L);
    assertFalse(ledger.granted("bob", "m1"));
    assertEquals(0, ledger.used("sam", "bob", LATE_MONDAY));
  }
}
