package dev.kaftalk.app;

import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kaftalk against the real Apache Kafka and MinIO images instead of the embedded stand-ins, proving that
 * nothing depends on the embedded broker or s3proxy. Skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(VertxExtension.class)
class DockerTierIT {

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  // A dated release rather than latest, so that a run can be reproduced.
  @Container
  private static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");

  private static Kaftalk kaftalk;

  /** The containers are up by now: the Testcontainers extension starts them before any @BeforeAll method. */
  @BeforeAll
  static void startKaftalk(@TempDir Path dataDir) {
    JsonObject config = ConfigLoader.defaults().put("dataDir", dataDir.toString());
    config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
    config.getJsonObject("kafka").put("bootstrapServers", KAFKA.getBootstrapServers());
    config.getJsonObject("s3")
        .put("endpoint", MINIO.getS3URL())
        .put("accessKey", MINIO.getUserName())
        .put("secretKey", MINIO.getPassword())
        .put("bucket", "kaftalk-docker-it");
    kaftalk = Kaftalk.start(config);
  }

  /** Runs even when the start failed, hence the null check. */
  @AfterAll
  static void stopKaftalk() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void readyAgainstRealKafkaAndMinio(Vertx vertx, VertxTestContext testContext) {
    Checkpoint ready = testContext.checkpoint();

    WebClient.create(vertx).get(kaftalk.httpPort(), "127.0.0.1", "/health/ready").send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(200, response.statusCode(), response.bodyAsString());
          assertEquals("UP", response.bodyAsJsonObject().getString("status"));
          ready.flag();
        })));
  }

  @Test
  void mediaRoundTripThroughRealMinio(Vertx vertx, VertxTestContext testContext) {
    Checkpoint posted = testContext.checkpoint();
    Checkpoint downloaded = testContext.checkpoint();
    Checkpoint outsiderRefused = testContext.checkpoint();
    int port = kaftalk.httpPort();
    Buffer png = MediaFixtures.image("png", 800, 600);
    Future<ChatClient> owner = ChatClient.register(vertx, port, "docker-owner", "correct horse battery");
    Future<ChatClient> outsider = ChatClient.register(vertx, port, "docker-outsider", "correct horse battery");
    Future.all(owner, outsider)
        .compose(v -> owner.result().createRoom("docker-media"))
        .compose(room -> owner.result().upload(room.getString("id"), "a.png", png, "image/png", Map.of()))
        .compose(response -> {
          testContext.verify(() -> assertEquals(201, response.statusCode(), response.bodyAsString()));
          posted.flag();
          String path = "/api/media/" + response.bodyAsJsonObject().getJsonObject("message").getJsonObject("media").getString("id");
          return Future.all(owner.result().get(path), owner.result().get(path + "/preview"), outsider.result().get(path));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          io.vertx.ext.web.client.HttpResponse<Buffer> original = all.resultAt(0);
          io.vertx.ext.web.client.HttpResponse<Buffer> preview = all.resultAt(1);
          io.vertx.ext.web.client.HttpResponse<Buffer> refused = all.resultAt(2);
          assertEquals(200, original.statusCode());
          assertEquals("image/png", original.getHeader("Content-Type"));
          assertArrayEquals(png.getBytes(), original.body().getBytes());
          assertEquals(200, preview.statusCode());
          downloaded.flag();
          assertEquals(403, refused.statusCode());
          outsiderRefused.flag();
        })));
  }
}
