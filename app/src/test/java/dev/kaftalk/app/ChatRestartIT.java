package dev.kaftalk.app;

import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a restart on the same data, accounts, rooms, memberships, history and sessions are all there. */
@ExtendWith(VertxExtension.class)
class ChatRestartIT {

  private Kaftalk second;

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void everythingSurvivesARestart(@TempDir Path dir, Vertx vertx, VertxTestContext testContext) throws Throwable {
    JsonObject config = ConfigLoader.defaults();
    config.put("dataDir", dir.toString());
    config.getJsonObject("http").put("port", 0).put("host", "127.0.0.1");

    Kaftalk first = Kaftalk.start(config);
    BeforeRestart before = ChatClient.register(vertx, first.httpPort(), "restart.user", "restart password")
        .compose(client -> client.createRoom("Keeps going")
            .compose(room -> client.connect()
                .compose(bridge -> bridge.request("server.chat.send",
                    ChatContractIT.message(room.getString("id"), "written before the restart", "r1")))
                .map(reply -> new BeforeRestart(room.getString("id"), client.sessionCookie()))
                .compose(kept -> client.call(HttpMethod.POST, "/api/auth/logout", null).map(kept))))
        .toCompletionStage().toCompletableFuture().get();
    String roomId = before.roomId();
    first.close();

    second = Kaftalk.start(config);
    Checkpoint account = testContext.checkpoint();
    Checkpoint endedSessionStaysEnded = testContext.checkpoint();
    Checkpoint roomsAndMembership = testContext.checkpoint();
    Checkpoint history = testContext.checkpoint();
    WebClient.create(vertx).get(second.httpPort(), "127.0.0.1", "/api/me").putHeader("Cookie", before.loggedOutCookie())
        .send()
        .compose(me -> {
          testContext.verify(() -> assertEquals(401, me.statusCode(), "a session ended by logout before the restart"));
          endedSessionStaysEnded.flag();
          return ChatClient.login(vertx, second.httpPort(), "restart.user", "restart password");
        })
        .compose(client -> {
          account.flag();
          return client.rooms().compose(rooms -> {
            testContext.verify(() -> {
              JsonObject room = find(rooms, roomId);
              assertEquals("Keeps going", room.getString("name"));
              assertTrue(room.getBoolean("joined"));
              assertEquals(1, room.getInteger("memberCount"));
              roomsAndMembership.flag();
            });
            return client.history(roomId, "");
          });
        })
        .onComplete(testContext.succeeding(messages -> testContext.verify(() -> {
          assertEquals(1, messages.size());
          assertEquals("written before the restart", messages.getJsonObject(0).getString("text"));
          assertEquals("restart.user", messages.getJsonObject(0).getString("author"));
          history.flag();
        })));
  }

  /** What the first run leaves behind: a room, and the cookie of a session that logged out. */
  private record BeforeRestart(String roomId, String loggedOutCookie) {
  }

  private static JsonObject find(JsonArray rooms, String id) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> id.equals(r.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("room " + id + " missing from " + rooms.encode()));
  }
}
