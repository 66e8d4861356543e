package dev.kaftalk.chat;

import dev.kaftalk.model.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every partition of the chat service's state topics from the beginning, without a consumer group (each
 * instance must hold every room), and hands each record to the applier of its topic.
 *
 * <p>{@link #start()} completes once every partition has been applied up to the end offset it had at start-up
 * ({@link CatchUp}), so a started instance answers with complete state.
 */
final class StateLog {

  /** Applies one record. {@code live} is false while replaying what was there at start-up. */
  interface Applier {
    void apply(KafkaConsumerRecord<String, String> record, boolean live);
  }

  private static final Logger LOG = LoggerFactory.getLogger(StateLog.class);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final Map<String, Applier> appliers;
  private final AppliedOffsets applied;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private CatchUp catchUp;
  private KafkaConsumer<String, String> consumer;

  StateLog(Vertx vertx, KafkaSettings kafka, String clientId, Map<String, Applier> appliers, AppliedOffsets applied) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.appliers = appliers;
    this.applied = applied;
  }

  Future<Void> start() {
    long started = System.currentTimeMillis();
    consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId));
    List<Future<List<PartitionInfo>>> lookups = appliers.keySet().stream().map(this::partitionsOf).toList();
    return Future.all(lookups)
        .map(all -> {
          Set<TopicPartition> partitions = new HashSet<>();
          lookups.forEach(l -> l.result().forEach(p -> partitions.add(new TopicPartition(p.getTopic(), p.getPartition()))));
          return partitions;
        })
        .compose(partitions -> Future.all(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions))
            .compose(offsets -> {
              assigned.addAll(partitions);
              catchUp = new CatchUp(offsets.resultAt(0), offsets.resultAt(1));
              consumer.exceptionHandler(e -> LOG.warn("State consumer {}: {}", clientId, e.getMessage()));
              // The handler starts the polling, so it goes in once there is something to poll.
              return consumer.assign(partitions).onSuccess(v -> consumer.handler(this::onRecord));
            }))
        .compose(v -> catchUp.future())
        .onSuccess(v -> LOG.info("Chat state caught up with {} in {} ms", appliers.keySet(),
            System.currentTimeMillis() - started));
  }

  /**
   * Completes once this instance has applied {@code topic} as far as its partitions reach now: a record written
   * through another instance just before may not have arrived here yet.
   */
  Future<Void> caughtUpWith(String topic) {
    Set<TopicPartition> partitions = new HashSet<>();
    assigned.stream().filter(tp -> tp.getTopic().equals(topic)).forEach(partitions::add);
    return Future.all(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions)).compose(offsets -> {
      Map<TopicPartition, Long> begin = offsets.resultAt(0);
      Map<TopicPartition, Long> end = offsets.resultAt(1);
      return Future.all(end.entrySet().stream()
          .filter(e -> e.getValue() > begin.getOrDefault(e.getKey(), 0L))
          .map(e -> applied.await(topic, e.getKey().getPartition(), e.getValue() - 1))
          .toList()).mapEmpty();
    });
  }

  Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  private Future<List<PartitionInfo>> partitionsOf(String topic) {
    return consumer.partitionsFor(topic).compose(list -> list == null || list.isEmpty()
        ? Future.failedFuture(new IllegalStateException("Kafka topic " + topic + " does not exist"))
        : Future.succeededFuture(list));
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    try {
      appliers.get(record.topic()).apply(record, catchUp.live(tp, record.offset()));
    } catch (RuntimeException e) {
      LOG.warn("Skipped unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
    applied.applied(record.topic(), record.partition(), record.offset());
    catchUp.applied(tp, record.offset());
  }
}
