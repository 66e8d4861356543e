package dev.kaftalk.testing;

import dev.kaftalk.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads what crossed Kafka, decoded with the topic's own codecs, so a test asserts on the records themselves rather
 * than on what a service makes of them. A plain consumer without a group reads every partition from the beginning
 * and polls until it has the records asked for or the deadline passes. Blocking: call it from
 * {@code vertx.executeBlocking}.
 */
public final class TopicReader {

  private static final Duration POLL = Duration.ofMillis(100);

  /** One record as read, with where it lies and the size of its value as stored. */
  public record Read<K, V>(int partition, long offset, K key, V value, int valueBytes) {
  }

  private final String bootstrapServers;
  private final Duration timeout;

  public TopicReader(String bootstrapServers, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** Reads from the shared broker, for up to 15 s. */
  public static TopicReader of(SharedInfra infra) {
    return new TopicReader(infra.bootstrapServers(), Duration.ofSeconds(15));
  }

  /** The first {@code n} records of the topic (fewer if the deadline passes first), in the order they were polled. */
  public <K, V> List<Read<K, V>> read(Topic<K, V> topic, int n) {
    return read(topic, n, key -> true, value -> true);
  }

  /**
   * The first {@code n} records whose key passes {@code keys} and whose value passes {@code values} (fewer if the
   * deadline passes first), in offset order within a partition. Only values of selected keys are decoded, so other
   * tests' records in the shared topic cannot get in the way; a selected record that does not decode fails the read.
   */
  public <K, V> List<Read<K, V>> read(Topic<K, V> topic, int n, Predicate<K> keys, Predicate<V> values) {
    List<Read<K, V>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (read.size() < n && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          K key = record.key() == null ? null : topic.keys().decode(record.key());
          if (read.size() == n || !keys.test(key) || record.value() == null) {
            continue;
          }
          V value = topic.values().decode(record.value());
          if (values.test(value)) {
            read.add(new Read<>(record.partition(), record.offset(), key, value, record.serializedValueSize()));
          }
        }
      }
    }
    return read;
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }
}
