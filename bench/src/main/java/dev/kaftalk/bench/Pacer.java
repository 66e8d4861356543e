package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.IntConsumer;

/**
 * Open-loop pacing: step {@code n} of {@code total} starts at start + n / rate whether or not earlier ones were
 * answered, so a slow server shows as latency rather than as fewer requests (no coordinated omission).
 */
final class Pacer {

  private Pacer() {
  }

  /** Starts every step on time and completes, with the nanoTime of the last start, once all are started. */
  static Future<Long> run(Vertx vertx, double rate, int total, IntConsumer step) {
    Promise<Long> allStarted = Promise.promise();
    long startNanos = System.nanoTime();
    int[] started = {0};
    vertx.setPeriodic(1, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - startNanos) / 1e9 * rate));
      while (started[0] < due) {
        step.accept(started[0]++);
      }
      if (started[0] == total) {
        vertx.cancelTimer(timer);
        allStarted.complete(System.nanoTime());
      }
    });
    return allStarted.future();
  }
}
