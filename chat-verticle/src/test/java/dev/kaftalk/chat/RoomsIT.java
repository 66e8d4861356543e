package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.askList;
import static dev.kaftalk.chat.ChatHarness.refused;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, listing, joining and leaving rooms, and the room frames that go with it. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class RoomsIT {

  private static JsonObject find(JsonArray rooms, String id) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("id").equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("room " + id + " not listed"));
  }

  @Test
  void createListJoinLeave(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String[] room = new String[1];
    Checkpoint created = testContext.checkpoint();
    Checkpoint listed = testContext.checkpoint();
    Checkpoint joined = testContext.checkpoint();
    Checkpoint left = testContext.checkpoint();
    Checkpoint joinedFrame = testContext.checkpoint();

    ChatHarness.inbox(vertx, alice, msg -> {
      JsonObject frame = msg.body();
      if ("room".equals(frame.getString("type")) && bob.equals(frame.getString("username"))
          && "joined".equals(frame.getString("event"))) {
        testContext.verify(() -> assertEquals(room[0], frame.getString("roomId")));
        joinedFrame.flag();
      }
    });

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ask(vertx, Addresses.ROOMS_CREATE, alice, new JsonObject().put("name", "  Team room  ")))
        .compose(reply -> {
          room[0] = reply.getString("id");
          testContext.verify(() -> {
            assertNotNull(room[0]);
            assertEquals("Team room", reply.getString("name"));
          });
          created.flag();
          return Future.all(askList(vertx, alice), askList(vertx, bob));
        })
        .compose(lists -> {
          testContext.verify(() -> {
            JsonObject forAlice = find(lists.resultAt(0), room[0]);
            JsonObject forBob = find(lists.resultAt(1), room[0]);
            assertEquals(1, forAlice.getInteger("memberCount"));
            // Everyone sees who created the room: its creator may delete any message in it.
            assertEquals(alice, forAlice.getString("createdBy"));
            assertEquals(alice, forBob.getString("createdBy"));
            assertTrue(forAlice.getBoolean("joined"));
            assertFalse(forBob.getBoolean("joined"));
            assertEquals(new JsonArray(), forAlice.getJsonArray("online"));
          });
          listed.flag();
          return ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(room[0]))
              .compose(v -> ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(room[0])))
              .compose(v -> askList(vertx, bob));
        })
        .compose(list -> {
          testContext.verify(() -> {
            assertEquals(2, find(list, room[0]).getInteger("memberCount"));
            assertTrue(find(list, room[0]).getBoolean("joined"));
          });
          joined.flag();
          return ask(vertx, Addresses.ROOMS_LEAVE, bob, roomId(room[0]))
              .compose(v -> ask(vertx, Addresses.ROOMS_LEAVE, bob, roomId(room[0])))
              .compose(v -> askList(vertx, bob));
        })
        .onComplete(testContext.succeeding(list -> testContext.verify(() -> {
          assertEquals(1, find(list, room[0]).getInteger("memberCount"));
          assertFalse(find(list, room[0]).getBoolean("joined"));
          left.flag();
        })));
  }

  @Test
  void refusesBadNamesUnknownRoomsAndNonMembers(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    Checkpoint badNames = testContext.checkpoint(2);
    Checkpoint unknown = testContext.checkpoint(3);
    Checkpoint memberCheck = testContext.checkpoint(2);

    ChatHarness.deploy(vertx, infra)
        .compose(id -> Future.all(
            refused(ask(vertx, Addresses.ROOMS_CREATE, alice, new JsonObject().put("name", "   "))),
            refused(ask(vertx, Addresses.ROOMS_CREATE, alice, new JsonObject().put("name", "x".repeat(65))))))
        .compose(all -> {
          testContext.verify(() -> {
            for (int i = 0; i < all.size(); i++) {
              assertEquals(400, all.<ReplyException>resultAt(i).failureCode());
              badNames.flag();
            }
          });
          String missing = SharedInfra.unique("missing");
          return Future.all(
              refused(ask(vertx, Addresses.ROOMS_JOIN, alice, roomId(missing))),
              refused(ask(vertx, Addresses.ROOMS_LEAVE, alice, roomId(missing))),
              refused(ask(vertx, Addresses.ROOMS_MEMBER_CHECK, alice, roomId(missing))));
        })
        .compose(all -> {
          testContext.verify(() -> {
            for (int i = 0; i < all.size(); i++) {
              assertEquals(404, all.<ReplyException>resultAt(i).failureCode());
              unknown.flag();
            }
          });
          return ChatHarness.room(vertx, alice);
        })
        .compose(room -> Future.all(ask(vertx, Addresses.ROOMS_MEMBER_CHECK, alice, roomId(room)),
            refused(ask(vertx, Addresses.ROOMS_MEMBER_CHECK, bob, roomId(room)))))
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          assertEquals(new JsonObject().put("member", true), all.resultAt(0));
          memberCheck.flag();
          assertEquals(403, all.<ReplyException>resultAt(1).failureCode());
          memberCheck.flag();
        })));
  }
}
