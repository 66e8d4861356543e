package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topic;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.TimeUnit;

/** Writes to the chat topics through the one durable producer of this instance. */
final class EventLog {

  private final LoopProducer producer;
  private final AppliedOffsets applied;
  private final long timeoutMs;

  EventLog(LoopProducer producer, AppliedOffsets applied, long timeoutMs) {
    this.producer = producer;
    this.applied = applied;
    this.timeoutMs = timeoutMs;
  }

  /** Completes when Kafka acknowledged the record (acks=all). */
  <K, V> Future<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
    String text = topic.values().encode(value);
    return producer.send(new ProducerRecord<>(topic.name(), topic.keys().encode(key), text))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(ServiceException.unavailable("Could not store that right now; try again")));
  }

  /** Completes when Kafka acknowledged the record and this instance's state includes it. */
  <K, V> Future<RecordMetadata> append(Topic<K, V> topic, K key, V value) {
    return send(topic, key, value).compose(this::applied);
  }

  /** Completes once this instance's state includes the acknowledged record {@code meta}. */
  Future<RecordMetadata> applied(RecordMetadata meta) {
    return applied.await(meta.getTopic(), meta.getPartition(), meta.getOffset())
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(ServiceException.unavailable("Stored, but this server is lagging; try again")))
        .map(meta);
  }

  Future<Void> close() {
    return producer.close();
  }
}
