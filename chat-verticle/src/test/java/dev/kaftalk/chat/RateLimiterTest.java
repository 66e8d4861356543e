package dev.kaftalk.chat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

  @Test
  void allowsTheBurstThenTheSustainedRate() {
    RateLimiter limiter = new RateLimiter(5, 10);
    for (int i = 0; i < 10; i++) {
      assertTrue(limiter.tryAcquire("alice", 1_000), "send " + i + " of the burst");
    }
    assertFalse(limiter.tryAcquire("alice", 1_000));
    assertTrue(limiter.tryAcquire("bob", 1_000), "buckets are per user");
    assertTrue(limiter.tryAcquire("alice", 1_200), "one token back after 200 ms at 5/s");
    assertFalse(limiter.tryAcquire("alice", 1_200));
  }
}
