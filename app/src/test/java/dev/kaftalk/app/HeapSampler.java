package dev.kaftalk.app;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most live heap seen while something runs: every few milliseconds a full GC, then the heap in use. Garbage
 * does not count, only what is still referenced, which is what a buffered upload would be.
 */
final class HeapSampler implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "heap-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private final long baseline;
  private final AtomicLong peak = new AtomicLong();

  HeapSampler() {
    baseline = liveHeap();
    timer.scheduleWithFixedDelay(() -> peak.accumulateAndGet(liveHeap(), Math::max), 0, 25, TimeUnit.MILLISECONDS);
  }

  /** Live heap above the baseline at its highest so far. */
  long peakGrowth() {
    return Math.max(0, peak.get() - baseline);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
