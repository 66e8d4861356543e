package dev.kaftalk.bench;

import dev.kaftalk.model.KafkaSettings;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kafka's share of a message's latency, measured beside the load to microseconds: records sent at a steady rate by a
 * producer with Kaftalk's settings to a one-partition topic of their own on the server's broker, read by a consumer
 * with Kaftalk's settings on its own thread, send to receive. {@link KafkaBaseline}'s tool reports whole milliseconds
 * and runs after the load, one record at a time; this one runs during it, as Kaftalk's own records do.
 */
final class KafkaRoundTrip implements AutoCloseable {

  /** About a chat message's record: its id, room, author, time and a line of text as JSON. */
  private static final int RECORD_BYTES = 300;
  /**
   * Sent as fast as the producer takes them before the steady records: the server's clients are compiled by the time
   * they are measured, and a probe whose own clients ran interpreted measured Kafka slower than it is.
   */
  private static final int WARM_UP_RECORDS = 20_000;

  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
      runnable -> daemon(runnable, "bench-kafka-round-trip-send"));
  private final Thread reader;
  /** Replaced when the measuring starts, so that the warm-up's records are not counted. */
  private volatile Latencies latencies = new Latencies();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final String topic;
  private final String padding;

  private KafkaRoundTrip(String bootstrap, String topic) {
    KafkaSettings settings = new KafkaSettings(bootstrap, 0, 1, 1, 1, -1);
    this.topic = topic;
    this.producer = new KafkaProducer<>(new HashMap<>(settings.producer("bench-round-trip")));
    this.consumer = new KafkaConsumer<>(new HashMap<>(settings.consumer(null, "bench-round-trip")));
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    // The position is fixed now, before the first send, so no record is missed.
    consumer.position(partition);
    this.padding = "x".repeat(RECORD_BYTES - 20);
    this.reader = daemon(this::read, "bench-kafka-round-trip-read");
  }

  /**
   * Creates the probe's topic, warms its clients up, and starts sending {@code perSecond} records a second; blocks for
   * the warm-up (a few seconds).
   */
  static KafkaRoundTrip start(String bootstrap, double perSecond) throws InterruptedException, ExecutionException {
    String topic = "bench.round-trip-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> admin = new HashMap<>(new KafkaSettings(bootstrap, 0, 1, 1, 1, -1).admin("bench-round-trip"));
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    KafkaRoundTrip probe = new KafkaRoundTrip(bootstrap, topic);
    probe.reader.start();
    probe.warmUp();
    long periodNanos = Math.round(1e9 / perSecond);
    probe.sender.scheduleAtFixedRate(probe::send, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    return probe;
  }

  private void warmUp() throws InterruptedException {
    for (int i = 0; i < WARM_UP_RECORDS; i++) {
      send();
    }
    producer.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (received.get() < WARM_UP_RECORDS && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** Counts only what is sent from now on. */
  void measureFromNow() {
    latencies = new Latencies();
    sent.set(0);
    failed.set(0);
  }

  private void send() {
    String value = System.nanoTime() + " " + padding;
    sent.incrementAndGet();
    producer.send(new ProducerRecord<>(topic, value), (meta, error) -> {
      if (error != null) {
        failed.incrementAndGet();
      }
    });
  }

  private void read() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          long now = System.nanoTime();
          String value = record.value();
          latencies.record(now - Long.parseLong(value.substring(0, value.indexOf(' '))));
          received.incrementAndGet();
        }
      }
    } catch (WakeupException e) {
      // close() asked the poll to end.
    } finally {
      consumer.close();
    }
  }

  /** {@code {topic, sent, failed, latencyMs}}: what was received until now, send to receive. */
  JsonObject figures() {
    return new JsonObject().put("topic", topic).put("recordBytes", RECORD_BYTES)
        .put("sent", sent.get()).put("failed", failed.get())
        .put("latencyMs", Latencies.summary(latencies.total()));
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws InterruptedException {
    sender.shutdownNow();
    sender.awaitTermination(5, TimeUnit.SECONDS);
    producer.close(Duration.ofSeconds(5));
    consumer.wakeup();
    reader.join(5_000);
  }
}
