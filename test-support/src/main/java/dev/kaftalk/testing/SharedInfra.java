package dev.kaftalk.testing;

import dev.kaftalk.embedded.EmbeddedS3;
import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.embedded.KraftNode;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.S3Settings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One embedded Kafka broker and one embedded S3 store shared by every test of a test run. Tests stay apart by
 * using unique topic, group, bucket, room and user names, which {@link #unique(String)} makes.
 */
public final class SharedInfra implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  public static final String ACCESS_KEY = "kaftalk-test";
  public static final String SECRET_KEY = "kaftalk-test-secret";

  private final Path dir;
  private final KraftNode kafka;
  private final EmbeddedS3 s3;

  private SharedInfra(Path dir, KraftNode kafka, EmbeddedS3 s3) {
    this.dir = dir;
    this.kafka = kafka;
    this.s3 = s3;
  }

  static SharedInfra start() {
    try {
      Path dir = Files.createTempDirectory("kaftalk-shared-infra");
      KraftNode kafka = KraftNode.startSingle(dir.resolve("kafka"), FreePorts.pick(), FreePorts.pick());
      EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, ACCESS_KEY, SECRET_KEY);
      return new SharedInfra(dir, kafka, s3);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A name nobody else in this test run uses: {@code prefix-<random>}, lowercase so it is a valid bucket name too. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  /** Client settings for the shared broker, single replica as it has one node. */
  public KafkaSettings kafkaSettings() {
    return new KafkaSettings(bootstrapServers(), 5, 3, 1, 1, -1);
  }

  public S3Settings s3Settings(String bucket) {
    return new S3Settings(s3Endpoint(), ACCESS_KEY, SECRET_KEY, bucket, "us-east-1");
  }

  /** The {@code kafka} and {@code s3} config sections pointing at the shared infrastructure. */
  public JsonObject appConfig(Path dataDir, String bucket) {
    return new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
        .put("kafka", new JsonObject().put("bootstrapServers", bootstrapServers()).put("partitions", 3))
        .put("s3", new JsonObject().put("endpoint", s3Endpoint()).put("accessKey", ACCESS_KEY)
            .put("secretKey", SECRET_KEY).put("bucket", bucket));
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    s3.close();
    kafka.close();
  }
}
