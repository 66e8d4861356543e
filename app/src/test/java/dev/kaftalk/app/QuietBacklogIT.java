package dev.kaftalk.app;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figure the issue asks for: a quiet user with 10,000 messages waiting across 20 rooms, and the time from the end
 * of the quiet period to the last batch frame on their socket (goal: 2 s). The messages are written straight to
 * {@link Topics#MESSAGES} in the shape the chat service writes, so that the run measures delivery, not sending.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class QuietBacklogIT {

  private static final Logger LOG = LoggerFactory.getLogger(QuietBacklogIT.class);
  private static final int ROOMS = 20;
  private static final int MESSAGES = 10_000;
  private static final String PASSWORD = "backlog password";

  private final MutableClock clock = MutableClock.startingNow();
  private Kaftalk kaftalk;

  @AfterEach
  void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void tenThousandMessagesInTwentyRoomsArriveInOrderedPartsSoonAfterTheEnd(SharedInfra infra, @TempDir Path dir,
                                                                           Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestInstances.config(infra, dir).put("chat", new JsonObject().put("passwordIterations", 1000));
    kaftalk = Kaftalk.start(config, clock);
    int port = kaftalk.httpPort();
    Checkpoint measured = testContext.checkpoint();
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx,
        infra.kafkaSettings().producer(SharedInfra.unique("backlog-writer")));
    Future<ChatClient> quiet = ChatClient.register(vertx, port, SharedInfra.unique("sleepy"), PASSWORD);
    Future<ChatClient> writer = ChatClient.register(vertx, port, SharedInfra.unique("busy"), PASSWORD);
    List<String> rooms = new ArrayList<>();
    long[] endedAt = new long[1];
    Future.all(quiet, writer)
        .compose(v -> chain(IntStream.range(0, ROOMS).mapToObj(i -> (Supplier<Future<Void>>) () ->
            writer.result().createRoom(SharedInfra.unique("backlog")).compose(room -> {
              rooms.add(room.getString("id"));
              return quiet.result().join(room.getString("id"));
            })).toList()))
        .compose(v -> QuietFrames.put(quiet.result(), QuietFrames.snoozedUntil(clock.millis() + 3_600_000)))
        .compose(v -> quiet.result().connect())
        .compose(socket -> Future.all(IntStream.range(0, MESSAGES).mapToObj(n -> {
              String roomId = rooms.get(n % ROOMS);
              ChatMessage message = new ChatMessage(UUID.randomUUID().toString(), roomId, writer.result().username(),
                  System.currentTimeMillis(), "backlog-" + n, null, "Backlog message number " + n
                  + ", about as long as a chat line", null);
              return producer.send(KafkaProducerRecord.create(Topics.MESSAGES.name(), roomId,
                  Topics.MESSAGES.values().encode(new TimelineEvent.Message(message))));
            }).toList())
            // Every room's last message, not only the last room's: the rooms are on different partitions, which
            // the chat service applies each at its own pace.
            .compose(v -> Future.all(IntStream.range(0, ROOMS).mapToObj(r -> QuietFrames.historyUntil(vertx,
                quiet.result(), rooms.get(r), "limit=1", page -> !page.isEmpty()
                    && ("backlog-" + (MESSAGES - ROOMS + r)).equals(page.getJsonObject(0).getString("clientMsgId")),
                60_000)).toList()))
            // Answered by the quiet-hours service after what the gate sent it before: everything is buffered.
            .compose(v -> QuietFrames.get(quiet.result()))
            .compose(v -> {
              endedAt[0] = System.nanoTime();
              clock.advance(Duration.ofHours(2));
              return socket.awaitFrame(f -> QuietFrames.batchComplete(socket));
            })
            .map(last -> socket))
        .eventually(producer::close)
        .onComplete(testContext.succeeding(socket -> testContext.verify(() -> {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - endedAt[0]);
          List<JsonObject> batched = QuietFrames.batched(socket);
          LOG.info("MEASURED: {} messages in {} rooms, {} parts, window end to last batch frame {} ms", batched.size(),
              ROOMS, QuietFrames.batches(socket).size(), millis);
          assertEquals(MESSAGES, batched.size());
          assertEquals(MESSAGES, new HashSet<>(batched.stream().map(m -> m.getString("id")).toList()).size());
          assertEquals(List.of(), QuietFrames.orderProblems(batched));
          assertEquals(MESSAGES / 100, QuietFrames.batches(socket).size(), "parts of the default 100");
          assertTrue(millis < 10_000, "took " + millis + " ms");
          measured.flag();
        })));
  }

  private static Future<Void> chain(List<Supplier<Future<Void>>> steps) {
    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<Void>> step : steps) {
      chain = chain.compose(v -> step.get());
    }
    return chain;
  }
}
