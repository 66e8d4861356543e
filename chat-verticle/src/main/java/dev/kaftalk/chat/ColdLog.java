package dev.kaftalk.chat;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Random access to {@link Topics#MESSAGES} for the part of a room's history no longer kept in memory: one plain
 * consumer without a group, used only from a one-thread worker executor (a Kafka consumer is not thread-safe, and
 * its seek-and-poll calls block).
 */
final class ColdLog {

  /** One record of a room (the topic's key is the room id). */
  record Entry(long offset, String value) {
  }

  /** Records below the range's end exist, so a poll this long that brings none means the broker is not answering. */
  private static final Duration POLL = Duration.ofSeconds(5);

  private final WorkerExecutor worker;
  private final Map<String, Object> config;
  private KafkaConsumer<String, String> consumer;

  ColdLog(Vertx vertx, KafkaSettings kafka, String clientId) {
    this.worker = vertx.createSharedWorkerExecutor(clientId, 1);
    this.config = new HashMap<>(kafka.consumer(null, clientId));
  }

  /**
   * The records of {@code roomId} in {@code partition} at offsets in [{@code from}, {@code to}). A {@code from} before
   * the log start reads from the log start (retention may have removed the whole range).
   *
   * @throws ServiceException 503 (in the future) if the broker gives nothing for a while, rather than a short answer
   */
  Future<List<Entry>> read(int partition, long from, long to, String roomId) {
    return worker.executeBlocking(() -> {
      TopicPartition tp = assigned(partition);
      consumer.seek(tp, Math.max(0, from));
      List<Entry> entries = new ArrayList<>();
      while (consumer.position(tp) < to) {
        List<ConsumerRecord<String, String>> records = consumer.poll(POLL).records(tp);
        if (records.isEmpty()) {
          throw ServiceException.unavailable("Older messages cannot be read right now; try again");
        }
        for (ConsumerRecord<String, String> r : records) {
          if (r.offset() < to && roomId.equals(r.key()) && r.value() != null) {
            entries.add(new Entry(r.offset(), r.value()));
          }
        }
      }
      return entries;
    });
  }

  /** The first offset of {@code partition} whose record time is at or after {@code ts}, or null if none is. */
  Future<Long> offsetAt(int partition, long ts) {
    return worker.executeBlocking(() -> {
      TopicPartition tp = assigned(partition);
      OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, ts)).get(tp);
      return found == null ? null : found.offset();
    });
  }

  Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      if (consumer != null) {
        consumer.close();
      }
      return null;
    }).eventually(worker::close);
  }

  private TopicPartition assigned(int partition) {
    if (consumer == null) {
      consumer = new KafkaConsumer<>(config);
    }
    TopicPartition tp = new TopicPartition(Topics.MESSAGES.name(), partition);
    if (!consumer.assignment().contains(tp)) {
      consumer.assign(List.of(tp));
    }
    return tp;
  }
}
