package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka settings (config key {@code kafka}) and the one place Kaftalk's client properties are made.
 *
 * @param bootstrapServers    where the brokers are
 * @param lingerMs            producer batching delay; 0, set explicitly because Kafka 4 changed its default to 5 ms,
 *                            which every message would wait on its way to the room (the bench's 11 ms p50 became 4 ms)
 * @param partitions          partitions of each topic Kaftalk creates
 * @param replicationFactor   replication of each topic Kaftalk creates (3 on a cluster, 1 embedded)
 * @param minInsyncReplicas   {@code min.insync.replicas} of each topic (2 on a cluster, 1 embedded)
 * @param messagesRetentionMs how long {@code chat.messages} keeps history; -1 keeps it forever
 */
public record KafkaSettings(String bootstrapServers, int lingerMs, int partitions, int replicationFactor,
                            int minInsyncReplicas, long messagesRetentionMs) {

  /** The longest a client backs off before retrying a request or reconnecting to a broker. */
  public static final int FAILOVER_BACKOFF_MS = 250;
  /** How long a client waits for a broker's answer before it retries elsewhere. */
  public static final int REQUEST_TIMEOUT_MS = 5_000;
  /**
   * The longest a broker holds a consumer's fetch that finds no new record. A broker answers one request per
   * connection at a time, so a consumer's metadata and leader-epoch requests queue behind it: after a failover
   * each of them waited for it in turn (Kafka's default 500 ms; about a second in all).
   */
  public static final int FETCH_MAX_WAIT_MS = 100;

  public KafkaSettings {
    ConfigException.requireText("kafka.bootstrapServers", bootstrapServers);
    ConfigException.requireRange("kafka.lingerMs", lingerMs, 0, 60_000);
    ConfigException.requireRange("kafka.partitions", partitions, 1, 1000);
    ConfigException.requireRange("kafka.replicationFactor", replicationFactor, 1, 7);
    ConfigException.requireRange("kafka.minInsyncReplicas", minInsyncReplicas, 1, replicationFactor);
    if (messagesRetentionMs < -1 || messagesRetentionMs == 0) {
      throw new ConfigException("kafka.messagesRetentionMs must be -1 (forever) or positive, got " + messagesRetentionMs);
    }
  }

  public static KafkaSettings fromJson(JsonObject json) {
    return new KafkaSettings(json.getString("bootstrapServers"), json.getInteger("lingerMs", 0),
        json.getInteger("partitions", 6), json.getInteger("replicationFactor", 1),
        json.getInteger("minInsyncReplicas", 1), json.getLong("messagesRetentionMs", 30L * 24 * 3600 * 1000));
  }

  /** A durable producer: every write acknowledged by all in-sync replicas, retries never duplicate or reorder. */
  public Map<String, String> producer(String clientId) {
    Map<String, String> p = common(clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    return p;
  }

  /**
   * A consumer that reads from the start of what Kafka keeps and commits explicitly.
   *
   * @param groupId {@code <module>-<purpose>}, or null for a consumer that assigns partitions itself
   */
  public Map<String, String> consumer(String groupId, String clientId) {
    Map<String, String> c = common(clientId);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(FETCH_MAX_WAIT_MS));
    if (groupId != null) {
      c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    return c;
  }

  public Map<String, String> admin(String clientId) {
    return common(clientId);
  }

  /**
   * Every client also gets the failover timing: once the controller has moved a dead broker's leadership (about
   * 1.5 s with the brokers of README's "Failover timing"), a client finds the new leader within a quarter of a second
   * instead of backing off for up to a second per retry and reconnect (Kafka's defaults), and a request to a broker
   * that went silent without closing its connection is given up after 5 s instead of 30 s.
   */
  private Map<String, String> common(String clientId) {
    Map<String, String> m = new HashMap<>();
    m.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    m.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    m.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, Integer.toString(FAILOVER_BACKOFF_MS / 5));
    m.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, Integer.toString(FAILOVER_BACKOFF_MS));
    m.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Integer.toString(FAILOVER_BACKOFF_MS));
    m.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS));
    return m;
  }
}
