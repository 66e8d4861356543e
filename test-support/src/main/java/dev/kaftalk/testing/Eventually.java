package dev.kaftalk.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling with a deadline, for what a test can only observe by asking again (state another instance applies). */
public final class Eventually {

  private static final long RETRY_MS = 50;

  private Eventually() {
  }

  /** Repeats {@code attempt} until its result passes {@code done}; fails with the last answer after {@code timeoutMs}. */
  public static <T> Future<T> until(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long timeoutMs) {
    Promise<T> promise = Promise.promise();
    retry(vertx, attempt, done, System.currentTimeMillis() + timeoutMs, promise);
    return promise.future();
  }

  private static <T> void retry(Vertx vertx, Supplier<Future<T>> attempt, Predicate<T> done, long deadline,
                                Promise<T> promise) {
    attempt.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        promise.complete(ar.result());
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail(new AssertionError("condition not met in time; last: "
            + (ar.succeeded() ? ar.result() : ar.cause())));
      } else {
        vertx.setTimer(RETRY_MS, id -> retry(vertx, attempt, done, deadline, promise));
      }
    });
  }
}
