package dev.kaftalk.chat;

import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the tasks of one key one after another and tasks of different keys side by side, so that a task that checks
 * state and then writes sees what the task before it for the same key wrote. Call from one event loop.
 */
final class InTurn<K> {

  /** Per key, the last task started; removed once it is done and no other task queued behind it. */
  private final Map<K, Future<?>> last = new HashMap<>();

  /** Runs {@code task} once every task given earlier for {@code key} has completed, whatever its outcome. */
  <T> Future<T> run(K key, Supplier<Future<T>> task) {
    Future<?> previous = last.getOrDefault(key, Future.succeededFuture());
    Future<T> mine = previous.transform(done -> task.get());
    last.put(key, mine);
    mine.onComplete(done -> last.remove(key, mine));
    return mine;
  }
}
