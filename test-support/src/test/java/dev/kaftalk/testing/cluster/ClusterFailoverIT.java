package dev.kaftalk.testing.cluster;

import dev.kaftalk.model.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs the leader of a partition while a durable producer writes to it, and checks that Kafka's promise
 * holds: every record it acknowledged is in the log exactly once, and writing goes on on the new leader. Then the
 * same with the active controller instead: controllers lead no partition, so its death must stall no write.
 */
@ExtendWith(VertxExtension.class)
class ClusterFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);
  private static final int RECORDS = 1500;
  private static final int KILL_AFTER_ACKS = RECORDS / 3;
  /** 5 records every 10 ms: slow enough that most records are sent after the kill, whatever the ack latency. */
  private static final int RECORDS_PER_TICK = 5;
  private static final long TICK_MS = 10;
  /**
   * The longest a record may wait for its acknowledgement while the active controller dies. Moving a partition's
   * leadership takes at least a broker session (1.5 s, README "Failover timing"), so anything shorter proves none
   * moved, with room for a noisy CI machine.
   */
  private static final long MAX_ACK_WAIT_ON_CONTROLLER_DEATH_MS = 1_500;

  @TempDir
  Path dir;

  private ThreeBrokerCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = ThreeBrokerCluster.start(dir);
  }

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void acknowledgedRecordsSurviveKillingTheLeaderExactlyOnce(Vertx vertx, VertxTestContext testContext) {
    String topic = "failover-" + UUID.randomUUID();
    Checkpoint killed = testContext.checkpoint();
    Checkpoint survived = testContext.checkpoint();
    killWhileProducing(vertx, topic, c -> c.leaderOf(topic, 0), killed)
        .onComplete(testContext.succeeding(outcome -> testContext.verify(() -> {
          assertSurvived(outcome);
          survived.flag();
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void killingTheActiveControllerStallsNoWrite(Vertx vertx, VertxTestContext testContext) {
    String topic = "failover-" + UUID.randomUUID();
    Checkpoint killed = testContext.checkpoint();
    Checkpoint survivedWithoutStall = testContext.checkpoint();
    killWhileProducing(vertx, topic, ThreeBrokerCluster::controller, killed)
        .onComplete(testContext.succeeding(outcome -> testContext.verify(() -> {
          assertSurvived(outcome);
          assertTrue(outcome.produced().longestAckWaitMs() <= MAX_ACK_WAIT_ON_CONTROLLER_DEATH_MS,
              "a record waited " + outcome.produced().longestAckWaitMs() + " ms for its acknowledgement");
          survivedWithoutStall.flag();
        })));
  }

  /** Writes the topic at a steady pace, SIGKILLs the node {@code victim} names midway, and reads the topic back. */
  private Future<Outcome> killWhileProducing(Vertx vertx, String topic, ToIntFunction<ThreeBrokerCluster> victim,
                                             Checkpoint killed) {
    KafkaSettings kafka = new KafkaSettings(cluster.bootstrapServers(), 5, 1, 3, 2, -1);
    long startNanos = System.nanoTime();
    return createTopic(vertx, kafka, topic)
        .compose(v -> new KillingProducer(vertx, kafka, topic, () -> victim.applyAsInt(cluster), cluster, killed).run())
        .compose(produced -> new TopicReader(vertx, kafka, topic).readToEnd()
            .map(readCounts -> new Outcome(produced, readCounts)))
        .onSuccess(outcome -> LOG.info("Read {} records ({} distinct) back; {} ms from topic creation to verdict",
            outcome.totalRead(), outcome.readCounts().size(), millisSince(startNanos)));
  }

  private static void assertSurvived(Outcome outcome) {
    assertTrue(outcome.produced().ackedAfterKill() > 0, "no record was acknowledged after the kill");
    assertEquals(Set.of(), outcome.lost(), "acknowledged records missing from the topic");
    assertEquals(Map.of(), outcome.duplicated(), "records read more than once, with their counts");
  }

  private static Future<Void> createTopic(Vertx vertx, KafkaSettings kafka, String topic) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, kafka.admin("failover-it-admin"));
    NewTopic newTopic = new NewTopic(topic, kafka.partitions(), (short) kafka.replicationFactor())
        .setConfig(Map.of("min.insync.replicas", Integer.toString(kafka.minInsyncReplicas())));
    return admin.createTopics(List.of(newTopic)).eventually(admin::close);
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /**
   * What the producer saw: the keys Kafka acknowledged, how many of them after the kill, and the longest any record
   * sent after the first acknowledgement waited from its send to its acknowledgement.
   */
  private record Produced(Set<String> acked, int ackedAfterKill, long longestAckWaitMs) {
  }

  private record Outcome(Produced produced, Map<String, Integer> readCounts) {

    int totalRead() {
      return readCounts.values().stream().mapToInt(Integer::intValue).sum();
    }

    Set<String> lost() {
      Set<String> lost = new HashSet<>(produced.acked());
      lost.removeAll(readCounts.keySet());
      return lost;
    }

    Map<String, Integer> duplicated() {
      return readCounts.entrySet().stream()
          .filter(e -> e.getValue() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
  }

  /**
   * Writes {@link #RECORDS} records at a steady pace and SIGKILLs the victim once {@link #KILL_AFTER_ACKS} are
   * acknowledged. All its state is touched only on the event loop of the timer.
   */
  private static final class KillingProducer {

    private final Vertx vertx;
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final IntSupplier victim;
    private final ThreeBrokerCluster cluster;
    private final Checkpoint killed;
    private final List<Future<RecordMetadata>> sends = new ArrayList<>();
    private final Set<String> acked = new HashSet<>();
    private Future<Integer> kill;
    private boolean victimDead;
    private long killedAtNanos;
    private int ackedBeforeKill;
    private int ackedAfterKill;
    private int failed;
    private long longestAckWaitNanos;

    KillingProducer(Vertx vertx, KafkaSettings kafka, String topic, IntSupplier victim, ThreeBrokerCluster cluster,
                    Checkpoint killed) {
      this.vertx = vertx;
      this.producer = KafkaProducer.create(vertx, kafka.producer("failover-it-producer"));
      this.topic = topic;
      this.victim = victim;
      this.cluster = cluster;
      this.killed = killed;
    }

    Future<Produced> run() {
      Promise<Void> allSent = Promise.promise();
      vertx.setPeriodic(TICK_MS, timer -> {
        for (int i = 0; i < RECORDS_PER_TICK && sends.size() < RECORDS; i++) {
          sends.add(send("record-" + sends.size()));
        }
        if (sends.size() == RECORDS) {
          vertx.cancelTimer(timer);
          allSent.complete();
        }
      });
      // A failed send is not an acknowledgement, so it is counted and left out of what must be read back.
      return allSent.future()
          .compose(v -> Future.join(sends).otherwiseEmpty())
          .compose(v -> kill != null ? kill : Future.failedFuture(new AssertionError(
              "only " + ackedBeforeKill + " records were acknowledged, so the leader was never killed")))
          .map(v -> summary())
          .eventually(producer::close);
    }

    private Future<RecordMetadata> send(String key) {
      long sentNanos = System.nanoTime();
      // The first records also wait for the producer's first metadata and connections, which no kill causes.
      boolean warm = !acked.isEmpty();
      return producer.send(KafkaProducerRecord.create(topic, key, key))
          .onSuccess(metadata -> {
            if (warm) {
              longestAckWaitNanos = Math.max(longestAckWaitNanos, System.nanoTime() - sentNanos);
            }
            onAcked(key);
          })
          .onFailure(e -> failed++);
    }

    private void onAcked(String key) {
      acked.add(key);
      if (!victimDead) {
        ackedBeforeKill++;
        if (ackedBeforeKill == KILL_AFTER_ACKS) {
          kill = killVictim();
        }
        return;
      }
      if (ackedAfterKill++ == 0) {
        LOG.info("Acks resumed {} ms after the kill", millisSince(killedAtNanos));
      }
    }

    private Future<Integer> killVictim() {
      return vertx.executeBlocking(() -> {
        int node = victim.getAsInt();
        boolean leader = cluster.leaderOf(topic, 0) == node;
        cluster.kill(node);
        LOG.info("Killed node {}, {} of {}", node, leader ? "the leader" : "not the leader", topic);
        return node;
      }).onSuccess(node -> {
        victimDead = true;
        killedAtNanos = System.nanoTime();
        LOG.info("Node {} dead after {} acks, {} records sent", node, ackedBeforeKill, sends.size());
        killed.flag();
      });
    }

    private Produced summary() {
      long longestAckWaitMs = TimeUnit.NANOSECONDS.toMillis(longestAckWaitNanos);
      LOG.info("Producer done: {} acked before the kill, {} after, {} failed; longest wait for an ack {} ms",
          ackedBeforeKill, ackedAfterKill, failed, longestAckWaitMs);
      return new Produced(Set.copyOf(acked), ackedAfterKill, longestAckWaitMs);
    }
  }

  /** Reads a partition from its start up to the end it had when reading began, counting each key's copies. */
  private static final class TopicReader {

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final String topic;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Promise<Map<String, Integer>> reachedEnd = Promise.promise();
    private long endOffset;

    TopicReader(Vertx vertx, KafkaSettings kafka, String topic) {
      this.consumer = KafkaConsumer.create(vertx,
          kafka.consumer("failover-it-" + UUID.randomUUID(), "failover-it-consumer"));
      this.topic = topic;
      this.partition = new TopicPartition(topic, 0);
    }

    Future<Map<String, Integer>> readToEnd() {
      return consumer.endOffsets(partition)
          .compose(end -> {
            endOffset = end;
            consumer.handler(this::count);
            return consumer.subscribe(topic);
          })
          .compose(v -> reachedEnd.future())
          .eventually(consumer::close);
    }

    private void count(KafkaConsumerRecord<String, String> record) {
      counts.merge(record.key(), 1, Integer::sum);
      if (record.offset() + 1 >= endOffset) {
        reachedEnd.tryComplete(counts);
      }
    }
  }
}
