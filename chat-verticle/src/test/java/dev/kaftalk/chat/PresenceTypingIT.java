package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.memberOn;
import static dev.kaftalk.chat.ChatHarness.eventually;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Typing and presence frames, across instances and when an instance falls silent. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class PresenceTypingIT {

  private static final JsonObject FAST_PRESENCE = ChatHarness.chatConfig()
      .put("presenceHeartbeatMs", 200).put("presenceExpiryMs", 1000);

  private Vertx other;

  @BeforeEach
  void startOther() {
    other = Vertx.vertx();
  }

  @AfterEach
  void closeOther() throws Exception {
    other.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static JsonObject socket(String username, String socketId) {
    return new JsonObject().put("username", username).put("socketId", socketId);
  }

  @Test
  void typingReachesTheOtherMembersOnEveryInstance(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String[] room = new String[1];
    Checkpoint typingSeen = testContext.checkpoint();

    ChatHarness.inbox(other, bob, msg -> {
      if ("typing".equals(msg.body().getString("type"))) {
        testContext.verify(() -> {
          assertEquals(room[0], msg.body().getString("roomId"));
          assertEquals(alice, msg.body().getString("username"));
        });
        typingSeen.flag();
      }
    });

    ChatHarness.deploy(vertx, infra)
        .compose(v -> ChatHarness.deploy(other, infra))
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(id -> {
          room[0] = id;
          return Future.all(memberOn(other, alice, id), memberOn(other, bob, id));
        })
        .onComplete(testContext.succeeding(v -> vertx.eventBus().send(Addresses.CHAT_TYPING, roomId(room[0]),
            new DeliveryOptions().addHeader(Addresses.USER_HEADER, alice))));
  }

  @Test
  void presenceFollowsSocketsOnAnotherInstance(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String[] room = new String[1];
    AtomicInteger frames = new AtomicInteger();
    Checkpoint online = testContext.checkpoint();
    Checkpoint listedOnline = testContext.checkpoint();
    Checkpoint offline = testContext.checkpoint();

    ChatHarness.inbox(other, bob, msg -> {
      JsonObject frame = msg.body();
      if (!"presence".equals(frame.getString("type")) || !alice.equals(frame.getString("username"))) {
        return;
      }
      int n = frames.incrementAndGet();
      testContext.verify(() -> {
        assertEquals(room[0], frame.getString("roomId"));
        assertEquals(n == 1, frame.getBoolean("online"));
      });
      if (n == 1) {
        online.flag();
        eventually(other, () -> ChatHarness.askList(other, bob), list -> onlineIn(list, room[0]).contains(alice), 10_000)
            .onComplete(testContext.succeeding(list -> {
              listedOnline.flag();
              vertx.eventBus().send(Addresses.PRESENCE_DISCONNECTED, socket(alice, "s1"));
            }));
      } else {
        offline.flag();
      }
    });

    ChatHarness.deploy(vertx, infra, FAST_PRESENCE)
        .compose(v -> ChatHarness.deploy(other, infra, FAST_PRESENCE))
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(id -> {
          room[0] = id;
          return Future.all(memberOn(other, alice, id), memberOn(other, bob, id));
        })
        .onComplete(testContext.succeeding(v -> vertx.eventBus().send(Addresses.PRESENCE_CONNECTED, socket(alice, "s1"))));
  }

  @Test
  void silentInstanceUsersGoOffline(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String ghost = SharedInfra.unique("ghost");
    AtomicInteger frames = new AtomicInteger();
    Checkpoint online = testContext.checkpoint();
    Checkpoint expired = testContext.checkpoint();
    KafkaProducer<String, String> producer =
        KafkaProducer.create(vertx, infra.kafkaSettings().producer(SharedInfra.unique("chat-test")));

    ChatHarness.inbox(vertx, bob, msg -> {
      JsonObject frame = msg.body();
      if ("presence".equals(frame.getString("type")) && alice.equals(frame.getString("username"))) {
        int n = frames.incrementAndGet();
        testContext.verify(() -> assertEquals(n == 1, frame.getBoolean("online")));
        (n == 1 ? online : expired).flag();
      }
    });

    // One heartbeat from an instance that then dies without saying goodbye.
    JsonObject heartbeat = new JsonObject().put("type", "heartbeat").put("instanceId", ghost)
        .put("users", new JsonArray(List.of(alice)));
    ChatHarness.deploy(vertx, infra, FAST_PRESENCE)
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(v -> producer.send(KafkaProducerRecord.create(Topics.SIGNALS.name(), ghost, heartbeat.encode())))
        .onComplete(testContext.succeeding(v -> { }));
  }

  private static List<Object> onlineIn(JsonArray rooms, String roomId) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("id").equals(roomId))
        .findFirst().map(r -> r.getJsonArray("online").getList()).orElse(List.of());
  }
}
