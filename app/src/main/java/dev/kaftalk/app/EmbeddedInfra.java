package dev.kaftalk.app;

import dev.kaftalk.embedded.EmbeddedS3;
import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.embedded.KraftNode;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Starts the in-process Kafka broker and S3 store for whichever of the two the configuration leaves unset,
 * and writes their addresses back into the configuration.
 */
final class EmbeddedInfra implements AutoCloseable {

  /** Partitions of each topic created on the embedded broker unless {@code kafka.partitions} says otherwise. */
  static final int EMBEDDED_PARTITIONS = 1;

  private KraftNode kafka;
  private EmbeddedS3 s3;

  /** Blocking: call it before Vert.x starts, never on an event loop. */
  static EmbeddedInfra startMissing(JsonObject config, StartupPhases phases) {
    EmbeddedInfra infra = new EmbeddedInfra();
    Path dataDir = Path.of(config.getString("dataDir"));
    JsonObject embedded = config.getJsonObject("embedded", new JsonObject());
    JsonObject kafkaConf = config.getJsonObject("kafka");
    JsonObject s3Conf = config.getJsonObject("s3");
    try {
      if (isBlank(kafkaConf.getString("bootstrapServers"))) {
        int brokerPort = FreePorts.orPick(embedded.getInteger("kafkaPort", 0));
        infra.kafka = phases.blocking("kafka", () -> KraftNode.startSingle(dataDir.resolve("kafka"), brokerPort,
            FreePorts.pick()));
        kafkaConf.put("bootstrapServers", infra.kafka.bootstrapServers());
        if (!kafkaConf.containsKey("partitions")) {
          // One broker gains nothing from spreading a topic, and each new partition costs its own synced files:
          // 48 of them were 0.5-0.8 s of an empty data dir's start-up.
          kafkaConf.put("partitions", EMBEDDED_PARTITIONS);
        }
      }
      if (isBlank(s3Conf.getString("endpoint"))) {
        // The embedded store only listens on loopback for this process, so a fresh secret per run is enough.
        String accessKey = orDefault(s3Conf.getString("accessKey"), "kaftalk");
        String secretKey = orDefault(s3Conf.getString("secretKey"), randomSecret());
        infra.s3 = phases.blocking("s3", () -> EmbeddedS3.start(dataDir.resolve("media"), embedded.getInteger("s3Port", 0),
            accessKey, secretKey));
        s3Conf.put("endpoint", infra.s3.endpoint()).put("accessKey", accessKey).put("secretKey", secretKey);
      }
      return infra;
    } catch (RuntimeException e) {
      infra.close();
      throw e;
    }
  }

  String describeKafka(String bootstrapServers) {
    return (kafka != null ? "embedded " : "") + bootstrapServers;
  }

  String describeS3(String endpoint) {
    return (s3 != null ? "embedded " : "") + endpoint;
  }

  @Override
  public void close() {
    if (s3 != null) {
      s3.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String orDefault(String value, String fallback) {
    return isBlank(value) ? fallback : value;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
