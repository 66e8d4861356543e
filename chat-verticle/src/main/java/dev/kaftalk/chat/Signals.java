package dev.kaftalk.chat;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short-lived signals between instances on {@link Topics#SIGNALS} (typing, presence). Every instance reads every
 * partition without a group, starting near the end: at the first record of the last {@code replayMs}, so that a new
 * instance learns from the recent heartbeats who is online elsewhere instead of waiting for the next ones.
 */
final class Signals {

  /** Handles one signal; {@code live} is false for the replayed ones, written before this instance started. */
  interface Handler {
    void onSignal(JsonObject signal, long timestamp, boolean live);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final EventLog log;
  private final long replayMs;
  private KafkaConsumer<String, String> consumer;

  Signals(Vertx vertx, KafkaSettings kafka, String clientId, EventLog log, long replayMs) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.log = log;
    this.replayMs = replayMs;
  }

  /** @param handlers by the signal's {@code type} */
  Future<Void> start(Map<String, Handler> handlers) {
    long startedAt = System.currentTimeMillis();
    consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId));
    return consumer.partitionsFor(Topics.SIGNALS.name())
        .map(infos -> infos.stream().map(p -> new TopicPartition(p.getTopic(), p.getPartition()))
            .collect(Collectors.toSet()))
        .compose(partitions -> consumer.assign(partitions).compose(v -> seekToRecent(partitions, startedAt)))
        .onSuccess(v -> {
          consumer.exceptionHandler(e -> LOG.warn("Signal consumer {}: {}", clientId, e.getMessage()));
          consumer.handler(record -> dispatch(handlers, record, startedAt));
        });
  }

  Future<Void> publish(String key, JsonObject signal) {
    return log.send(Topics.SIGNALS, key, signal).mapEmpty();
  }

  Future<Void> close() {
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  private Future<Void> seekToRecent(Set<TopicPartition> partitions, long now) {
    Map<TopicPartition, Long> since = new HashMap<>();
    partitions.forEach(tp -> since.put(tp, now - replayMs));
    return consumer.offsetsForTimes(since).compose(found -> Future.all(partitions.stream()
        .map(tp -> {
          OffsetAndTimestamp at = found.get(tp);
          return at == null ? consumer.seekToEnd(tp) : consumer.seek(tp, at.getOffset());
        })
        .toList())).mapEmpty();
  }

  private void dispatch(Map<String, Handler> handlers, KafkaConsumerRecord<String, String> record, long startedAt) {
    try {
      JsonObject signal = Topics.SIGNALS.values().decode(record.value());
      Handler handler = handlers.get(signal.getString("type", ""));
      if (handler != null) {
        handler.onSignal(signal, record.timestamp(), record.timestamp() >= startedAt);
      }
    } catch (RuntimeException e) {
      LOG.warn("Skipped unreadable signal {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }
}
