package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.BreakThrough;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.EnumSet;

import static dev.kaftalk.chat.ChatHarness.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An urgent break-through used today stays used after a restart on the same history store, whose last commit holds
 * it: the restarted instance does not read that record again, so it loads the day's break-throughs from the store.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class UrgentRestartIT {

  @Test
  void todaysBreakThroughStaysUsedAfterARestart(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String sam = SharedInfra.unique("sam");
    String bob = SharedInfra.unique("bob");
    JsonObject chat = ChatHarness.chatConfig().put("historyDir", ChatHarness.newHistoryDir());
    KafkaProducer<String, String> raw = KafkaProducer.create(vertx,
        infra.kafkaSettings().producer(SharedInfra.unique("urgent-test")));
    Checkpoint grantedBefore = testContext.checkpoint();
    Checkpoint refusedAfter = testContext.checkpoint();
    String[] room = new String[1];

    ChatHarness.deploy(vertx, infra, chat)
        .compose(deployment -> raw.send(KafkaProducerRecord.create(Topics.QUIET_HOURS.name(), bob,
                snoozedForAnHourWithOneBreakThrough(System.currentTimeMillis())))
            .compose(v -> ChatHarness.room(vertx, sam, bob))
            .compose(id -> {
              room[0] = id;
              return urgent(vertx, sam, id, "@" + bob + " the build is red", "u1");
            })
            .map(answer -> {
              testContext.verify(() -> assertEquals("now", delivered(answer, bob)));
              grantedBefore.flag();
              return deployment;
            })
            .compose(vertx::undeploy))
        .compose(v -> ChatHarness.deploy(vertx, infra, chat))
        .compose(v -> urgent(vertx, sam, room[0], "@" + bob + " still red", "u2"))
        .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
          assertEquals("later", delivered(answer, bob), "bob allows one break-through a day, used before the restart");
          refusedAfter.flag();
        })));
  }

  /** Sends the text, then asks for it to break through quiet hours: the answer names who gets it now or later. */
  private static Future<JsonObject> urgent(Vertx vertx, String user, String roomId, String text, String clientMsgId) {
    JsonObject send = ChatHarness.text(roomId, text, clientMsgId);
    return ask(vertx, Addresses.CHAT_SEND, user, send)
        .compose(sent -> ask(vertx, Addresses.CHAT_SEND, user, send.copy().put("urgent", true)));
  }

  private static String delivered(JsonObject answer, String user) {
    return answer.getJsonArray("urgent").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("username").equals(user)).map(u -> u.getString("delivered")).findFirst().orElse(null);
  }

  private static String snoozedForAnHourWithOneBreakThrough(long now) {
    return new QuietHours(false, ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0),
        LocalTime.of(7, 0), now + 3_600_000, null, new BreakThrough(BreakThrough.From.ANYONE, 1), 0).toRecord().encode();
  }
}
