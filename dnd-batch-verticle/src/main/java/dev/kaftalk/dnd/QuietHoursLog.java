package dev.kaftalk.dnd;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Every user's quiet-hours settings, read from all partitions of {@link Topics#QUIET_HOURS} from the beginning
 * without a consumer group (every instance needs every user's), and written with the durable producer.
 * {@link #write} completes once this instance's consumer has applied the write, so a GET after a PUT sees it.
 * A user's settings changed after start-up go to the {@link #onLiveChange} listener. Event-loop confined.
 */
final class QuietHoursLog {

  private static final Logger LOG = LoggerFactory.getLogger(QuietHoursLog.class);

  private record Awaited(int partition, long offset, Promise<Void> promise) {
  }

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final long timeoutMs;
  private final Map<String, QuietHours> byUser = new HashMap<>();
  private final Map<Integer, Long> appliedUpTo = new HashMap<>();
  /** Partitions not yet read up to their end at start-up, with that end. */
  private final Map<Integer, Long> replaying = new HashMap<>();
  private final List<Awaited> awaited = new ArrayList<>();
  private final Promise<Void> replayed = Promise.promise();
  private KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, String> producer;
  private BiConsumer<String, QuietHours> liveChange = (user, settings) -> { };

  QuietHoursLog(Vertx vertx, KafkaSettings kafka, String clientId, long timeoutMs) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.timeoutMs = timeoutMs;
  }

  /** Completes once everything the topic held at start-up is applied. */
  Future<Void> start() {
    producer = KafkaProducer.create(vertx, kafka.producer(clientId));
    consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId));
    consumer.exceptionHandler(e -> LOG.warn("Quiet-hours consumer {}: {}", clientId, e.getMessage()));
    String topic = Topics.QUIET_HOURS.name();
    return consumer.partitionsFor(topic)
        .compose(infos -> infos == null || infos.isEmpty()
            ? Future.failedFuture(new IllegalStateException("Kafka topic " + topic + " does not exist"))
            : Future.succeededFuture(infos))
        .map(infos -> infos.stream().map(p -> new TopicPartition(topic, p.getPartition()))
            .collect(Collectors.toSet()))
        .compose(partitions -> Future.all(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions))
            .compose(offsets -> {
              Map<TopicPartition, Long> begin = offsets.resultAt(0);
              Map<TopicPartition, Long> end = offsets.resultAt(1);
              // The newest record of a partition is never compacted away, so reading end - 1 means caught up.
              end.forEach((tp, e) -> {
                if (e > begin.getOrDefault(tp, 0L)) {
                  replaying.put(tp.getPartition(), e - 1);
                }
              });
              return assignFromStart(partitions);
            }))
        .compose(v -> {
          if (replaying.isEmpty()) {
            replayed.tryComplete();
          }
          return replayed.future();
        })
        .onSuccess(v -> LOG.info("Quiet hours of {} users loaded", byUser.size()));
  }

  /** {@code listener} gets each user whose settings change once replaying the topic is over, with the new ones. */
  void onLiveChange(BiConsumer<String, QuietHours> listener) {
    liveChange = listener;
  }

  QuietHours of(String username) {
    return byUser.getOrDefault(username, QuietHours.DEFAULT);
  }

  Set<String> users() {
    return byUser.keySet();
  }

  /** Completes when Kafka acknowledged the record and this instance applied it. */
  Future<Void> write(String username, QuietHours settings) {
    String value = Topics.QUIET_HOURS.values().encode(settings);
    return producer.send(KafkaProducerRecord.create(Topics.QUIET_HOURS.name(), username, value))
        .compose(meta -> {
          Promise<Void> applied = Promise.promise();
          if (appliedUpTo.getOrDefault(meta.getPartition(), -1L) >= meta.getOffset()) {
            applied.complete();
          } else {
            awaited.add(new Awaited(meta.getPartition(), meta.getOffset(), applied));
          }
          return applied.future();
        })
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(ServiceException.unavailable("Could not save that right now; try again")));
  }

  Future<Void> close() {
    Future<Void> consumerClosed = consumer == null ? Future.succeededFuture() : consumer.close();
    Future<Void> producerClosed = producer == null ? Future.succeededFuture() : producer.close();
    return Future.join(consumerClosed, producerClosed).mapEmpty();
  }

  private Future<Void> assignFromStart(Set<TopicPartition> partitions) {
    return consumer.assign(partitions)
        .compose(v -> consumer.seekToBeginning(partitions))
        .onSuccess(v -> consumer.handler(this::onRecord));
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    try {
      if (record.value() == null) {
        byUser.remove(record.key());
      } else {
        byUser.put(record.key(), Topics.QUIET_HOURS.values().decode(record.value()));
      }
      if (!replaying.containsKey(record.partition())) {
        liveChange.accept(record.key(), of(record.key()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Skipped unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
    appliedUpTo.put(record.partition(), record.offset());
    awaited.removeIf(a -> a.partition == record.partition() && a.offset <= record.offset() && a.promise.tryComplete());
    Long replayEnd = replaying.get(record.partition());
    if (replayEnd != null && record.offset() >= replayEnd) {
      replaying.remove(record.partition());
      if (replaying.isEmpty()) {
        replayed.tryComplete();
      }
    }
  }
}
