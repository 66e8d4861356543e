package dev.kaftalk.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttemptRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AttemptRateLimiter limiter = new AttemptRateLimiter(3, now::get);

  @Test
  void aUsernameIsLimitedAcrossAddressesUntilItsWindowEnds() {
    assertEquals(0, limiter.tryAcquire("10.0.0.1", "alice"));
    assertEquals(0, limiter.tryAcquire("10.0.0.2", "Alice"));
    assertEquals(0, limiter.tryAcquire("10.0.0.3", "alice"));
    now.addAndGet(20_000);
    assertEquals(40, limiter.tryAcquire("10.0.0.4", "alice"));
    assertEquals(0, limiter.tryAcquire("10.0.0.4", "bob"));
    now.addAndGet(40_000);
    assertEquals(0, limiter.tryAcquire("10.0.0.4", "alice"));
  }

  @Test
  void anAddressIsLimitedAcrossUsernamesAndRefusedAttemptsDoNotCount() {
    for (String user : new String[] {"a", "b", "c"}) {
      assertEquals(0, limiter.tryAcquire("10.0.0.9", user));
    }
    assertEquals(60, limiter.tryAcquire("10.0.0.9", "d"));
    assertEquals(0, limiter.tryAcquire("10.0.0.8", "d"), "the refused attempt did not count against d");
  }

  @Test
  void aNameCountsAsOneWhateverItsCaseAndTheSpacesAroundIt() {
    assertEquals(0, limiter.tryAcquire("10.0.0.1", "dora"));
    assertEquals(0, limiter.tryAcquire("10.0.0.2", " Dora"));
    assertEquals(0, limiter.tryAcquire("10.0.0.3", "DORA" + " ".repeat(70)));
    assertEquals(60, limiter.tryAcquire("10.0.0.4", "dora\t"));
  }

  @Test
  void aRefundedAttemptIsGivenBackToItsAddressAndUsernameButNoMore() {
    for (int i = 0; i < 5; i++) {
      assertEquals(0, limiter.tryAcquire("10.0.0.6", "carol"), "attempt " + i);
      limiter.refund("10.0.0.6", "carol");
    }
    limiter.refund("10.0.0.6", "carol");
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.tryAcquire("10.0.0.6", "carol"));
    }
    assertEquals(60, limiter.tryAcquire("10.0.0.6", "carol"), "a refund with nothing counted is not credit");
  }

  @Test
  void purgeForgetsFinishedWindows() {
    for (int i = 0; i < 3; i++) {
      limiter.tryAcquire("10.0.0.7", "eve");
    }
    now.addAndGet(60_000);
    limiter.purge();
    assertEquals(0, limiter.tryAcquire("10.0.0.7", "eve"));
  }
}
