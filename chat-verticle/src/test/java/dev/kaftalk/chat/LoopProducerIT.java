package dev.kaftalk.chat;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends made on the event loop reach a real broker in the order they were made, and never hold the loop. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class LoopProducerIT {

  private static final int SENDS = 200;

  @Test
  void sendsMadeBeforeTheProducerKnowsTheTopicAreStoredInTheirOrder(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    KafkaSettings kafka = infra.kafkaSettings();
    String topic = SharedInfra.unique("loop-order");
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin(SharedInfra.unique("admin")));
    LoopProducer producer = new LoopProducer(vertx,
        LoopProducer.settings(kafka.producer(SharedInfra.unique("loop"))), 10_000);
    Checkpoint stored = testContext.checkpoint();

    // A new producer knows no topic: the first sends are refused by Kafka and held. One send a millisecond, so that
    // some are made after the metadata has come and before the held ones are offered again.
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
        .compose(v -> {
          List<Future<RecordMetadata>> sends = new ArrayList<>();
          Promise<Void> allSent = Promise.promise();
          vertx.setPeriodic(1, id -> {
            sends.add(producer.send(new ProducerRecord<>(topic, "room", "message " + sends.size())));
            if (sends.size() == SENDS) {
              vertx.cancelTimer(id);
              allSent.complete();
            }
          });
          return allSent.future().compose(sent -> Future.all(sends)).map(all -> all.<RecordMetadata>list());
        })
        .onComplete(testContext.succeeding(metas -> testContext.verify(() -> {
          assertEquals(LongStream.range(0, SENDS).boxed().toList(), metas.stream().map(RecordMetadata::getOffset).toList(),
              "each send is stored at the offset of its turn");
          stored.flag();
        })))
        .eventually(() -> Future.join(producer.close(), admin.close()));
  }

  @Test
  void aRecordKafkaCannotTakeFailsAfterTheHoldWithoutHoldingTheLoop(Vertx vertx, VertxTestContext testContext) {
    // Nothing listens on port 1: the producer never gets the topic's metadata, where Kafka's own send would block.
    KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", 0, 1, 1, 1, -1);
    LoopProducer producer = new LoopProducer(vertx,
        LoopProducer.settings(nowhere.producer(SharedInfra.unique("loop-nowhere"))), 300);
    Checkpoint failedInTurn = testContext.checkpoint();
    List<String> failed = new ArrayList<>();

    vertx.runOnContext(v -> {
      long before = System.nanoTime();
      Future<RecordMetadata> first = producer.send(new ProducerRecord<>("loop-nowhere", "k", "first"))
          .onFailure(e -> failed.add("first"));
      Future<RecordMetadata> second = producer.send(new ProducerRecord<>("loop-nowhere", "k", "second"))
          .onFailure(e -> failed.add("second"));
      long returnedAfterMs = (System.nanoTime() - before) / 1_000_000;
      Future.join(first, second).onComplete(done -> testContext.verify(() -> {
        assertTrue(returnedAfterMs < 1_000, "the two sends returned after " + returnedAfterMs + " ms");
        assertInstanceOf(TimeoutException.class, first.cause());
        assertInstanceOf(TimeoutException.class, second.cause());
        assertEquals(List.of("first", "second"), failed, "held sends fail in their order");
        failedInTurn.flag();
      })).eventually(producer::close);
    });
  }
}
