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
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends made on the event loop reach a real broker in the order they were made, and never hold the loop. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class LoopProducerIT {

  private static final int SENDS = 200;
  /** Nothing listens on port 1: the producer never gets a topic's metadata, for which Kafka's own send would wait. */
  private static final KafkaSettings NOWHERE = new KafkaSettings("127.0.0.1:1", 0, 1, 1, 1, -1);

  @Test
  void sendsMadeBeforeTheProducerKnowsTheTopicAreStoredInTheirOrder(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    String topic = SharedInfra.unique("loop-order");
    // Held records are offered again only every 100 ms: sends made after the metadata came and before that must
    // still wait behind them.
    LoopProducer producer = producer(vertx, infra.kafkaSettings(), 10_000, 100);
    AtomicInteger mostHeld = new AtomicInteger();
    Checkpoint stored = testContext.checkpoint();

    createTopic(vertx, infra, topic)
        .compose(v -> {
          List<Future<RecordMetadata>> sends = new ArrayList<>();
          Promise<Void> allSent = Promise.promise();
          vertx.setPeriodic(1, id -> {
            sends.add(producer.send(new ProducerRecord<>(topic, "room", "message " + sends.size())));
            mostHeld.accumulateAndGet(producer.holding(), Math::max);
            if (sends.size() == SENDS) {
              vertx.cancelTimer(id);
              allSent.complete();
            }
          });
          return allSent.future().compose(sent -> Future.all(sends)).map(all -> all.<RecordMetadata>list());
        })
        .onComplete(testContext.succeeding(metas -> testContext.verify(() -> {
          assertTrue(mostHeld.get() > 1, "a new producer knows no topic: its first sends wait, held " + mostHeld);
          assertEquals(LongStream.range(0, SENDS).boxed().toList(), metas.stream().map(RecordMetadata::getOffset).toList(),
              "each send is stored at the offset of its turn");
          stored.flag();
        })))
        .eventually(producer::close);
  }

  @Test
  void aRecordKafkaCannotTakeFailsAfterTheHoldWithoutHoldingTheLoop(Vertx vertx, VertxTestContext testContext) {
    LoopProducer producer = producer(vertx, NOWHERE, 300, 5);
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
        long failedAfterMs = (System.nanoTime() - before) / 1_000_000;
        assertTrue(returnedAfterMs < 1_000, "the two sends returned after " + returnedAfterMs + " ms");
        assertTrue(failedAfterMs >= 300, "held for the hold time, failed after " + failedAfterMs + " ms");
        assertInstanceOf(LoopProducer.HoldExpired.class, first.cause());
        assertInstanceOf(LoopProducer.HoldExpired.class, second.cause());
        assertEquals(List.of("first", "second"), failed, "held sends fail in their order");
        failedInTurn.flag();
      })).eventually(producer::close);
    });
  }

  @Test
  void aRecordWaitingCannotCureFailsAtOnceAndHoldsNothingBack(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    String topic = SharedInfra.unique("loop-too-large");
    LoopProducer producer = producer(vertx, infra.kafkaSettings(), 10_000, 5);
    String tooLarge = "x".repeat(2 * 1024 * 1024);
    Checkpoint refusedAlone = testContext.checkpoint();

    createTopic(vertx, infra, topic)
        .compose(v -> producer.send(new ProducerRecord<>(topic, "room", "before")))
        .compose(before -> {
          Future<RecordMetadata> large = producer.send(new ProducerRecord<>(topic, "room", tooLarge));
          int heldAfterLarge = producer.holding();
          return producer.send(new ProducerRecord<>(topic, "room", "after")).map(after -> {
            testContext.verify(() -> {
              assertEquals(0, heldAfterLarge, "a record too large is not held");
              assertInstanceOf(RecordTooLargeException.class, large.cause());
              assertEquals(before.getOffset() + 1, after.getOffset(), "the next record is stored right after");
              refusedAlone.flag();
            });
            return after;
          });
        })
        .onFailure(testContext::failNow)
        .eventually(producer::close);
  }

  @Test
  void aTopicKafkaDoesNotKnowHoldsUpOnlyItsOwnSends(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String topic = SharedInfra.unique("loop-known");
    // Nobody creates this one (the broker creates no topic on its own): Kafka refuses its records for want of metadata.
    String missing = SharedInfra.unique("loop-missing");
    LoopProducer producer = producer(vertx, infra.kafkaSettings(), 10_000, 5);
    Checkpoint notHeldUp = testContext.checkpoint();

    createTopic(vertx, infra, topic)
        .compose(v -> producer.send(new ProducerRecord<>(topic, "room", "before")))
        .compose(before -> {
          Future<RecordMetadata> waiting = producer.send(new ProducerRecord<>(missing, "room", "waits"));
          return producer.send(new ProducerRecord<>(topic, "room", "after")).map(after -> {
            testContext.verify(() -> {
              assertFalse(waiting.isComplete(), "the record for the missing topic is still held");
              assertEquals(1, producer.holding(), "only that record is held");
              assertEquals(before.getOffset() + 1, after.getOffset(), "the known topic's record is stored meanwhile");
              notHeldUp.flag();
            });
            return after;
          });
        })
        .onFailure(testContext::failNow)
        .eventually(producer::close);
  }

  @Test
  void closingFailsWhatIsHeldAndRefusesLaterSends(Vertx vertx, VertxTestContext testContext) {
    LoopProducer producer = producer(vertx, NOWHERE, 10_000, 5);
    Checkpoint closed = testContext.checkpoint();

    vertx.runOnContext(v -> {
      Future<RecordMetadata> held = producer.send(new ProducerRecord<>("loop-closing", "k", "held"));
      producer.close().onComplete(done -> {
        Future<RecordMetadata> late = producer.send(new ProducerRecord<>("loop-closing", "k", "late"));
        testContext.verify(() -> {
          assertTrue(held.failed(), "the held record failed on close");
          assertInstanceOf(IllegalStateException.class, held.cause());
          assertTrue(late.failed(), "a send after close fails at once");
          closed.flag();
        });
      });
    });
  }

  /** A topic of one partition, so that offsets give the order of the sends. */
  private static Future<Void> createTopic(Vertx vertx, SharedInfra infra, String topic) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, infra.kafkaSettings().admin(SharedInfra.unique("admin")));
    return admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).eventually(admin::close);
  }

  private static LoopProducer producer(Vertx vertx, KafkaSettings kafka, long holdMs, long retryMs) {
    return new LoopProducer(vertx, LoopProducer.settings(kafka.producer(SharedInfra.unique("loop"))), holdMs, retryMs);
  }
}
