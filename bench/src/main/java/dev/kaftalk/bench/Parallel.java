package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs {@code count} asynchronous steps with at most {@code width} in flight, so set-up does not flood the server. */
final class Parallel {

  private Parallel() {
  }

  /** The results in index order; fails with the first failure. */
  static <T> Future<List<T>> run(int count, int width, IntFunction<Future<T>> step) {
    List<T> results = new ArrayList<>(Collections.nCopies(count, null));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<List<T>> all = Promise.promise();
    if (count == 0) {
      return Future.succeededFuture(results);
    }
    Runnable[] startNext = new Runnable[1];
    startNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      step.apply(i).onComplete(result -> {
        if (result.failed()) {
          all.tryFail(result.cause());
          return;
        }
        synchronized (results) {
          results.set(i, result.result());
        }
        if (done.incrementAndGet() == count) {
          synchronized (results) {
            all.tryComplete(results);
          }
        } else {
          startNext[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(width, count); i++) {
      startNext[0].run();
    }
    return all.future();
  }
}
