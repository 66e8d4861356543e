package dev.kaftalk.app;

import dev.kaftalk.embedded.EmbeddedS3;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher started in-process: readiness, metrics, restart on the same data, and readiness losing S3. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class LauncherIT {

  private final List<Kaftalk> started = new ArrayList<>();

  @AfterEach
  void stopInstances() {
    started.forEach(Kaftalk::close);
  }

  private Kaftalk start(JsonObject config) {
    Kaftalk kaftalk = Kaftalk.start(config);
    started.add(kaftalk);
    return kaftalk;
  }

  @Test
  void embeddedDefaultRunIsReadyAndExposesMetrics(@TempDir Path dir, Vertx vertx, VertxTestContext testContext) {
    Kaftalk kaftalk = start(embeddedConfig(dir));
    WebClient http = WebClient.create(vertx);
    Checkpoint ready = testContext.checkpoint();
    Checkpoint live = testContext.checkpoint();
    Checkpoint metrics = testContext.checkpoint();

    get(http, kaftalk, "/health/ready")
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode(), response.bodyAsString());
            JsonObject body = response.bodyAsJsonObject();
            assertEquals("UP", body.getString("status"));
            assertEquals("kafka,s3,quiet-hours", body.getJsonArray("checks").stream()
                .map(c -> ((JsonObject) c).getString("component")).collect(Collectors.joining(",")));
            ready.flag();
          });
          return get(http, kaftalk, "/health/live");
        })
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode());
            live.flag();
          });
          return get(http, kaftalk, "/metrics");
        })
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(200, response.statusCode());
          assertTrue(response.getHeader("Content-Type").startsWith("text/plain"));
          String text = response.bodyAsString();
          assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics");
          assertTrue(text.contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/health/ready\"}"),
              "Vert.x HTTP server metrics by route");
          assertTrue(text.contains("vertx_eventbus_handlers"), "Vert.x event-bus metrics");
          assertTrue(text.contains("kaftalk_bridge_sockets 0.0"), "Kaftalk's bridge socket gauge");
          metrics.flag();
        })));
  }

  @Test
  void restartOnSameDataKeepsTopicsAndRecords(@TempDir Path dir, Vertx vertx, VertxTestContext testContext) {
    JsonObject config = embeddedConfig(dir);
    String roomId = SharedInfra.unique("room");
    Kaftalk first = Kaftalk.start(config);
    KafkaSettings kafka = kafkaOf(first);
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, kafka.producer(SharedInfra.unique("test")));
    producer.send(KafkaProducerRecord.create(Topics.MESSAGES.name(), roomId, "{\"text\":\"before restart\"}"))
        .compose(metadata -> producer.close())
        .toCompletionStage().toCompletableFuture().join();
    first.close();

    Kaftalk second = start(config);
    KafkaSettings after = kafkaOf(second);
    Checkpoint topics = testContext.checkpoint();
    Checkpoint record = testContext.checkpoint();
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, after.admin(SharedInfra.unique("test-admin")));
    admin.listTopics().onComplete(testContext.succeeding(names -> testContext.verify(() -> {
      Topics.ALL.forEach(t -> assertTrue(names.contains(t.name()), t.name() + " survives the restart"));
      topics.flag();
    })));
    KafkaConsumer<String, String> consumer =
        KafkaConsumer.create(vertx, after.consumer(SharedInfra.unique("test-restart"), SharedInfra.unique("test")));
    consumer.handler(r -> {
      if (roomId.equals(r.key())) {
        testContext.verify(() -> {
          assertEquals("{\"text\":\"before restart\"}", r.value());
          record.flag();
        });
      }
    });
    consumer.subscribe(Topics.MESSAGES.name());
  }

  @Test
  void readinessReports503WithReasonWhenS3Goes(@TempDir Path dir, SharedInfra infra, Vertx vertx,
                                              VertxTestContext testContext) {
    EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "ak", "secret-key");
    JsonObject config = infra.appConfig(dir.resolve("data"), SharedInfra.unique("bucket"));
    config.getJsonObject("s3").put("endpoint", s3.endpoint()).put("accessKey", "ak").put("secretKey", "secret-key");
    Kaftalk kaftalk = start(config);
    WebClient http = WebClient.create(vertx);
    Checkpoint upFirst = testContext.checkpoint();
    Checkpoint downAfter = testContext.checkpoint();
    String endpoint = s3.endpoint();

    get(http, kaftalk, "/health/ready")
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode(), response.bodyAsString());
            upFirst.flag();
          });
          return vertx.executeBlocking(() -> {
            s3.close();
            return null;
          });
        })
        .compose(v -> get(http, kaftalk, "/health/ready"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(503, response.statusCode());
          JsonObject body = response.bodyAsJsonObject();
          assertEquals("DOWN", body.getString("status"));
          assertEquals("not_ready", body.getJsonObject("error").getString("code"));
          assertTrue(body.getJsonObject("error").getString("message").contains(endpoint),
              "the reason names the S3 endpoint: " + body);
          downAfter.flag();
        })));
  }

  private static JsonObject embeddedConfig(Path dir) {
    JsonObject config = ConfigLoader.defaults();
    config.put("dataDir", dir.resolve("data").toString());
    config.getJsonObject("http").put("port", 0).put("host", "127.0.0.1");
    return config;
  }

  private static KafkaSettings kafkaOf(Kaftalk kaftalk) {
    return KafkaSettings.fromJson(kaftalk.config().getJsonObject("kafka"));
  }

  private static Future<HttpResponse<Buffer>> get(WebClient http, Kaftalk kaftalk, String path) {
    return http.get(kaftalk.httpPort(), "127.0.0.1", path).send();
  }
}
