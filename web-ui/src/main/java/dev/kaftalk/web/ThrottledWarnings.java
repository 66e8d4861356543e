package dev.kaftalk.web;

import org.slf4j.Logger;

import java.util.function.LongSupplier;

/**
 * WARN lines that clients can provoke, at most {@code perMinute} a minute: enough to see who misbehaves, never a
 * flood. The first line after a quiet spell says how many were left out. Shared by the edge's event loops.
 */
final class ThrottledWarnings {

  private static final long WINDOW_MS = 60_000;

  private final Logger log;
  private final int perMinute;
  private final LongSupplier clock;
  private long windowEndsAt;
  private int written;
  private int suppressed;

  ThrottledWarnings(Logger log, int perMinute, LongSupplier clock) {
    this.log = log;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  synchronized void warn(String format, Object... args) {
    long now = clock.getAsLong();
    if (now >= windowEndsAt) {
      if (suppressed > 0) {
        log.warn("{} similar warnings were left out in the last minute", suppressed);
      }
      windowEndsAt = now + WINDOW_MS;
      written = 0;
      suppressed = 0;
    }
    if (written < perMinute) {
      written++;
      log.warn(format, args);
    } else {
      suppressed++;
    }
  }
}
