package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.kaftalk.chat.ChatHarness.PASSWORD;
import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.memberOn;
import static dev.kaftalk.chat.ChatHarness.eventually;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static dev.kaftalk.chat.ChatHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two chat instances on one Kafka, each in its own Vert.x so that each has its own event bus, as two processes do:
 * they agree on order, on resends and on who registered a name first.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class TwoInstancesIT {

  private Vertx other;

  @BeforeEach
  void startOther() {
    other = Vertx.vertx();
  }

  @AfterEach
  void closeOther() throws Exception {
    other.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Future<Void> deployBoth(Vertx vertx, SharedInfra infra) {
    return ChatHarness.deploy(vertx, infra).compose(id -> ChatHarness.deploy(other, infra)).mapEmpty();
  }

  @Test
  void bothInstancesSeeTheSameOrder(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String[] room = new String[1];
    Checkpoint sameOrder = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(id -> {
          room[0] = id;
          return memberOn(other, bob, id);
        })
        .compose(v -> {
          List<Future<JsonObject>> sends = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            sends.add(ChatHarness.send(vertx, alice, room[0], "a" + i));
            sends.add(ChatHarness.send(other, bob, room[0], "b" + i));
          }
          return Future.all(sends);
        })
        .compose(v -> Future.all(
            eventually(vertx, () -> history(vertx, alice, roomId(room[0])), page -> page.size() == 10, 10_000),
            eventually(other, () -> history(other, bob, roomId(room[0])), page -> page.size() == 10, 10_000)))
        .onComplete(testContext.succeeding(pages -> testContext.verify(() -> {
          JsonArray here = pages.resultAt(0);
          JsonArray there = pages.resultAt(1);
          assertEquals(here, there);
          sameOrder.flag();
        })));
  }

  @Test
  void resendOnTheOtherInstanceReturnsTheOriginal(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String sequential = SharedInfra.unique("c");
    String racing = SharedInfra.unique("c");
    String[] room = new String[1];
    Checkpoint sequentialResend = testContext.checkpoint();
    Checkpoint racingResend = testContext.checkpoint();
    Checkpoint postedOnceEach = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> ChatHarness.room(vertx, alice))
        .compose(id -> {
          room[0] = id;
          return memberOn(other, alice, id);
        })
        .compose(v -> ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "first", sequential)))
        .compose(first -> ask(other, Addresses.CHAT_SEND, alice, text(room[0], "first", sequential)).map(resend -> {
          testContext.verify(() -> assertEquals(first, resend));
          sequentialResend.flag();
          return null;
        }))
        .compose(v -> Future.all(
            ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "racing", racing)),
            ask(other, Addresses.CHAT_SEND, alice, text(room[0], "racing", racing))))
        .compose(both -> {
          testContext.verify(() -> assertEquals(both.<JsonObject>resultAt(0), both.resultAt(1)));
          racingResend.flag();
          return Future.all(
              eventually(vertx, () -> history(vertx, alice, roomId(room[0])), page -> page.size() >= 2, 10_000),
              eventually(other, () -> history(other, alice, roomId(room[0])), page -> page.size() >= 2, 10_000));
        })
        .onComplete(testContext.succeeding(pages -> testContext.verify(() -> {
          assertEquals(2, pages.<JsonArray>resultAt(0).size());
          assertEquals(pages.<JsonArray>resultAt(0), pages.resultAt(1));
          postedOnceEach.flag();
        })));
  }

  @Test
  void concurrentRegistrationsOfOneNameHaveOneWinner(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint oneWinner = testContext.checkpoint();
    Checkpoint winnerLogsInOnBoth = testContext.checkpoint();
    JsonObject here = new JsonObject().put("username", name).put("password", PASSWORD + "-here");
    JsonObject there = new JsonObject().put("username", name).put("password", PASSWORD + "-there");

    deployBoth(vertx, infra)
        .compose(v -> {
          Future<JsonObject> registeredHere = ask(vertx, Addresses.ACCOUNT_REGISTER, null, here);
          Future<JsonObject> registeredThere = ask(other, Addresses.ACCOUNT_REGISTER, null, there);
          return Future.join(registeredHere, registeredThere).transform(done -> {
            testContext.verify(() -> {
              assertTrue(registeredHere.succeeded() ^ registeredThere.succeeded(), "exactly one registration wins");
              Future<JsonObject> loser = registeredHere.succeeded() ? registeredThere : registeredHere;
              assertEquals(409, ((ReplyException) loser.cause()).failureCode());
            });
            oneWinner.flag();
            return Future.succeededFuture(registeredHere.succeeded());
          });
        })
        .compose(hereWon -> {
          JsonObject winner = hereWon ? here : there;
          JsonObject loser = hereWon ? there : here;
          return Future.all(
              ask(vertx, Addresses.ACCOUNT_LOGIN, null, winner),
              ask(other, Addresses.ACCOUNT_LOGIN, null, winner),
              ChatHarness.refused(ask(vertx, Addresses.ACCOUNT_LOGIN, null, loser)),
              ChatHarness.refused(ask(other, Addresses.ACCOUNT_LOGIN, null, loser)));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          assertEquals(name, all.<JsonObject>resultAt(0).getString("username"));
          assertEquals(name, all.<JsonObject>resultAt(1).getString("username"));
          assertEquals(401, all.<ReplyException>resultAt(2).failureCode());
          assertEquals(401, all.<ReplyException>resultAt(3).failureCode());
          winnerLogsInOnBoth.flag();
        })));
  }
}
