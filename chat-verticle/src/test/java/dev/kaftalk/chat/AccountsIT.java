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

import static dev.kaftalk.chat.ChatHarness.PASSWORD;
import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Registration and login rules. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class AccountsIT {

  private static JsonObject credentials(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  @Test
  void registerRefusesTakenAndInvalidNames(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint registered = testContext.checkpoint();
    Checkpoint taken = testContext.checkpoint();
    Checkpoint invalid = testContext.checkpoint(4);

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials(name, PASSWORD)))
        .compose(reply -> {
          testContext.verify(() -> assertEquals(name, reply.getString("username")));
          registered.flag();
          return refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials(name, "another-password")));
        })
        .compose(e -> {
          testContext.verify(() -> assertEquals(409, e.failureCode()));
          taken.flag();
          return Future.all(
              refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials("ab", PASSWORD))),
              refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials("Upper-" + name, PASSWORD))),
              refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials("x".repeat(33), PASSWORD))),
              refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials(SharedInfra.unique("u"), "short"))));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            assertEquals(400, all.<ReplyException>resultAt(i).failureCode());
            invalid.flag();
          }
        })));
  }

  @Test
  void loginAnswersTheSameForUnknownUserAndWrongPassword(Vertx vertx, SharedInfra infra,
                                                         VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint loggedIn = testContext.checkpoint();
    Checkpoint refusedAlike = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.registered(vertx, name))
        .compose(u -> ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(name, PASSWORD)))
        .compose(reply -> {
          testContext.verify(() -> assertEquals(name, reply.getString("username")));
          loggedIn.flag();
          return Future.all(
              refused(ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(name, "wrong-password"))),
              refused(ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(SharedInfra.unique("nobody"), PASSWORD))));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          ReplyException wrong = all.resultAt(0);
          ReplyException unknown = all.resultAt(1);
          assertEquals(401, wrong.failureCode());
          assertEquals(401, unknown.failureCode());
          assertEquals(wrong.getMessage(), unknown.getMessage());
          refusedAlike.flag();
        })));
  }
}
