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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private rooms across two instances: an invitation made on one shows the room to the invitee on the other at once;
 * public room names are unique ignoring case; bad requests change nothing.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class PrivateRoomsIT {

  private static final String PASSWORD = "private rooms";

  @RegisterExtension
  static final RunningKaftalk a = RunningKaftalk.configured(DirectMessagesIT::fastSignUps);
  @RegisterExtension
  static final RunningKaftalk b = RunningKaftalk.configured(DirectMessagesIT::fastSignUps);

  @Test
  void anInvitedUserSeesTheRoomAppearLiveOnTheOtherInstanceAndLeavingNeedsANewInvitation(Vertx vertx,
                                                                                         VertxTestContext testContext) {
    Checkpoint appeared = testContext.checkpoint();
    Checkpoint leftForGood = testContext.checkpoint();
    String team = SharedInfra.unique("inv");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, b.port(), team + "bob", PASSWORD);
    Future.all(ann, bob)
        .compose(v -> createPrivate(ann.result(), team + " plans"))
        .compose(roomId -> bob.result().connect().compose(bobSocket -> invite(ann.result(), roomId,
                bob.result().username())
            // The room list's own frame, sent once instance b applied the membership: the "joined" timeline frame
            // reaches the newcomer too, but it travels on chat.messages and may arrive before that.
            .compose(invited -> bobSocket.awaitFrame(f -> "directory".equals(f.getString("type"))
                && roomId.equals(f.getJsonObject("room").getString("id"))
                && f.getJsonObject("room").getInteger("memberCount") == 2))
            .compose(frame -> bob.result().rooms())
            .compose(rooms -> bob.result().history(roomId, "").map(history -> {
              JsonObject listed = rooms.stream().map(JsonObject.class::cast)
                  .filter(r -> roomId.equals(r.getString("id"))).findFirst().orElseThrow();
              testContext.verify(() -> {
                assertEquals(true, listed.getBoolean("private"));
                assertEquals(true, listed.getBoolean("joined"));
                assertEquals("room", listed.getString("kind"));
                assertEquals(2, listed.getInteger("memberCount"));
              });
              appeared.flag();
              return roomId;
            }))
            .compose(id -> bob.result().leave(id))
            .compose(left -> bob.result().call(HttpMethod.POST, "/api/rooms/" + roomId + "/join", null))))
        .onComplete(testContext.succeeding(join -> testContext.verify(() -> {
          assertEquals(404, join.statusCode(), "a join without an invitation: " + join.bodyAsString());
          leftForGood.flag();
        })));
  }

  @Test
  void aMemberWhoLeavesAndJoinsAtTheSameMomentIsOutAndTheJoinFindsNoRoom(Vertx vertx, VertxTestContext testContext) {
    Checkpoint out = testContext.checkpoint();
    String team = SharedInfra.unique("race");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, a.port(), team + "bob", PASSWORD);
    Future.all(ann, bob)
        .compose(v -> createPrivate(ann.result(), team + " plans"))
        .compose(roomId -> invite(ann.result(), roomId, bob.result().username())
            .compose(invited -> {
              // Both asked before either is answered: the join's turn comes after the leave was written.
              Future<Void> leave = bob.result().leave(roomId);
              Future<HttpResponse<Buffer>> join = bob.result().call(HttpMethod.POST, "/api/rooms/" + roomId + "/join",
                  null);
              return Future.all(leave, join).compose(both -> bob.result().rooms()).map(rooms -> {
                testContext.verify(() -> {
                  assertTrue(rooms.stream().map(JsonObject.class::cast).noneMatch(r -> roomId.equals(r.getString("id"))),
                      "the private room is gone from the leaver's list: " + rooms.encode());
                  assertTrue(List.of(204, 404).contains(join.result().statusCode()),
                      "a join is a no-op before the leave or finds no room after it: " + join.result().bodyAsString());
                });
                out.flag();
                return rooms;
              });
            }))
        .onComplete(testContext.succeeding(rooms -> { }));
  }

  @Test
  void publicRoomNamesAreUniqueIgnoringCaseOnBothInstancesWhilePrivateOnesMayRepeat(Vertx vertx,
                                                                                   VertxTestContext testContext) {
    Checkpoint unique = testContext.checkpoint();
    Checkpoint racing = testContext.checkpoint();
    String name = SharedInfra.unique("Team-Room");
    String raced = SharedInfra.unique("race-room");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), SharedInfra.unique("ann"), PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, b.port(), SharedInfra.unique("bob"), PASSWORD);
    Future.all(ann, bob)
        .compose(v -> ann.result().createRoom(name))
        .compose(created -> create(bob.result(), name.toUpperCase(Locale.ROOT), null)
            .compose(taken -> create(bob.result(), name, true).map(privately -> {
              testContext.verify(() -> {
                assertEquals(409, taken.statusCode(), "taken, on the other instance, in another case");
                assertEquals(201, privately.statusCode(), privately.bodyAsString());
              });
              unique.flag();
              return privately;
            })))
        .compose(v -> Future.all(create(ann.result(), raced, null), create(bob.result(), raced, null)))
        .compose(both -> ann.result().rooms().map(rooms -> {
          testContext.verify(() -> {
            List<HttpResponse<Buffer>> answers = both.list();
            assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 409),
                answers.stream().map(HttpResponse::bodyAsString).toList().toString());
            assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201)
                .map(r -> r.bodyAsJsonObject().getString("id")).distinct().count(), "one room, whoever won");
            assertEquals(1, rooms.stream().filter(r -> raced.equals(((JsonObject) r).getString("name"))).count());
          });
          racing.flag();
          return rooms;
        }))
        .onFailure(testContext::failNow);
  }

  @Test
  void badCreatesAndInvitationsAreRefused(Vertx vertx, VertxTestContext testContext) {
    Checkpoint refused = testContext.checkpoint();
    String team = SharedInfra.unique("badinv");
    Future<ChatClient> ann = ChatClient.register(vertx, a.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, a.port(), team + "bob", PASSWORD);
    Future.all(ann, bob)
        .compose(v -> Future.all(createPrivate(ann.result(), team + " room"),
            DirectMessagesIT.start(ann.result(), bob.result().username())))
        .compose(made -> {
          String room = made.resultAt(0);
          String dm = made.<HttpResponse<Buffer>>resultAt(1).bodyAsJsonObject().getJsonObject("room").getString("id");
          ChatClient me = ann.result();
          return Future.all(List.of(
              create(me, team + " a", "yes"), create(me, team + " b", 1), create(me, team + " c", new JsonArray()),
              me.call(HttpMethod.POST, "/api/rooms/" + room + "/invite", new JsonObject()),
              me.call(HttpMethod.POST, "/api/rooms/" + room + "/invite", new JsonObject().put("username", 42)),
              me.call(HttpMethod.POST, "/api/rooms/" + room + "/invite", new JsonObject().putNull("username")),
              invite(me, room, "nobody-" + team),
              invite(me, dm, team + "bob"),
              invite(me, dm, team + "ann")));
        })
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertEquals(List.of(400, 400, 400, 400, 400, 400, 404, 400, 400), answers.<HttpResponse<Buffer>>list()
              .stream().map(HttpResponse::statusCode).toList());
          refused.flag();
        })));
  }

  private static Future<String> createPrivate(ChatClient client, String name) {
    return create(client, name, true).map(r -> {
      if (r.statusCode() != 201) {
        throw new AssertionError(r.bodyAsString());
      }
      return r.bodyAsJsonObject().getString("id");
    });
  }

  private static Future<HttpResponse<Buffer>> create(ChatClient client, String name, Object privateFlag) {
    JsonObject body = new JsonObject().put("name", name);
    if (privateFlag != null) {
      body.put("private", privateFlag);
    }
    return client.call(HttpMethod.POST, "/api/rooms", body);
  }

  private static Future<HttpResponse<Buffer>> invite(ChatClient client, String roomId, String username) {
    return client.call(HttpMethod.POST, "/api/rooms/" + roomId + "/invite",
        new JsonObject().put("username", username));
  }
}
