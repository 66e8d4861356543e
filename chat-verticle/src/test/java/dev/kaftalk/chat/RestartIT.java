package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.kaftalk.chat.ChatHarness.PASSWORD;
import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static dev.kaftalk.chat.ChatHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A redeployed instance rebuilds accounts, rooms, memberships, history and resend detection from Kafka alone. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class RestartIT {

  @Test
  void redeployRebuildsStateFromKafka(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String clientMsgId = SharedInfra.unique("c");
    String[] room = new String[1];
    JsonObject[] beforeRestart = new JsonObject[2];
    Checkpoint account = testContext.checkpoint();
    Checkpoint rooms = testContext.checkpoint();
    Checkpoint historyKept = testContext.checkpoint();
    Checkpoint resendKnown = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(deployment -> ChatHarness.registered(vertx, alice)
            .compose(u -> ChatHarness.room(vertx, alice, bob))
            .compose(id -> {
              room[0] = id;
              return ask(vertx, Addresses.ROOMS_LEAVE, bob, roomId(id));
            })
            .compose(v -> ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "kept", clientMsgId)))
            .compose(first -> {
              beforeRestart[0] = first;
              return history(vertx, alice, roomId(room[0]));
            })
            .compose(page -> {
              beforeRestart[1] = new JsonObject().put("messages", page);
              return vertx.undeploy(deployment);
            }))
        .compose(v -> ChatHarness.deploy(vertx, infra))
        .compose(v -> ask(vertx, Addresses.ACCOUNT_LOGIN, null,
            new JsonObject().put("username", alice).put("password", PASSWORD)))
        .compose(login -> {
          testContext.verify(() -> assertEquals(alice, login.getString("username")));
          account.flag();
          return ChatHarness.askList(vertx, alice);
        })
        .compose(list -> {
          testContext.verify(() -> {
            JsonObject listed = list.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("id").equals(room[0])).findFirst().orElseThrow();
            assertTrue(listed.getBoolean("joined"));
            assertEquals(1, listed.getInteger("memberCount"));
          });
          rooms.flag();
          return history(vertx, alice, roomId(room[0]));
        })
        .compose(page -> {
          testContext.verify(() -> assertEquals(beforeRestart[1].getJsonArray("messages"), page));
          historyKept.flag();
          return ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "kept", clientMsgId));
        })
        .onComplete(testContext.succeeding(resend -> testContext.verify(() -> {
          assertEquals(beforeRestart[0], resend);
          resendKnown.flag();
        })));
  }
}
