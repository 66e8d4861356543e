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
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hands records to Kafka's producer on the calling event loop. vertx-kafka-client's send passes each record through
 * a worker thread first, so that Kafka's send may block: waking that thread was about a fifth of a message's median
 * trip through the broker at low rates (BENCHMARKS, "The producer's worker hop").
 *
 * <p>Kafka's send blocks only to wait for a topic's metadata or for room in its buffer. The producer here is made
 * never to wait ({@link #settings}): such a send is refused at once, before it is queued in Kafka, and kept here to be
 * offered again every {@code retryMs}, with every later send to its topic held behind it so that records reach Kafka
 * in the order they were sent. Kafka orders nothing across topics, so another topic's sends go on meanwhile: a
 * topic deleted under a running instance holds up only its own. A record Kafka has not taken within {@code holdMs}
 * fails, as does one refused for a reason that waiting does not cure (a record too large, a topic not allowed). This
 * holds for a producer that is idempotent but not transactional: a transactional one can refuse a record it has
 * already queued. Call on one event loop.
 */
final class LoopProducer {

  private final Vertx vertx;
  private final KafkaProducer<String, String> producer;
  private final Producer<String, String> kafka;
  private final long holdMs;
  private final long retryMs;
  /** Per topic, the records Kafka refused for now and those sent after them, in the order they were sent. */
  private final Map<String, Deque<Held>> held = new HashMap<>();
  private long retryTimer = -1;
  private boolean closed;

  private record Held(ProducerRecord<String, String> record, Promise<RecordMetadata> promise, long deadlineNanos) {
  }

  /**
   * @param config  from {@link #settings}
   * @param holdMs  how long a record Kafka refuses for now is offered again before it fails; shorter than the caller's
   *                own timeout, so that a record is not stored after its caller gave up on it
   * @param retryMs how often a held record is offered again
   */
  LoopProducer(Vertx vertx, Map<String, String> config, long holdMs, long retryMs) {
    this.vertx = vertx;
    this.producer = KafkaProducer.create(vertx, config);
    this.kafka = producer.unwrap();
    this.holdMs = holdMs;
    this.retryMs = retryMs;
  }

  /**
   * {@code config} made for a send that never blocks the caller. Kafka forgets a topic's metadata after
   * {@code metadata.max.idle.ms} without a write to it (5 minutes), and a send must then wait for it again: Kaftalk's
   * topics are few and fixed, so they are kept for a day.
   */
  static Map<String, String> settings(Map<String, String> config) {
    Map<String, String> settings = new HashMap<>(config);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
    settings.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, Long.toString(TimeUnit.DAYS.toMillis(1)));
    return settings;
  }

  /** Completes with where the record was stored once Kafka acknowledged it, on the caller's context. */
  Future<RecordMetadata> send(ProducerRecord<String, String> record) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("The producer is closed"));
    }
    Held next = new Held(record, Promise.promise(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMs));
    Deque<Held> behind = held.get(record.topic());
    if (behind != null) {
      behind.add(next);
    } else if (!handOver(next)) {
      held.computeIfAbsent(record.topic(), topic -> new ArrayDeque<>()).add(next);
      scheduleRetry();
    }
    return next.promise().future();
  }

  /** How many records wait for Kafka to take them. */
  int holding() {
    return held.values().stream().mapToInt(Deque::size).sum();
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    held.values().forEach(queue -> queue.forEach(
        h -> h.promise().tryFail(new IllegalStateException("The producer is closing"))));
    held.clear();
    return producer.close();
  }

  /** @return false if Kafka refused the record for now, without queueing it */
  private boolean handOver(Held next) {
    if (System.nanoTime() - next.deadlineNanos() >= 0) {
      next.promise().tryFail(new HoldExpired(holdMs));
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
    if (curedByWaiting(attempt.refused)) {
      return false;
    }
    next.promise().tryFail(attempt.refused);
    return true;
  }

  /**
   * A refusal for want of metadata or buffer room. Without waiting, Kafka reports a topic's metadata error (say, not
   * allowed) only as the cause of its timeout.
   */
  private static boolean curedByWaiting(Exception refused) {
    return refused instanceof TimeoutException
        && (refused.getCause() == null || refused.getCause() instanceof RetriableException);
  }

  private void scheduleRetry() {
    if (retryTimer < 0) {
      retryTimer = vertx.setTimer(retryMs, id -> {
        retryTimer = -1;
        // A record that fails here completes its caller at once, who may send again or close this producer: hence
        // no iterator over the map, and a look at closed before each record.
        for (String topic : List.copyOf(held.keySet())) {
          Deque<Held> queue = held.get(topic);
          while (!closed && queue != null && !queue.isEmpty() && handOver(queue.peek())) {
            queue.poll();
          }
          if (queue != null && queue.isEmpty()) {
            held.remove(topic);
          }
        }
        if (!closed && !held.isEmpty()) {
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

  /** Kafka did not take a held record in time. */
  static final class HoldExpired extends TimeoutException {
    HoldExpired(long holdMs) {
      super("Kafka could not take the record within " + holdMs + " ms");
    }
  }
}
