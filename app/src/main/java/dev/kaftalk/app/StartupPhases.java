package dev.kaftalk.app;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/** Logs one line per start-up phase with its duration, so an operator sees where a slow start spent its time. */
final class StartupPhases {

  private static final Logger LOG = LoggerFactory.getLogger(StartupPhases.class);

  /**
   * Logs the time from the JVM's start (the launcher's, when it handed the server to an archived JVM) to now, and for
   * an archived server the launcher's share of it: from its JVM's start to the server JVM's.
   */
  void beforeStart() {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long launched = ArchivedLaunch.launchedAtMillis();
    if (launched != jvmStart) {
      log("launcher", jvmStart - launched);
    }
    log("JVM start to main", System.currentTimeMillis() - launched);
  }

  /** Runs a blocking phase on this thread. */
  <T> T blocking(String phase, Supplier<T> work) {
    long started = System.nanoTime();
    T result = work.get();
    log(phase, (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  /** Starts an asynchronous phase and logs once it succeeded. */
  <T> Future<T> async(String phase, Supplier<Future<T>> work) {
    long started = System.nanoTime();
    return work.get().onSuccess(v -> log(phase, (System.nanoTime() - started) / 1_000_000));
  }

  private static void log(String phase, long millis) {
    LOG.info("Start-up phase {}: {} ms", phase, millis);
  }
}
