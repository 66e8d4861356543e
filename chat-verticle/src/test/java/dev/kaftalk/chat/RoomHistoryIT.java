package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.BreakThrough;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A room's history from the history store answers history, catch-up, quiet-hours fetches and the quiet backlog
 * exactly: every message once, in order, with another room's messages and a skipped resend interleaved in the same
 * partition.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class RoomHistoryIT {

  private static final int MESSAGES = 20;

  private final List<JsonObject> sent = new ArrayList<>();
  private String room;

  @Test
  void everyMessageOnceInOrderWhateverSharesItsPartition(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    List<String> expected = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "m" + i).toList();
    Checkpoint pagedBack = testContext.checkpoint();
    Checkpoint pagedForward = testContext.checkpoint();
    Checkpoint fetched = testContext.checkpoint();
    Checkpoint backlog = testContext.checkpoint();
    KafkaProducer<String, String> raw = KafkaProducer.create(vertx,
        infra.kafkaSettings().producer(SharedInfra.unique("cold-test")));
    long start = System.currentTimeMillis();
    JsonObject chat = ChatHarness.chatConfig().put("messagesPerSecond", 1000)
        .put("messageBurst", 1000);

    ChatHarness.deploy(vertx, infra, chat)
        .compose(id -> raw.send(KafkaProducerRecord.create(Topics.QUIET_HOURS.name(), bob, snoozedForAnHour(start))))
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(id -> {
          room = id;
          return ChatHarness.room(vertx, alice);
        })
        .compose(otherRoom -> sendAll(vertx, raw, alice, otherRoom))
        .compose(v -> pageBack(vertx, alice, null, new ArrayList<>()))
        .compose(texts -> {
          testContext.verify(() -> assertEquals(expected, texts));
          pagedBack.flag();
          return pageForward(vertx, alice, sent.get(0).getString("cursor"), new ArrayList<>());
        })
        .compose(texts -> {
          testContext.verify(() -> assertEquals(expected.subList(1, MESSAGES), texts));
          pagedForward.flag();
          return ask(vertx, Addresses.CHAT_MESSAGES_FETCH, null, new JsonObject().put("username", bob)
              .put("refs", new JsonArray().add(new JsonObject().put("roomId", room)
                  .put("offsets", new JsonArray(List.of(offset(9), offset(1), offset(18), offset(2)))))));
        })
        .compose(reply -> {
          testContext.verify(() -> assertEquals(List.of("m10", "m2", "m19", "m3"),
              texts(reply.getJsonArray("messages"))));
          fetched.flag();
          return ChatHarness.eventually(vertx, () -> ask(vertx, Addresses.CHAT_QUIET_BACKLOG, null,
              new JsonObject().put("username", bob).put("from", start)), r -> !r.getJsonArray("refs").isEmpty(),
              10_000);
        })
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          JsonArray refs = reply.getJsonArray("refs");
          assertEquals(1, refs.size(), "only the room bob shares with alice");
          assertEquals(IntStream.range(0, MESSAGES).mapToObj(this::offset).toList(),
              refs.getJsonObject(0).getJsonArray("offsets").getList());
          backlog.flag();
        })));
  }

  /**
   * m1..m20 into the room, a message into another room after each, and after m3 a record that repeats m3's
   * clientMsgId, as a resend racing its original on another instance would: every instance skips it.
   */
  private Future<Void> sendAll(Vertx vertx, KafkaProducer<String, String> raw, String alice, String otherRoom) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 1; i <= MESSAGES; i++) {
      String text = "m" + i;
      chain = chain
          .compose(v -> ChatHarness.send(vertx, alice, room, text))
          .compose(message -> {
            sent.add(message);
            return ChatHarness.send(vertx, alice, otherRoom, "other " + text);
          })
          .compose(other -> text.equals("m3") ? raw.send(KafkaProducerRecord.create(Topics.MESSAGES.name(), room,
              resendOf(sent.get(2)))).mapEmpty() : Future.succeededFuture());
    }
    return chain;
  }

  private static String resendOf(JsonObject original) {
    return new ChatMessage(UUID.randomUUID().toString(), original.getString("roomId"), original.getString("author"),
        original.getLong("ts"), original.getString("clientMsgId"), null, "m3 resent", null).toRecord().encode();
  }

  private static String snoozedForAnHour(long now) {
    return new QuietHours(false, ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0),
        LocalTime.of(7, 0), now + 3_600_000, null, BreakThrough.DEFAULT, 0).toRecord().encode();
  }

  /** Pages of 3 with {@code before}, from the latest page back to the first message. */
  private Future<List<String>> pageBack(Vertx vertx, String user, String before, List<String> older) {
    JsonObject query = roomId(room).put("limit", 3);
    if (before != null) {
      query.put("before", before);
    }
    return history(vertx, user, query).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(older);
      }
      List<String> all = new ArrayList<>(texts(page));
      all.addAll(older);
      return pageBack(vertx, user, page.getJsonObject(0).getString("cursor"), all);
    });
  }

  /** Pages of 4 with {@code after}, as a reconnecting client catches up. */
  private Future<List<String>> pageForward(Vertx vertx, String user, String after, List<String> newer) {
    return history(vertx, user, roomId(room).put("limit", 4).put("after", after)).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(newer);
      }
      newer.addAll(texts(page));
      return pageForward(vertx, user, page.getJsonObject(page.size() - 1).getString("cursor"), newer);
    });
  }

  private long offset(int index) {
    return Long.parseLong(sent.get(index).getString("cursor"));
  }

  private static List<String> texts(JsonArray messages) {
    return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }
}
