package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.admin.KafkaAdminClient;

import java.util.concurrent.TimeUnit;

/** The chat service: accounts, rooms, sending, fan-out, history and presence. */
public final class ChatVerticle extends VerticleBase {

  private static final long PROBE_TIMEOUT_MS = 3_000;

  private KafkaAdminClient admin;

  @Override
  public Future<?> start() {
    KafkaSettings kafka = KafkaSettings.fromJson(config().getJsonObject("kafka"));
    admin = KafkaAdminClient.create(vertx, kafka.admin("chat-health-" + config().getString("instanceId")));
    return vertx.eventBus()
        .consumer(Addresses.CHAT_HEALTH, msg -> probeKafka().onComplete(h -> msg.reply(h.result().toJson())))
        .completion();
  }

  @Override
  public Future<?> stop() {
    return admin.close();
  }

  private Future<Health> probeKafka() {
    return admin.describeCluster()
        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(cluster -> Health.up("kafka", cluster.getNodes().size() + " broker(s)"))
        .otherwise(e -> Health.down("kafka", "Kafka unreachable: " + e.getMessage()));
  }
}
