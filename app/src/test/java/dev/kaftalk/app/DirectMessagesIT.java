package dev.kaftalk.app;

import dev.kaftalk.testing.Eventually;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/dms}: one conversation per set of people, whichever instance is asked and however many ask at
 * once; hidden from everyone else; leavable and started again.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class DirectMessagesIT {

  private static final String PASSWORD = "direct messages";

  @RegisterExtension
  static final RunningKaftalk a = RunningKaftalk.configured(DirectMessagesIT::fastSignUps);
  @RegisterExtension
  static final RunningKaftalk b = RunningKaftalk.configured(DirectMessagesIT::fastSignUps);

  @Test
  void theSameSetOfPeopleGetsTheSameConversationOnEitherInstance(Vertx vertx, VertxTestContext testContext) {
    Checkpoint sameRoom = testContext.checkpoint();
    Checkpoint hidden = testContext.checkpoint();
    Checkpoint talked = testContext.checkpoint();
    String team = SharedInfra.unique("dm");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, b.port(), team + "bob", PASSWORD);
    Future<ChatClient> cay = ChatClient.register(vertx, b.port(), team + "cay", PASSWORD);
    Future<ChatClient> otto = ChatClient.register(vertx, b.port(), team + "otto", PASSWORD);
    Future.all(ann, bob, cay, otto)
        .compose(v -> start(ann.result(), bob.result().username(), cay.result().username()))
        .compose(first -> start(bob.result(), cay.result().username(), ann.result().username()).map(again -> {
          testContext.verify(() -> {
            assertEquals(201, first.statusCode(), first.bodyAsString());
            assertEquals(200, again.statusCode(), "asked again, on the other instance: " + again.bodyAsString());
            JsonObject room = first.bodyAsJsonObject().getJsonObject("room");
            assertEquals(room.getString("id"), again.bodyAsJsonObject().getJsonObject("room").getString("id"));
            assertEquals("dm", room.getString("kind"));
            assertEquals(true, room.getBoolean("private"));
            List<String> people = List.of(team + "ann", team + "bob", team + "cay");
            assertEquals(people, room.getJsonArray("members").getList());
            assertEquals(String.join(", ", people), room.getString("name"), "named by its members");
          });
          sameRoom.flag();
          return first.bodyAsJsonObject().getJsonObject("room").getString("id");
        }))
        .compose(roomId -> otto.result().rooms().compose(ottosRooms -> otto.result()
                .get("/api/rooms/" + roomId + "/messages")
                .map(history -> {
                  testContext.verify(() -> {
                    assertTrue(ottosRooms.stream().noneMatch(r -> roomId.equals(((JsonObject) r).getString("id"))),
                        "never listed to others");
                    assertEquals(404, history.statusCode(), "its history does not exist for others");
                  });
                  hidden.flag();
                  return roomId;
                }))
            .compose(id -> otto.result().call(HttpMethod.POST, "/api/rooms/" + id + "/join", null).map(join -> {
              testContext.verify(() -> assertEquals(404, join.statusCode(), "not joinable by others"));
              return id;
            })))
        .compose(roomId -> cay.result().connect().compose(caySocket -> ann.result().connect()
            .compose(annSocket -> annSocket.request("server.chat.send",
                ChatContractIT.message(roomId, "just us three", "dm1")))
            .compose(sent -> caySocket.awaitFrame(f -> "message".equals(f.getString("type"))
                && roomId.equals(f.getJsonObject("message").getString("roomId"))))
            .compose(frame -> bob.result().history(roomId, ""))))
        .onComplete(testContext.succeeding(history -> testContext.verify(() -> {
          assertEquals(List.of("just us three"), history.stream().map(m -> ((JsonObject) m).getString("text")).toList());
          talked.flag();
        })));
  }

  @Test
  void twoPeopleStartingItAtTheSameMomentOnTwoInstancesGetOneRoom(Vertx vertx, VertxTestContext testContext) {
    Checkpoint one = testContext.checkpoint();
    String team = SharedInfra.unique("race");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, b.port(), team + "bob", PASSWORD);
    Future.all(ann, bob)
        .compose(v -> Future.all(start(ann.result(), bob.result().username()),
            start(bob.result(), ann.result().username())))
        .compose(both -> {
          HttpResponse<Buffer> fromAnn = both.resultAt(0);
          HttpResponse<Buffer> fromBob = both.resultAt(1);
          String roomId = fromAnn.bodyAsJsonObject().getJsonObject("room").getString("id");
          testContext.verify(() -> {
            assertTrue(List.of(200, 201).contains(fromAnn.statusCode()), fromAnn.bodyAsString());
            assertTrue(List.of(200, 201).contains(fromBob.statusCode()), fromBob.bodyAsString());
            assertEquals(roomId, fromBob.bodyAsJsonObject().getJsonObject("room").getString("id"));
          });
          // Each sees one conversation, with both of them in it, on both instances.
          return Future.all(dmsOf(vertx, ann.result()), dmsOf(vertx, ann.result().moveTo(b.port())),
              dmsOf(vertx, bob.result()), dmsOf(vertx, bob.result().moveTo(a.port())));
        })
        .onComplete(testContext.succeeding(lists -> testContext.verify(() -> {
          for (int i = 0; i < 4; i++) {
            JsonArray dms = lists.resultAt(i);
            assertEquals(1, dms.size(), dms.encode());
            assertEquals(2, dms.getJsonObject(0).getInteger("memberCount"));
          }
          one.flag();
        })));
  }

  @Test
  void leavingHidesTheConversationUntilSomeoneStartsItAgain(Vertx vertx, VertxTestContext testContext) {
    Checkpoint left = testContext.checkpoint();
    Checkpoint back = testContext.checkpoint();
    aConversationBobLeft(vertx, SharedInfra.unique("leave"))
        .compose(dm -> dm.bob().rooms()
            .compose(bobsRooms -> dm.bob().get("/api/rooms/" + dm.roomId() + "/messages").map(history -> {
              testContext.verify(() -> {
                assertTrue(bobsRooms.stream().noneMatch(r -> dm.roomId().equals(((JsonObject) r).getString("id"))));
                assertEquals(404, history.statusCode(), "gone for the one who left");
              });
              left.flag();
              return dm;
            }))
            .compose(v -> start(dm.ann(), dm.bob().username()))
            .compose(again -> dm.bob().history(dm.roomId(), "").map(again)))
        .onComplete(testContext.succeeding(again -> testContext.verify(() -> {
          assertEquals(200, again.statusCode(), again.bodyAsString());
          assertEquals(2, again.bodyAsJsonObject().getJsonObject("room").getInteger("memberCount"),
              "starting it again brings back who left");
          back.flag();
        })));
  }

  @Test
  void aMessageIntoAConversationSomeoneLeftBringsThemBackWithIt(Vertx vertx, VertxTestContext testContext) {
    Checkpoint reached = testContext.checkpoint();
    aConversationBobLeft(vertx, SharedInfra.unique("reopen"))
        .compose(dm -> dm.ann().connect()
            .compose(annSocket -> annSocket.request("server.chat.send",
                ChatContractIT.message(dm.roomId(), "bob, are you there?", "reopen1")))
            // Bob, on the other instance, finds the conversation back in his list with the message unread.
            .compose(sent -> Eventually.until(vertx, () -> dm.bob().rooms(),
                rooms -> rooms.stream().anyMatch(r -> dm.roomId().equals(((JsonObject) r).getString("id"))
                    && ((JsonObject) r).getInteger("unread", 0) == 1), 10_000))
            .compose(rooms -> dm.bob().history(dm.roomId(), "")))
        .onComplete(testContext.succeeding(history -> testContext.verify(() -> {
          assertEquals(List.of("bob, are you there?"),
              history.stream().map(m -> ((JsonObject) m).getString("text")).toList());
          reached.flag();
        })));
  }

  /** Ann (on instance a) and bob (on instance b), and their conversation, which bob has just left. */
  private record LeftConversation(ChatClient ann, ChatClient bob, String roomId) {
  }

  private static Future<LeftConversation> aConversationBobLeft(Vertx vertx, String team) {
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, b.port(), team + "bob", PASSWORD);
    return Future.all(ann, bob)
        .compose(v -> start(ann.result(), bob.result().username()))
        .map(started -> started.bodyAsJsonObject().getJsonObject("room").getString("id"))
        .compose(roomId -> bob.result().leave(roomId).map(new LeftConversation(ann.result(), bob.result(), roomId)));
  }

  @Test
  void badListsOfPeopleAreRefusedAndChangeNothing(Vertx vertx, VertxTestContext testContext) {
    Checkpoint refused = testContext.checkpoint();
    String team = SharedInfra.unique("bad");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, a.port(), team + "bob", PASSWORD);
    Future.all(ann, bob).compose(v -> {
      String me = ann.result().username();
      String other = bob.result().username();
      Map<Object, Integer> table = new LinkedHashMap<>();
      table.put("missing", 400);
      table.put(other, 400);
      table.put(42, 400);
      table.put(true, 400);
      table.put(new JsonObject().put("username", other), 400);
      table.put(new JsonArray(), 400);
      table.put(new JsonArray().add(7), 400);
      table.put(new JsonArray().addNull(), 400);
      table.put(new JsonArray().add(List.of(other)), 400);
      table.put(new JsonArray().add(other).add(other), 400);
      table.put(new JsonArray().add(me), 400);
      table.put(new JsonArray(IntStream.range(0, 9).mapToObj(i -> other + i).toList()), 400);
      table.put(new JsonArray(IntStream.range(0, 5000).mapToObj(i -> "x").toList()), 400);
      table.put(new JsonArray().add("nobody-" + team), 404);
      table.put(new JsonArray().add(other).add("nobody-" + team), 404);
      List<Future<String>> answers = table.entrySet().stream().map(row -> {
        JsonObject body = "missing".equals(row.getKey()) ? new JsonObject()
            : new JsonObject().put("usernames", row.getKey());
        return ann.result().call(HttpMethod.POST, "/api/dms", body).map(r -> r.statusCode() == row.getValue() ? ""
            : body.encode().substring(0, Math.min(80, body.encode().length())) + " -> " + r.statusCode() + " "
            + r.bodyAsString());
      }).toList();
      return Future.all(answers).map(all -> answers.stream().map(Future::result).filter(s -> !s.isEmpty()).toList())
          .compose(wrong -> ann.result().rooms().map(rooms -> Map.entry(wrong, rooms)));
    }).onComplete(testContext.succeeding(outcome -> testContext.verify(() -> {
      assertEquals(List.of(), outcome.getKey());
      assertEquals(List.of(), outcome.getValue().stream().filter(r -> "dm".equals(((JsonObject) r).getString("kind")))
          .toList(), "nothing was started");
      refused.flag();
    })));
  }

  static Future<HttpResponse<Buffer>> start(ChatClient client, String... others) {
    return client.call(HttpMethod.POST, "/api/dms", new JsonObject().put("usernames", new JsonArray(List.of(others))));
  }

  /** The user's direct messages once both of its people show in them (the other instance may lag a moment). */
  private static Future<JsonArray> dmsOf(Vertx vertx, ChatClient client) {
    return Eventually.until(vertx, () -> client.rooms().map(rooms -> new JsonArray(rooms.stream()
            .filter(r -> "dm".equals(((JsonObject) r).getString("kind"))).toList())),
        dms -> dms.size() == 1 && dms.getJsonObject(0).getInteger("memberCount") == 2, 10_000);
  }

  static void fastSignUps(JsonObject config) {
    config.put("chat", config.getJsonObject("chat", new JsonObject()).put("passwordIterations", 1000)
        .put("maxPendingSignups", 32));
  }
}
