package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.refused;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static dev.kaftalk.chat.ChatHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Sending: the checks, the rate limit, idempotent resends and fan-out to members' inboxes. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class SendIT {

  @Test
  void refusesNonMembersBadTextAndUnknownRooms(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String eve = SharedInfra.unique("eve");
    Checkpoint refusals = testContext.checkpoint(7);
    Checkpoint longestAccepted = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> {
          List<Future<ReplyException>> attempts = List.of(
              refused(ask(vertx, Addresses.CHAT_SEND, eve, text(room, "hi", "c1"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, text(room, "", "c2"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, text(room, "   \n ", "c3"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, text(room, "x".repeat(4001), "c4"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, text(SharedInfra.unique("missing"), "hi", "c5"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, new JsonObject().put("text", "hi").put("clientMsgId", "c6"))),
              refused(ask(vertx, Addresses.CHAT_SEND, alice, text(room, "hi", "bad id with spaces"))));
          List<Integer> expected = List.of(403, 400, 400, 400, 404, 400, 400);
          return Future.all(attempts).map(all -> {
            testContext.verify(() -> {
              for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), attempts.get(i).result().failureCode(), "attempt " + i);
                refusals.flag();
              }
            });
            return room;
          });
        })
        .compose(room -> ask(vertx, Addresses.CHAT_SEND, alice, text(room, "y".repeat(4000), "c7")))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertEquals(4000, reply.getJsonObject("message").getString("text").length());
          longestAccepted.flag();
        })));
  }

  @Test
  void limitsTheRatePerUser(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    Checkpoint burstAccepted = testContext.checkpoint();
    Checkpoint limited = testContext.checkpoint();
    JsonObject chat = ChatHarness.chatConfig().put("messagesPerSecond", 1).put("messageBurst", 3);

    ChatHarness.deploy(vertx, infra, chat)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> ChatHarness.send(vertx, alice, room, "1")
            .compose(m -> ChatHarness.send(vertx, alice, room, "2"))
            .compose(m -> ChatHarness.send(vertx, alice, room, "3"))
            .compose(m -> {
              burstAccepted.flag();
              return refused(ChatHarness.send(vertx, alice, room, "4"));
            }))
        .onComplete(testContext.succeeding(e -> testContext.verify(() -> {
          assertEquals(429, e.failureCode());
          limited.flag();
        })));
  }

  @Test
  void resendReturnsTheOriginalAndPostsOnce(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String clientMsgId = SharedInfra.unique("c");
    Checkpoint same = testContext.checkpoint();
    Checkpoint postedOnce = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> ask(vertx, Addresses.CHAT_SEND, alice, text(room, "once", clientMsgId))
            .compose(first -> ask(vertx, Addresses.CHAT_SEND, alice, text(room, "once again?", clientMsgId))
                .map(second -> {
                  testContext.verify(() -> {
                    assertEquals(first, second);
                    assertEquals("once", second.getJsonObject("message").getString("text"));
                    assertEquals(clientMsgId, second.getJsonObject("message").getString("clientMsgId"));
                  });
                  same.flag();
                  return room;
                })))
        .compose(room -> ChatHarness.history(vertx, alice, roomId(room)))
        .onComplete(testContext.succeeding(messages -> testContext.verify(() -> {
          assertEquals(1, messages.size());
          postedOnce.flag();
        })));
  }

  @Test
  void framesReachMembersOnly(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String carol = SharedInfra.unique("carol");
    Checkpoint delivered = testContext.checkpoint(2);
    Checkpoint carolSentinel = testContext.checkpoint();
    String[] rooms = new String[2];

    for (String member : List.of(alice, bob)) {
      ChatHarness.inbox(vertx, member, msg -> {
        JsonObject frame = msg.body();
        if ("message".equals(frame.getString("type"))) {
          testContext.verify(() -> {
            JsonObject message = frame.getJsonObject("message");
            assertEquals("hello members", message.getString("text"));
            assertEquals(alice, message.getString("author"));
            assertEquals(rooms[0], message.getString("roomId"));
            assertNotNull(message.getString("cursor"));
          });
          delivered.flag();
        }
      });
    }
    // Frames reach one consumer in publish order, so the sentinel proves the earlier message never came.
    ChatHarness.inbox(vertx, carol, msg -> {
      JsonObject frame = msg.body();
      if ("message".equals(frame.getString("type"))) {
        testContext.verify(() -> assertEquals(rooms[1], frame.getJsonObject("message").getString("roomId")));
        carolSentinel.flag();
      }
    });

    ChatHarness.deploy(vertx, infra)
        .compose(id -> Future.all(ChatHarness.room(vertx, alice, bob), ChatHarness.room(vertx, carol)))
        .compose(all -> {
          rooms[0] = all.resultAt(0);
          rooms[1] = all.resultAt(1);
          return ChatHarness.send(vertx, alice, rooms[0], "hello members");
        })
        .compose(m -> ChatHarness.send(vertx, carol, rooms[1], "sentinel"))
        .onComplete(testContext.succeeding(m -> { }));
  }
}
