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
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Where a user stopped reading: stored once for every device, only forward, and the unread count that follows. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class ReadPositionsIT {

  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final RunningKaftalk KAFTALK = RunningKaftalk.withDefaults();

  private static String path(String roomId) {
    return "/api/rooms/" + roomId + "/read";
  }

  private static JsonObject room(JsonArray rooms, String roomId) {
    return rooms.stream().map(r -> (JsonObject) r).filter(r -> roomId.equals(r.getString("id"))).findFirst()
        .orElseThrow();
  }

  @Test
  void thePositionMovesOnlyForwardAndEveryTabAndDeviceAgrees(Vertx vertx, VertxTestContext testContext) {
    int port = KAFTALK.port();
    String readerName = SharedInfra.unique("rita");
    Checkpoint refusals = testContext.checkpoint();
    Checkpoint agreed = testContext.checkpoint();
    Future.all(ChatClient.register(vertx, port, SharedInfra.unique("wes"), PASSWORD),
            ChatClient.register(vertx, port, readerName, PASSWORD),
            ChatClient.register(vertx, port, SharedInfra.unique("otto"), PASSWORD))
        .compose(users -> {
          ChatClient writer = users.resultAt(0);
          ChatClient reader = users.resultAt(1);
          ChatClient outsider = users.resultAt(2);
          return writer.createRoom(SharedInfra.unique("room")).map(r -> r.getString("id"))
              .compose(roomId -> reader.join(roomId)
                  .compose(v -> Future.all(writer.connect(), reader.connect(),
                      ChatClient.login(vertx, port, readerName, PASSWORD)))
                  .compose(all -> {
                    BridgeConnection writerSocket = all.resultAt(0);
                    BridgeConnection readerTab = all.resultAt(1);
                    ChatClient otherDevice = all.resultAt(2);
                    List<Future<JsonObject>> sent = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                      sent.add(writerSocket.request("server.chat.send",
                          ChatContractIT.message(roomId, "m" + i, SharedInfra.unique("c"))));
                    }
                    return Future.all(sent).compose(v -> reader.rooms()).compose(before -> {
                      testContext.verify(() -> {
                        assertEquals(4, room(before, roomId).getInteger("unread"), "nothing read yet");
                        assertFalse(room(before, roomId).containsKey("lastRead"));
                      });
                      String second = sent.get(1).result().getJsonObject("message").getString("cursor");
                      String first = sent.get(0).result().getJsonObject("message").getString("cursor");
                      Map<String, Future<HttpResponse<io.vertx.core.buffer.Buffer>>> bad = new LinkedHashMap<>();
                      bad.put("400 cursor missing", reader.call(HttpMethod.PUT, path(roomId), new JsonObject()));
                      bad.put("400 cursor a boolean", reader.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", true)));
                      bad.put("400 cursor negative", reader.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", "-3")));
                      bad.put("400 cursor an object", reader.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", new JsonObject())));
                      bad.put("400 cursor past the room's end", reader.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", String.valueOf(Long.parseLong(
                              sent.get(3).result().getJsonObject("message").getString("cursor")) + 1_000))));
                      bad.put("400 cursor the largest number", reader.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", String.valueOf(Long.MAX_VALUE))));
                      bad.put("403 outsider", outsider.call(HttpMethod.PUT, path(roomId),
                          new JsonObject().put("cursor", second)));
                      bad.put("404 unknown room", reader.call(HttpMethod.PUT, path(SharedInfra.unique("r")),
                          new JsonObject().put("cursor", second)));
                      return Future.join(new ArrayList<>(bad.values())).transform(done -> {
                        testContext.verify(() -> {
                          bad.forEach((name, response) -> assertEquals(Integer.parseInt(name.substring(0, 3)),
                              response.result().statusCode(), name + ": " + response.result().bodyAsString()));
                          refusals.flag();
                        });
                        return reader.call(HttpMethod.PUT, path(roomId), new JsonObject().put("cursor", second));
                      }).compose(moved -> {
                        testContext.verify(() -> assertEquals(new JsonObject().put("roomId", roomId)
                            .put("cursor", second), moved.bodyAsJsonObject()));
                        return readerTab.awaitFrame(f -> "read".equals(f.getString("type")));
                      }).compose(frame -> {
                        testContext.verify(() -> assertEquals(new JsonObject().put("type", "read")
                            .put("roomId", roomId).put("cursor", second), frame));
                        // A tab that lagged behind reports an older position: nothing moves back.
                        return otherDevice.call(HttpMethod.PUT, path(roomId), new JsonObject().put("cursor", first));
                      }).compose(older -> {
                        testContext.verify(() -> assertEquals(second, older.bodyAsJsonObject().getString("cursor")));
                        return otherDevice.rooms();
                      }).map(after -> {
                        testContext.verify(() -> {
                          assertEquals(second, room(after, roomId).getString("lastRead"));
                          assertEquals(2, room(after, roomId).getInteger("unread"), "two from others after it");
                          assertEquals(1L, readerTab.frames().stream()
                              .filter(f -> "read".equals(f.getString("type"))).count(), "no frame for no move");
                        });
                        return after;
                      });
                    });
                  }));
        })
        .onComplete(testContext.succeeding(v -> agreed.flag()));
  }
}
