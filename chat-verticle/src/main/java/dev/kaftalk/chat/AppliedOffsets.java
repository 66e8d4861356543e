package dev.kaftalk.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far this instance has applied each partition it reads, so that a request can answer only once its own write
 * is part of the local state. Event-loop confined.
 */
final class AppliedOffsets {

  private final Map<String, Long> lastApplied = new HashMap<>();
  private final Map<String, TreeMap<Long, List<Promise<Void>>>> waiting = new HashMap<>();

  /** Records arrive in partition order, so applying one means every earlier offset is applied too. */
  void applied(String topic, int partition, long offset) {
    String key = key(topic, partition);
    lastApplied.put(key, offset);
    TreeMap<Long, List<Promise<Void>>> queue = waiting.get(key);
    if (queue == null) {
      return;
    }
    Map<Long, List<Promise<Void>>> done = queue.headMap(offset, true);
    done.values().forEach(promises -> promises.forEach(Promise::tryComplete));
    done.clear();
    if (queue.isEmpty()) {
      waiting.remove(key);
    }
  }

  /** Completes once the record at {@code offset} has been applied (at once if it already has). */
  Future<Void> await(String topic, int partition, long offset) {
    String key = key(topic, partition);
    Long last = lastApplied.get(key);
    if (last != null && last >= offset) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiting.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(offset, o -> new ArrayList<>(1)).add(promise);
    return promise.future();
  }

  private static String key(String topic, int partition) {
    return topic + "/" + partition;
  }
}
