package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an instance makes of the records of one account in partition order, including the orders compaction can
 * leave behind: an old password never comes back, and a logout written from a replaced password still ends sessions.
 */
@ExtendWith(VertxExtension.class)
class AccountRecordsTest {

  private static final String USER = "ada";

  @Test
  void theHighestPasswordVersionCountsWhateverOlderRecordsComeBetween(Vertx vertx, VertxTestContext testContext) {
    PasswordHasher hasher = new PasswordHasher(vertx, 1000);
    AccountService accounts = new AccountService(hasher, null, vertx.eventBus(), Clock.systemUTC(), 4);
    vertx.eventBus().consumer("test.login", msg -> Requests.answer(msg, accounts::login));
    vertx.eventBus().consumer("test.sessions", msg -> Requests.answer(msg, accounts::sessionsValidAfter));

    Future.all(hasher.hash("first password"), hasher.hash("third password"), hasher.hash("rival password"))
        .compose(hashes -> {
          List<JsonObject> partitionOrder = List.of(
              record(hashes.resultAt(0), 0, 0),
              // compaction removed version 1; version 2 is the newest password
              record(hashes.resultAt(1), 2, 2_000),
              // a logout written from version 0 before it heard of the changes, and a rival change that lost
              record(hashes.resultAt(0), 0, 3_000),
              record(hashes.resultAt(2), 2, 2_500));
          for (int offset = 0; offset < partitionOrder.size(); offset++) {
            accounts.apply(new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(Topics.ACCOUNTS.name(), 0, offset, USER,
                partitionOrder.get(offset).encode())), false);
          }
          return Future.all(login(vertx, "third password"), login(vertx, "first password"),
              login(vertx, "rival password"), vertx.eventBus().<JsonObject>request("test.sessions", new JsonObject()));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          assertEquals(List.of(200, 401, 401), List.of(all.resultAt(0), all.resultAt(1), all.resultAt(2)),
              "third, first and rival password");
          assertEquals(3_000L, all.<Message<JsonObject>>resultAt(3).body().getLong(USER),
              "the stale logout still ends the sessions until its instant");
          testContext.completeNow();
        })));
  }

  /** 200 if the password signs the user in, else the refusal's status. */
  private static Future<Integer> login(Vertx vertx, String password) {
    return vertx.eventBus().request("test.login", new JsonObject().put("username", USER).put("password", password))
        .transform(ar -> Future.succeededFuture(ar.succeeded() ? 200 : ((ReplyException) ar.cause()).failureCode()));
  }

  private static JsonObject record(String hash, int version, long sessionsValidAfter) {
    JsonObject record = new JsonObject().put("username", USER).put("passwordHash", hash).put("passwordVersion", version)
        .put("createdAt", 1L);
    return sessionsValidAfter > 0 ? record.put("sessionsValidAfter", sessionsValidAfter) : record;
  }
}
