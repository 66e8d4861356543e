package dev.kaftalk.testing;

import dev.kaftalk.model.KafkaSettings;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A record written through vertx-kafka-client to the embedded broker comes back unchanged. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class KafkaRoundTripIT {

  @Test
  void recordRoundTripsThroughEmbeddedBroker(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    KafkaSettings kafka = infra.kafkaSettings();
    String topic = SharedInfra.unique("roundtrip");
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin(SharedInfra.unique("admin")));
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, kafka.producer(SharedInfra.unique("producer")));
    KafkaConsumer<String, String> consumer =
        KafkaConsumer.create(vertx, kafka.consumer(SharedInfra.unique("test-roundtrip"), SharedInfra.unique("consumer")));
    Checkpoint acknowledged = testContext.checkpoint();
    Checkpoint consumed = testContext.checkpoint();

    consumer.handler(record -> testContext.verify(() -> {
      assertEquals("room-1", record.key());
      assertEquals("{\"text\":\"hello\"}", record.value());
      consumed.flag();
    }));

    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
        .compose(v -> consumer.subscribe(topic))
        .compose(v -> producer.send(KafkaProducerRecord.create(topic, "room-1", "{\"text\":\"hello\"}")))
        .onComplete(testContext.succeeding(metadata -> testContext.verify(() -> {
          assertEquals(topic, metadata.getTopic());
          assertEquals(0L, metadata.getOffset());
          acknowledged.flag();
        })));
  }
}
