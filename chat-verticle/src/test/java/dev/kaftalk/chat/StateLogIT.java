package dev.kaftalk.chat;

import ch.qos.logback.classic.Level;
import dev.kaftalk.model.Codec;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.logs.LogRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timeline record this version cannot read (here: an event type from a newer version) is skipped with one WARN
 * naming where it lies, and the records around it are applied: start-up neither crashes nor stalls on it.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class StateLogIT {

  private LogRecorder log;

  @BeforeEach
  void recordWarnings() {
    log = LogRecorder.attach();
  }

  @AfterEach
  void stopRecording() {
    log.detach();
  }

  @Test
  void anUnknownTimelineEventIsSkippedWithOneWarning(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String topic = SharedInfra.unique("state-log");
    Codec<TimelineEvent> codec = TimelineEvent.CODEC;
    TimelineEvent joined = new TimelineEvent.Joined("r1", "ada", 1L);
    TimelineEvent left = new TimelineEvent.Left("r1", "ada", 2L);
    List<String> values = List.of(codec.encode(joined), "{\"type\":\"pinned\",\"roomId\":\"r1\",\"id\":\"x\"}",
        codec.encode(left));
    List<TimelineEvent> applied = new ArrayList<>();
    StateLog state = new StateLog(vertx, infra.kafkaSettings(), SharedInfra.unique("state-test"),
        Map.of(topic, (record, live) -> applied.add(codec.decode(record.value()))), new AppliedOffsets());
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, infra.kafkaSettings().admin(SharedInfra.unique("admin")));
    KafkaProducer<String, String> producer =
        KafkaProducer.create(vertx, infra.kafkaSettings().producer(SharedInfra.unique("state-test")));

    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
        // One producer, one partition: the records land in the order they are sent.
        .compose(v -> Future.all(values.stream()
            .map(value -> producer.send(KafkaProducerRecord.create(topic, "r1", value))).toList()))
        .compose(v -> state.start())
        .eventually(() -> Future.join(state.close(), producer.close(), admin.close()))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          assertEquals(List.of(joined, left), applied);
          // Kaftalk's own warnings about the topic: the Kafka client warns about its own closing.
          List<String> warnings = log.lines(Level.WARN).stream()
              .filter(line -> line.startsWith("dev.kaftalk") && line.contains(topic)).toList();
          assertEquals(1, warnings.size(), warnings.toString());
          assertTrue(warnings.get(0).contains(topic + "-0@1") && warnings.get(0).contains("'pinned'"),
              warnings.get(0));
          testContext.completeNow();
        })));
  }
}
