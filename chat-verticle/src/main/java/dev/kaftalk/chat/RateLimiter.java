package dev.kaftalk.chat;

import java.util.HashMap;
import java.util.Map;

/** A token bucket per user: {@code burst} sends at once, refilled at {@code perSecond}. Event-loop confined. */
final class RateLimiter {

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }
  }

  private final Map<String, Bucket> buckets = new HashMap<>();
  private final double perMs;
  private final int burst;

  RateLimiter(int perSecond, int burst) {
    this(perSecond / 1000.0, burst);
  }

  private RateLimiter(double perMs, int burst) {
    this.perMs = perMs;
    this.burst = burst;
  }

  /** {@code perMinute} at once, refilled over a minute. */
  static RateLimiter perMinute(int perMinute) {
    return new RateLimiter(perMinute / 60_000.0, perMinute);
  }

  boolean tryAcquire(String user, long now) {
    Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(burst, now));
    refill(bucket, now);
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets users whose bucket has refilled: they would start from a full one anyway. */
  void forgetIdle(long now) {
    buckets.values().removeIf(bucket -> {
      refill(bucket, now);
      return bucket.tokens >= burst;
    });
  }

  private void refill(Bucket bucket, long now) {
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * perMs);
    bucket.refilledAt = now;
  }
}
