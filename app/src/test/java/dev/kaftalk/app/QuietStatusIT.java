package dev.kaftalk.app;

import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A colleague's quiet hours are visible as "quiet until": a presence frame when a window starts or ends by the clock,
 * when a snooze is set or lifted, and in {@code GET /api/rooms} and {@code GET /api/users}, never the schedule itself.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class QuietStatusIT {

  private static final String PASSWORD = "quiet status";
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private final MutableClock clock = MutableClock.startingNow();
  private Kaftalk kaftalk;

  @AfterEach
  void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void othersSeeAWindowStartAndEndBySnoozeAndByTheClock(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                                        VertxTestContext testContext) {
    Checkpoint windowSeen = testContext.checkpoint();
    Checkpoint windowOver = testContext.checkpoint();
    Checkpoint snoozeSeen = testContext.checkpoint();
    Checkpoint snoozeLifted = testContext.checkpoint();
    kaftalk = Kaftalk.start(TestInstances.config(infra, dir)
        .put("chat", new JsonObject().put("passwordIterations", 1000)), clock);
    int port = kaftalk.httpPort();
    Instant now = clock.instant();
    Instant windowStart = now.plus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MINUTES);
    long windowEnd = now.plus(Duration.ofMinutes(62)).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    JsonObject window = QuietFrames.snoozedUntil(0).put("enabled", true).putNull("snoozeUntil")
        .put("start", HH_MM.format(windowStart)).put("end", HH_MM.format(Instant.ofEpochMilli(windowEnd)));
    String bobName = SharedInfra.unique("bob");
    Future<ChatClient> ann = ChatClient.register(vertx, port, SharedInfra.unique("ann"), PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, port, bobName, PASSWORD);
    Future.all(ann, bob)
        .compose(v -> ann.result().createRoom(SharedInfra.unique("room")))
        .compose(room -> bob.result().join(room.getString("id")).map(room.getString("id")))
        .compose(roomId -> ann.result().connect().compose(annSocket -> QuietFrames.put(bob.result(), window)
            // Saved, not yet quiet: the window opens at the next whole minute but one.
            .compose(saved -> find(ann.result(), bobName))
            .compose(found -> {
              testContext.verify(() -> assertEquals(null, found.getValue("quiet"), "not quiet before the window"));
              clock.advance(Duration.between(now, windowStart).plusSeconds(1));
              return annSocket.awaitFrame(presenceOf(bobName, q -> q != null && q.getLong("until") == windowEnd));
            })
            .compose(frame -> Future.all(ann.result().rooms(), find(ann.result(), bobName)).map(answers -> {
              JsonObject listed = answers.<JsonArray>resultAt(0).stream()
                  .map(r -> (JsonObject) r).filter(r -> roomId.equals(r.getString("id"))).findFirst().orElseThrow();
              testContext.verify(() -> {
                assertEquals(new JsonObject().put("username", bobName).put("until", windowEnd),
                    listed.getJsonArray("quiet").getJsonObject(0), "the room list says bob is quiet until the end");
                assertEquals(new JsonObject().put("until", windowEnd),
                    answers.<JsonObject>resultAt(1).getJsonObject("quiet"), "so does the user directory");
                windowSeen.flag();
              });
              return annSocket;
            }))))
        .compose(annSocket -> {
          clock.advance(Duration.ofHours(1));
          return afterQuietFrames(annSocket, bobName, 1).map(frame -> {
            windowOver.flag();
            return annSocket;
          });
        })
        .compose(annSocket -> {
          long snoozeUntil = clock.millis() + 3_600_000;
          return QuietFrames.put(bob.result(), QuietFrames.snoozedUntil(snoozeUntil))
              .compose(saved -> annSocket.awaitFrame(presenceOf(bobName,
                  q -> q != null && q.getLong("until") == snoozeUntil)))
              .map(frame -> {
                snoozeSeen.flag();
                return annSocket;
              });
        })
        .compose(annSocket -> QuietFrames.put(bob.result(), window.copy().put("enabled", false))
            .compose(saved -> afterQuietFrames(annSocket, bobName, 2)))
        .onComplete(testContext.succeeding(frame -> snoozeLifted.flag()));
  }

  /** The presence frame about {@code user} saying "not quiet" that follows the {@code n}-th one saying "quiet". */
  private static Future<JsonObject> afterQuietFrames(BridgeConnection socket, String user, int n) {
    int[] quietSeen = {0};
    return socket.awaitFrame(frame -> {
      if (!presenceOf(user, q -> true).test(frame)) {
        return false;
      }
      if (frame.getValue("quiet") != null) {
        quietSeen[0]++;
        return false;
      }
      return quietSeen[0] >= n;
    });
  }

  private static Predicate<JsonObject> presenceOf(String user, Predicate<JsonObject> quiet) {
    return frame -> "presence".equals(frame.getString("type")) && user.equals(frame.getString("username"))
        && frame.containsKey("quiet") && quiet.test(frame.getJsonObject("quiet"));
  }

  private static Future<JsonObject> find(ChatClient client, String username) {
    return client.get("/api/users?q=" + username).map(r -> r.bodyAsJsonArray().getJsonObject(0));
  }
}
