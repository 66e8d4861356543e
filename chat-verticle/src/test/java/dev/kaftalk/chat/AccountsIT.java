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
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.kaftalk.chat.ChatHarness.PASSWORD;
import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registration and login rules. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class AccountsIT {

  static JsonObject credentials(String username, String password) {
    return new JsonObject().put("username", username).put("password", password);
  }

  @Test
  void registerRefusesTakenAndInvalidNames(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint registered = testContext.checkpoint();
    Checkpoint taken = testContext.checkpoint();
    Checkpoint invalid = testContext.checkpoint(5);

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
              refused(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials("room", PASSWORD))),
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

  @Test
  void aLoginIgnoresTheCaseOfTheNameAsTypedAndAnswersTheAccountsName(Vertx vertx, SharedInfra infra,
                                                                    VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint loggedIn = testContext.checkpoint();
    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.registered(vertx, name))
        // Names are lowercase only, so "Alice" can only mean alice: a phone's keyboard capitalises the first letter.
        .compose(u -> ask(vertx, Addresses.ACCOUNT_LOGIN, null,
            credentials(" " + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1), PASSWORD)))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertEquals(name, reply.getString("username"));
          loggedIn.flag();
        })));
  }

  @Test
  void aFloodOfSignUpsIsRefusedBeyondItsBoundAndLoginsKeepWorking(Vertx vertx, SharedInfra infra,
                                                                  VertxTestContext testContext) {
    int flood = 40;
    int bound = 4;
    // The production hash cost: the point is what a flood of real PBKDF2 work does to a login.
    JsonObject chat = new JsonObject().put("passwordIterations", 210_000).put("maxPendingSignups", bound);
    String member = SharedInfra.unique("u");
    Checkpoint floodAnswered = testContext.checkpoint();
    Checkpoint memberSignedIn = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra, chat)
        .compose(id -> ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials(member, PASSWORD)))
        .compose(registered -> {
          List<Future<Integer>> signups = new ArrayList<>();
          for (int i = 0; i < flood; i++) {
            signups.add(ask(vertx, Addresses.ACCOUNT_REGISTER, null, credentials(SharedInfra.unique("f"), PASSWORD))
                .transform(ar -> Future.succeededFuture(ar.succeeded() ? 200 : ((ReplyException) ar.cause()).failureCode())));
          }
          long loginStarted = System.nanoTime();
          Future<Long> login = ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(member, PASSWORD))
              .map(reply -> {
                testContext.verify(() -> assertEquals(member, reply.getString("username")));
                return (System.nanoTime() - loginStarted) / 1_000_000;
              });
          return Future.all(Future.all(signups), login).map(all -> {
            List<Integer> codes = signups.stream().map(Future::result).toList();
            testContext.verify(() -> {
              assertEquals(bound, codes.stream().filter(c -> c == 200).count(), codes.toString());
              assertEquals(flood - bound, codes.stream().filter(c -> c == 503).count(), codes.toString());
              floodAnswered.flag();
            });
            return login.result();
          });
        })
        .onComplete(testContext.succeeding(loginMs -> {
          LoggerFactory.getLogger(AccountsIT.class).info("Login during a flood of {} sign-ups took {} ms", flood, loginMs);
          memberSignedIn.flag();
        }));
  }

  @Test
  void aPasswordChangeReplacesThePasswordEverywhereAndEndsEarlierSessions(Vertx vertx, SharedInfra infra,
                                                                          VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    String replacement = "a brand new passphrase";
    Checkpoint badChangesRefused = testContext.checkpoint();
    Checkpoint changed = testContext.checkpoint();
    Checkpoint keptAfterRedeploy = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(deployment -> ChatHarness.registered(vertx, name)
            .compose(u -> Future.all(
                refused(ask(vertx, Addresses.ACCOUNT_PASSWORD, name, change("wrong-password", replacement))),
                refused(ask(vertx, Addresses.ACCOUNT_PASSWORD, name, change(PASSWORD, "short"))),
                refused(ask(vertx, Addresses.ACCOUNT_PASSWORD, name, new JsonObject().put("currentPassword", 7)))))
            .compose(refusals -> {
              testContext.verify(() -> {
                assertEquals(403, refusals.<ReplyException>resultAt(0).failureCode());
                assertEquals(400, refusals.<ReplyException>resultAt(1).failureCode());
                assertEquals(400, refusals.<ReplyException>resultAt(2).failureCode());
              });
              badChangesRefused.flag();
              return ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(name, PASSWORD));
            })
            .compose(stillTheOld -> {
              long before = System.currentTimeMillis();
              return ask(vertx, Addresses.ACCOUNT_PASSWORD, name, change(PASSWORD, replacement)).map(reply -> {
                testContext.verify(() -> {
                  assertEquals(name, reply.getString("username"));
                  assertTrue(reply.getLong("validAfter") >= before, "sessions until the change end");
                });
                return reply.getLong("validAfter");
              });
            })
            .compose(validAfter -> expectPassword(vertx, name, replacement)
                .compose(v -> ask(vertx, Addresses.SESSIONS_VALID_AFTER, null, new JsonObject()))
                .map(snapshot -> {
                  testContext.verify(() -> assertEquals(validAfter, snapshot.getLong(name)));
                  changed.flag();
                  return deployment;
                })))
        .compose(vertx::undeploy)
        .compose(v -> ChatHarness.deploy(vertx, infra))
        .compose(v -> expectPassword(vertx, name, replacement))
        .onComplete(testContext.succeeding(v -> keptAfterRedeploy.flag()));
  }

  /** Succeeds if {@code password} signs {@code name} in and the registration password no longer does. */
  static Future<Void> expectPassword(Vertx vertx, String name, String password) {
    return ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(name, password))
        .compose(ok -> refused(ask(vertx, Addresses.ACCOUNT_LOGIN, null, credentials(name, PASSWORD))))
        .compose(old -> old.failureCode() == 401 ? Future.succeededFuture()
            : Future.failedFuture(new AssertionError("old password answered " + old.failureCode())));
  }

  static JsonObject change(String current, String replacement) {
    return new JsonObject().put("currentPassword", current).put("newPassword", replacement);
  }
}
