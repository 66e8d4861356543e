package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.embedded.KraftNode;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When Kafka cannot take the media message, the upload fails and its stored objects are removed again: this
 * instance gets a broker of its own, which the test stops between two uploads.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MediaKafkaDownIT {

  private static KraftNode broker;
  private static Path brokerDir;
  private static int brokerPort;
  private static int controllerPort;
  private static Kaftalk kaftalk;
  private static MinioClient s3;
  private static String bucket;

  @BeforeAll
  static void start(SharedInfra infra, @TempDir Path dir) {
    brokerDir = dir.resolve("kafka");
    brokerPort = FreePorts.pick();
    controllerPort = FreePorts.pick();
    broker = KraftNode.startSingle(brokerDir, brokerPort, controllerPort);
    JsonObject config = TestInstances.config(infra, dir.resolve("app"));
    config.getJsonObject("kafka").put("bootstrapServers", broker.bootstrapServers());
    config.put("chat", new JsonObject().put("applyTimeoutMs", 2_000));
    bucket = config.getJsonObject("s3").getString("bucket");
    kaftalk = Kaftalk.start(config);
    s3 = MinioClient.builder().endpoint(infra.s3Endpoint())
        .credentials(SharedInfra.ACCESS_KEY, SharedInfra.SECRET_KEY).region("us-east-1").build();
  }

  @AfterAll
  static void stop() {
    if (broker == null) {
      // Back on the same ports, so that the instance's Kafka clients close promptly instead of retrying for minutes.
      broker = KraftNode.startSingle(brokerDir, brokerPort, controllerPort);
    }
    if (kaftalk != null) {
      kaftalk.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aFailedKafkaWriteLeavesNoObject(Vertx vertx, VertxTestContext testContext) {
    Checkpoint firstStored = testContext.checkpoint();
    Checkpoint secondRefused = testContext.checkpoint();
    Checkpoint nothingLeft = testContext.checkpoint();
    int port = kaftalk.httpPort();
    ChatClient.register(vertx, port, SharedInfra.unique("kim"), "correct horse battery")
        .compose(kim -> kim.createRoom(SharedInfra.unique("outage")).compose(room -> {
          String roomId = room.getString("id");
          return kim.upload(roomId, "a.png", MediaFixtures.image("png", 600, 400), "image/png", Map.of())
              .compose(first -> {
                testContext.verify(() -> assertEquals(201, first.statusCode(), first.bodyAsString()));
                return countObjects(vertx);
              })
              .compose(before -> {
                testContext.verify(() -> assertEquals(3, before, "the image, its preview and its facts"));
                firstStored.flag();
                return vertx.executeBlocking(() -> {
                  broker.close();
                  broker = null;
                  return before;
                });
              })
              .compose(before -> kim.upload(roomId, "b.png", MediaFixtures.image("png", 600, 400), "image/png", Map.of())
                  .compose(second -> {
                    testContext.verify(() -> {
                      assertEquals(503, second.statusCode(), second.bodyAsString());
                      secondRefused.flag();
                    });
                    return countObjects(vertx);
                  })
                  .map(after -> {
                    testContext.verify(() -> {
                      assertEquals(before, after, "the second upload's objects must be gone");
                      nothingLeft.flag();
                    });
                    return null;
                  }));
        }))
        .onFailure(testContext::failNow);
  }

  private static Future<Integer> countObjects(Vertx vertx) {
    return MediaFixtures.countObjects(vertx, s3, bucket);
  }
}
