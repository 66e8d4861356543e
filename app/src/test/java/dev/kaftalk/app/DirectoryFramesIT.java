package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code directory} and {@code settings} frames of the README's contract: a new room and member counts reach every
 * signed-in user's socket live, and a quiet-hours change reaches the user's other tabs, not anyone else's; both on
 * every instance.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class DirectoryFramesIT {

  private static final String PASSWORD = "directory frames";

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();
  private Kaftalk other;

  @AfterEach
  void stopTheOtherInstance() {
    if (other != null) {
      other.close();
    }
  }

  @Test
  void aNewRoomAndItsMemberCountReachAUserOutsideItAtOnce(Vertx vertx, VertxTestContext testContext) {
    Checkpoint created = testContext.checkpoint();
    Checkpoint joined = testContext.checkpoint();
    String name = SharedInfra.unique("lobby");
    Future<ChatClient> ann = ChatClient.register(vertx, app.port(), SharedInfra.unique("ann"), PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, app.port(), SharedInfra.unique("bob"), PASSWORD);
    Future<ChatClient> cay = ChatClient.register(vertx, app.port(), SharedInfra.unique("cay"), PASSWORD);
    Future.all(ann, bob, cay)
        .compose(v -> bob.result().connect())
        .compose(bobSocket -> ann.result().createRoom(name)
            .compose(room -> bobSocket.awaitFrame(f -> isDirectoryFrameOf(f, room.getString("id"), 1)).map(frame -> {
              testContext.verify(() -> {
                assertEquals(new JsonObject().put("id", room.getString("id")).put("name", name).put("memberCount", 1)
                        .put("kind", "room").put("private", false),
                    frame.getJsonObject("room"), "the room as every list shows it, with no per-user field");
                created.flag();
              });
              return room.getString("id");
            }))
            .compose(roomId -> cay.result().join(roomId)
                .compose(v -> bobSocket.awaitFrame(f -> isDirectoryFrameOf(f, roomId, 2)))))
        .onComplete(testContext.succeeding(frame -> joined.flag()));
  }

  @Test
  void aQuietHoursChangeReachesTheUsersOtherTabsAndNoOneElse(Vertx vertx, VertxTestContext testContext) {
    Checkpoint pushed = testContext.checkpoint();
    long snoozeUntil = System.currentTimeMillis() + 3_600_000;
    Future<ChatClient> dee = ChatClient.register(vertx, app.port(), SharedInfra.unique("dee"), PASSWORD);
    Future<ChatClient> eli = ChatClient.register(vertx, app.port(), SharedInfra.unique("eli"), PASSWORD);
    Future.all(dee, eli)
        .compose(v -> Future.all(dee.result().connect(), eli.result().connect()))
        .compose(sockets -> {
          BridgeConnection deeOtherTab = sockets.resultAt(0);
          BridgeConnection eliSocket = sockets.resultAt(1);
          return dee.result().call(HttpMethod.PUT, "/api/settings/quiet-hours", settings(snoozeUntil))
              .compose(saved -> deeOtherTab.awaitFrame(f -> "settings".equals(f.getString("type"))))
              .compose(deeFrame -> eli.result().call(HttpMethod.PUT, "/api/settings/quiet-hours", settings(null))
                  .compose(saved -> eliSocket.awaitFrame(f -> "settings".equals(f.getString("type"))))
                  .map(eliFrame -> {
                    testContext.verify(() -> {
                      assertEquals(snoozeUntil, deeFrame.getJsonObject("quietHours").getLong("snoozeUntil"));
                      assertEquals(List.of(eliFrame), eliSocket.frames().stream()
                          .filter(f -> "settings".equals(f.getString("type"))).toList(), "only eli's own change");
                    });
                    return null;
                  }));
        })
        .onComplete(testContext.succeeding(v -> pushed.flag()));
  }

  @Test
  void bothFramesReachSocketsOnAnotherInstance(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                               VertxTestContext testContext) {
    other = Kaftalk.start(TestInstances.config(infra, dir));
    Checkpoint directory = testContext.checkpoint();
    Checkpoint settings = testContext.checkpoint();
    Future<ChatClient> fay = ChatClient.register(vertx, app.port(), SharedInfra.unique("fay"), PASSWORD);
    Future<ChatClient> gus = ChatClient.register(vertx, app.port(), SharedInfra.unique("gus"), PASSWORD);
    Future.all(fay, gus)
        .compose(v -> Future.all(gus.result().moveTo(other.httpPort()).connect(),
            fay.result().moveTo(other.httpPort()).connect()))
        .compose(sockets -> {
          BridgeConnection gusOnOther = sockets.resultAt(0);
          BridgeConnection fayOnOther = sockets.resultAt(1);
          fay.result().moveTo(app.port());
          return fay.result().createRoom(SharedInfra.unique("far"))
              .compose(room -> gusOnOther.awaitFrame(f -> isDirectoryFrameOf(f, room.getString("id"), 1)))
              .onSuccess(frame -> directory.flag())
              .compose(frame -> fay.result().call(HttpMethod.PUT, "/api/settings/quiet-hours", settings(42L)))
              .compose(saved -> fayOnOther.awaitFrame(f -> "settings".equals(f.getString("type"))));
        })
        .onComplete(testContext.succeeding(frame -> testContext.verify(() -> {
          assertEquals(42L, frame.getJsonObject("quietHours").getLong("snoozeUntil"));
          settings.flag();
        })));
  }

  private static boolean isDirectoryFrameOf(JsonObject frame, String roomId, int memberCount) {
    JsonObject room = frame.getJsonObject("room");
    return "directory".equals(frame.getString("type")) && room != null && roomId.equals(room.getString("id"))
        && room.getInteger("memberCount") == memberCount;
  }

  private static JsonObject settings(Long snoozeUntil) {
    return new JsonObject().put("enabled", false).put("zone", "UTC")
        .put("days", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))
        .put("start", "22:00").put("end", "07:00").put("snoozeUntil", snoozeUntil);
  }
}
