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
import java.util.concurrent.TimeUnit;

/**
 * Creates Kaftalk's topics if they are missing. Safe to run from several instances at once: a topic another
 * instance created in the meantime counts as created.
 */
final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private static final long SIGNALS_RETENTION_MS = 10 * 60 * 1000;
  private static final long VISIBILITY_POLL_MS = 20;

  private final KafkaSettings settings;
  private final long timeoutMs;

  TopicProvisioner(KafkaSettings settings, long timeoutMs) {
    this.settings = settings;
    this.timeoutMs = timeoutMs;
  }

  Future<Void> ensureTopics(Vertx vertx, List<TopicSpec> topics) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, settings.admin("app-topic-provisioner"));
    long deadline = System.currentTimeMillis() + timeoutMs;
    return createMissing(admin, topics, deadline)
        .compose(v -> awaitVisible(vertx, admin, topics.stream().map(TopicSpec::name).toList(), deadline))
        .eventually(() -> admin.close(timeoutMs));
  }

  /**
   * Creates every missing topic in one CreateTopics request: the controller writes them as one metadata batch
   * (one request per topic took ~50 ms each on an idle 2-core machine). When another instance created one of them
   * in the meantime, the whole request reports that topic as existing and may leave others uncreated, so it lists
   * again and creates what is still missing.
   */
  private Future<Void> createMissing(KafkaAdminClient admin, List<TopicSpec> topics, long deadline) {
    return admin.listTopics()
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "Kafka is not reachable at " + settings.bootstrapServers() + " (" + e.getMessage() + ")")))
        .compose(existing -> {
          List<TopicSpec> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
          return missing.isEmpty() ? Future.<Void>succeededFuture() : create(admin, missing)
              .recover(e -> isTopicExists(e) && System.currentTimeMillis() < deadline
                  ? createMissing(admin, topics, deadline)
                  : Future.failedFuture(new IllegalStateException("cannot create topics "
                      + missing.stream().map(TopicSpec::name).toList() + ": " + e.getMessage())));
        });
  }

  /**
   * A new topic's metadata reaches the brokers a moment after it is created; a consumer asking for its partitions
   * in that moment is told there are none. So start-up goes on only once the brokers describe every topic. The
   * moment is short on a local broker, so the poll is short too.
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
      return vertx.timer(VISIBILITY_POLL_MS).compose(t -> awaitVisible(vertx, admin, names, deadline));
    });
  }

  private Future<Void> create(KafkaAdminClient admin, List<TopicSpec> specs) {
    List<NewTopic> topics = specs.stream()
        .map(spec -> new NewTopic(spec.name(), settings.partitions(), (short) settings.replicationFactor())
            .setConfig(topicConfig(spec)))
        .toList();
    return admin.createTopics(topics)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onSuccess(v -> specs.forEach(spec -> LOG.info("Created topic {} ({} partitions, replication {}, {})",
            spec.name(), settings.partitions(), settings.replicationFactor(), spec.kind().name().toLowerCase())));
  }

  private static boolean isTopicExists(Throwable e) {
    return e instanceof TopicExistsException || e.getCause() instanceof TopicExistsException;
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
