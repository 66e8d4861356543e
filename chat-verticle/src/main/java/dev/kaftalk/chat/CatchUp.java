package dev.kaftalk.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.common.TopicPartition;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tracks a reader that starts somewhere in its partitions and must apply them up to the end offsets they had at
 * start-up before it answers. The test is "the record at end - 1 was applied": Kaftalk writes no transactions, and
 * neither compaction nor retention removes the newest record of a partition without emptying it, so that record
 * exists whenever end is past where reading starts.
 */
final class CatchUp {

  private final Map<TopicPartition, Long> endAtStart;
  private final Set<TopicPartition> behind = new HashSet<>();
  private final Promise<Void> done = Promise.promise();

  /**
   * @param from where reading starts in each partition (its beginning, or where a store left off)
   * @param end  each partition's end offset now
   */
  CatchUp(Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
    this.endAtStart = new HashMap<>(end);
    end.forEach((tp, e) -> {
      if (e > from.getOrDefault(tp, 0L)) {
        behind.add(tp);
      }
    });
    check();
  }

  /** Whether the record arrived after start-up, rather than being read back. */
  boolean live(TopicPartition tp, long offset) {
    return offset >= endAtStart.getOrDefault(tp, 0L);
  }

  void applied(TopicPartition tp, long offset) {
    if (offset >= endAtStart.getOrDefault(tp, 0L) - 1 && behind.remove(tp)) {
      check();
    }
  }

  /** How many records are left to read up to the end offsets of start-up, given where reading stands. */
  long remaining(Map<TopicPartition, Long> positions) {
    return behind.stream().mapToLong(tp -> Math.max(0, endAtStart.get(tp) - positions.getOrDefault(tp, 0L))).sum();
  }

  Future<Void> future() {
    return done.future();
  }

  private void check() {
    if (behind.isEmpty()) {
      done.tryComplete();
    }
  }
}
