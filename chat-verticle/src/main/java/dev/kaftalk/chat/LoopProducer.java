package dev.kaftalk.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands records to Kafka's producer on the calling event loop. vertx-kafka-client's send passes each record through
 * a worker thread first, so that Kafka's send may block: waking that thread was about a fifth of a message's median
 * trip through the broker at low rates (BENCHMARKS, "The producer's worker hop").
 *
 * <p>Kafka's send blocks only to wait for a topic's metadata or for room in its buffer. The producer here is made
 * never to wait ({@link #settings}): such a send is refused at once, before it is queued in Kafka, and kept here to be
 * offered again every few milliseconds, with every later send held behind it so that records reach Kafka in the order
 * they were sent. A record Kafka has not taken within {@code holdMs} fails. Call on one event loop.
 */
final class LoopProducer {

  private static final long RETRY_MS = 5;

  private final Vertx vertx;
  private final KafkaProducer<String, String> producer;
  private final Producer<String, String> kafka;
  private final long holdMs;
  private final Deque<Held> held = new ArrayDeque<>();
  private long retryTimer = -1;

  private record Held(ProducerRecord<String, String> record, Promise<RecordMetadata> promise, long deadline) {
  }

  LoopProducer(Vertx vertx, Map<String, String> config, long holdMs) {
    this.vertx = vertx;
    this.producer = KafkaProducer.create(vertx, config);
    this.kafka = producer.unwrap();
    this.holdMs = holdMs;
  }

  /** {@code config} made for a send that never blocks the caller. */
  static Map<String, String> settings(Map<String, String> config) {
    Map<String, String> settings = new HashMap<>(config);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
    return settings;
  }

  /** Completes with where the record was stored once Kafka acknowledged it, on the caller's context. */
  Future<RecordMetadata> send(ProducerRecord<String, String> record) {
    Held next = new Held(record, Promise.promise(), System.currentTimeMillis() + holdMs);
    if (!held.isEmpty() || !handOver(next)) {
      held.add(next);
      scheduleRetry();
    }
    return next.promise().future();
  }

  Future<Void> close() {
    vertx.cancelTimer(retryTimer);
    held.forEach(h -> h.promise().tryFail(new IllegalStateException("The producer is closing")));
    held.clear();
    return producer.close();
  }

  /** @return false if Kafka refused the record for now, without queueing it */
  private boolean handOver(Held next) {
    if (System.currentTimeMillis() >= next.deadline()) {
      next.promise().tryFail(new TimeoutException("Kafka could not take the record within " + holdMs + " ms"));
      return true;
    }
    Attempt attempt = new Attempt(vertx.getOrCreateContext(), next.promise());
    try {
      kafka.send(next.record(), attempt);
    } catch (RuntimeException e) {
      next.promise().tryFail(e);
      return true;
    } finally {
      attempt.returned = true;
    }
    if (attempt.refused == null) {
      return true;
    }
    if (attempt.refused instanceof TimeoutException) {
      return false;
    }
    next.promise().tryFail(attempt.refused);
    return true;
  }

  private void scheduleRetry() {
    if (retryTimer < 0) {
      retryTimer = vertx.setTimer(RETRY_MS, id -> {
        retryTimer = -1;
        while (!held.isEmpty() && handOver(held.peek())) {
          held.poll();
        }
        if (!held.isEmpty()) {
          scheduleRetry();
        }
      });
    }
  }

  /**
   * Kafka calls back on the caller's thread, before its send returns, for a record it refused; otherwise later, on its
   * network thread, with the outcome.
   */
  private static final class Attempt implements Callback {
    private final Thread caller = Thread.currentThread();
    private final Context context;
    private final Promise<RecordMetadata> promise;
    private boolean returned;
    private Exception refused;

    Attempt(Context context, Promise<RecordMetadata> promise) {
      this.context = context;
      this.promise = promise;
    }

    @Override
    public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata meta, Exception error) {
      if (error != null && Thread.currentThread() == caller && !returned) {
        refused = error;
        return;
      }
      context.runOnContext(v -> {
        if (error != null) {
          promise.tryFail(error);
        } else {
          promise.tryComplete(new RecordMetadata(meta.offset(), meta.partition(), meta.timestamp(), meta.topic()));
        }
      });
    }
  }
}
