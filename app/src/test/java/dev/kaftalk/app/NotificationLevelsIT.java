package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A member's notification level per room: stored once for every device and instance, refused when malformed. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class NotificationLevelsIT {

  private static final String PASSWORD = "notification levels";
  private static final long HOUR = 3_600_000;

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
  void aLevelChosenOnOneInstanceReachesTheUsersTabsAndRoomListOnAnother(SharedInfra infra, @TempDir Path dir,
                                                                        Vertx vertx, VertxTestContext testContext) {
    other = Kaftalk.start(TestInstances.config(infra, dir));
    Checkpoint frame = testContext.checkpoint();
    Checkpoint listed = testContext.checkpoint();
    long muteUntil = System.currentTimeMillis() + 8 * HOUR;
    String name = SharedInfra.unique("nina");
    Future.all(ChatClient.register(vertx, app.port(), name, PASSWORD),
            ChatClient.register(vertx, app.port(), SharedInfra.unique("ole"), PASSWORD))
        .compose(users -> {
          ChatClient nina = users.resultAt(0);
          ChatClient ole = users.resultAt(1);
          return Future.all(nina.createRoom(SharedInfra.unique("noisy")), nina.createRoom(SharedInfra.unique("calm")),
                  DirectMessagesIT.start(nina, ole.username()),
                  ChatClient.login(vertx, other.httpPort(), name, PASSWORD))
              .compose(made -> {
                String noisy = made.<JsonObject>resultAt(0).getString("id");
                String calm = made.<JsonObject>resultAt(1).getString("id");
                String dm = made.<HttpResponse<Buffer>>resultAt(2).bodyAsJsonObject().getJsonObject("room")
                    .getString("id");
                ChatClient ninaElsewhere = made.resultAt(3);
                return ninaElsewhere.connect().compose(otherTab -> nina.call(HttpMethod.PUT, path(noisy),
                        new JsonObject().put("level", "mentions").put("muteUntil", muteUntil))
                    .compose(saved -> {
                      testContext.verify(() -> assertEquals(new JsonObject().put("level", "mentions")
                          .put("muteUntil", muteUntil).put("roomId", noisy), saved.bodyAsJsonObject()));
                      return otherTab.awaitFrame(f -> "notifications".equals(f.getString("type")));
                    })
                    .compose(pushed -> {
                      testContext.verify(() -> {
                        assertEquals(new JsonObject().put("type", "notifications").put("roomId", noisy)
                            .put("level", "mentions").put("muteUntil", muteUntil), pushed);
                        frame.flag();
                      });
                      return ninaElsewhere.rooms();
                    })
                    .map(rooms -> {
                      testContext.verify(() -> {
                        assertEquals(new JsonObject().put("level", "mentions").put("muteUntil", muteUntil),
                            room(rooms, noisy).getJsonObject("notifications"));
                        JsonObject standard = new JsonObject().put("level", "all").putNull("muteUntil");
                        assertEquals(standard, room(rooms, calm).getJsonObject("notifications"), "never chosen");
                        assertEquals(standard, room(rooms, dm).getJsonObject("notifications"), "a DM starts at all");
                        listed.flag();
                      });
                      return rooms;
                    }));
              });
        })
        .onFailure(testContext::failNow);
  }

  @Test
  void malformedChoicesAndStrangersAreRefusedAndChangeNothing(Vertx vertx, VertxTestContext testContext) {
    Checkpoint refused = testContext.checkpoint();
    Checkpoint unchanged = testContext.checkpoint();
    Future.all(ChatClient.register(vertx, app.port(), SharedInfra.unique("pia"), PASSWORD),
            ChatClient.register(vertx, app.port(), SharedInfra.unique("quin"), PASSWORD))
        .compose(users -> {
          ChatClient pia = users.resultAt(0);
          ChatClient stranger = users.resultAt(1);
          return pia.createRoom(SharedInfra.unique("kept")).map(room -> room.getString("id")).compose(roomId -> {
            long now = System.currentTimeMillis();
            Map<String, Future<HttpResponse<Buffer>>> bad = new LinkedHashMap<>();
            bad.put("400 no level", pia.call(HttpMethod.PUT, path(roomId), new JsonObject()));
            bad.put("400 unknown level", pia.call(HttpMethod.PUT, path(roomId), level("loud")));
            bad.put("400 level in capitals", pia.call(HttpMethod.PUT, path(roomId), level("ALL")));
            bad.put("400 level a number", pia.call(HttpMethod.PUT, path(roomId), new JsonObject().put("level", 1)));
            bad.put("400 muteUntil a string", pia.call(HttpMethod.PUT, path(roomId),
                level("none").put("muteUntil", "tomorrow")));
            bad.put("400 muteUntil past", pia.call(HttpMethod.PUT, path(roomId),
                level("all").put("muteUntil", now - HOUR)));
            bad.put("400 muteUntil two years ahead", pia.call(HttpMethod.PUT, path(roomId),
                level("all").put("muteUntil", now + 2 * 366 * 24 * HOUR)));
            bad.put("400 muteUntil a fraction", pia.call(HttpMethod.PUT, path(roomId),
                level("all").put("muteUntil", now + HOUR + 0.5)));
            bad.put("403 not a member", stranger.call(HttpMethod.PUT, path(roomId), level("none")));
            bad.put("404 unknown room", pia.call(HttpMethod.PUT, path(SharedInfra.unique("nowhere")), level("none")));
            return Future.join(new ArrayList<>(bad.values())).transform(done -> {
              testContext.verify(() -> {
                bad.forEach((what, response) -> assertEquals(Integer.parseInt(what.substring(0, 3)),
                    response.result().statusCode(), what + ": " + response.result().bodyAsString()));
                refused.flag();
              });
              return pia.rooms();
            }).map(rooms -> {
              testContext.verify(() -> {
                assertEquals(new JsonObject().put("level", "all").putNull("muteUntil"),
                    room(rooms, roomId).getJsonObject("notifications"));
                unchanged.flag();
              });
              return rooms;
            });
          });
        })
        .onFailure(testContext::failNow);
  }

  private static String path(String roomId) {
    return "/api/rooms/" + roomId + "/notifications";
  }

  private static JsonObject level(String level) {
    return new JsonObject().put("level", level);
  }

  private static JsonObject room(JsonArray rooms, String roomId) {
    return rooms.stream().map(r -> (JsonObject) r).filter(r -> roomId.equals(r.getString("id"))).findFirst()
        .orElseThrow();
  }
}
