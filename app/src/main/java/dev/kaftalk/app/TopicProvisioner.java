package dev.kaftalk.app;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.TopicSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates Kaftalk's topics if they are missing. Safe to run from several instances at once: a topic another
 * instance created in the meantime counts as created.
 */
final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private static final long SIGNALS_RETENTION_MS = 10 * 60 * 1000;

  private final KafkaSettings settings;
  private final long timeoutMs;

  TopicProvisioner(KafkaSettings settings, long timeoutMs) {
    this.settings = settings;
    this.timeoutMs = timeoutMs;
  }

  Future<Void> ensureTopics(Vertx vertx, List<TopicSpec> topics) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, settings.admin("app-topic-provisioner"));
    return admin.listTopics()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "Kafka is not reachable at " + settings.bootstrapServers() + " (" + e.getMessage() + ")")))
        .compose(existing -> createMissing(admin, existing, topics)
            .compose(v -> awaitVisible(vertx, admin, topics.stream().map(TopicSpec::name).toList(),
                System.currentTimeMillis() + timeoutMs)))
        .eventually(() -> admin.close(timeoutMs));
  }

  private Future<Void> createMissing(KafkaAdminClient admin, Set<String> existing, List<TopicSpec> topics) {
    List<Future<Void>> created = topics.stream()
        .filter(t -> !existing.contains(t.name()))
        .map(t -> create(admin, t))
        .toList();
    return Future.all(created).mapEmpty();
  }

  /**
   * A new topic's metadata reaches the brokers a moment after it is created; a consumer asking for its partitions
   * in that moment is told there are none. So start-up goes on only once the brokers describe every topic.
   */
  private Future<Void> awaitVisible(Vertx vertx, KafkaAdminClient admin, List<String> names, long deadline) {
    return admin.describeTopics(names).transform(described -> {
      if (described.succeeded() && described.result().values().stream().noneMatch(d -> d.getPartitions().isEmpty())) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture(new IllegalStateException("Kafka topics " + names + " were created but are not visible"
            + " after " + timeoutMs + " ms"));
      }
      return vertx.timer(100).compose(t -> awaitVisible(vertx, admin, names, deadline));
    });
  }

  private Future<Void> create(KafkaAdminClient admin, TopicSpec spec) {
    NewTopic topic = new NewTopic(spec.name(), settings.partitions(), (short) settings.replicationFactor())
        .setConfig(topicConfig(spec));
    return admin.createTopics(List.of(topic))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(v -> LOG.info("Created topic {} ({} partitions, replication {}, {})", spec.name(),
            settings.partitions(), settings.replicationFactor(), spec.kind().name().toLowerCase()))
        .recover(e -> e instanceof TopicExistsException || e.getCause() instanceof TopicExistsException
            ? Future.succeededFuture()
            : Future.failedFuture(new IllegalStateException("cannot create topic " + spec.name() + ": " + e.getMessage())));
  }

  private Map<String, String> topicConfig(TopicSpec spec) {
    String minIsr = Integer.toString(settings.minInsyncReplicas());
    return switch (spec.kind()) {
      case COMPACTED -> Map.of("cleanup.policy", "compact", "min.insync.replicas", minIsr);
      case TIMELINE -> Map.of("cleanup.policy", "delete", "min.insync.replicas", minIsr,
          "retention.ms", Long.toString(settings.messagesRetentionMs()));
      case SIGNALS -> Map.of("cleanup.policy", "delete", "min.insync.replicas", minIsr,
          "retention.ms", Long.toString(SIGNALS_RETENTION_MS));
    };
  }
}
