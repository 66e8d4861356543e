package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** @mentions: who a message calls, the unread mentions in the room list, and the list of a user's mentions. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MentionsIT {

  private static JsonObject roomIn(JsonArray rooms, String roomId) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> roomId.equals(r.getString("id"))).findFirst()
        .orElseThrow();
  }

  private static List<String> mentions(JsonObject message) {
    JsonArray mentions = message.getJsonArray("mentions", new JsonArray());
    return mentions.stream().map(String.class::cast).toList();
  }

  private static Future<JsonObject> mentionsOf(Vertx vertx, String user, JsonObject query) {
    return ask(vertx, Addresses.CHAT_MENTIONS, user, query);
  }

  @Test
  void aMentionCountsApartUntilReadAndAnEditCanAddOne(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String ada = SharedInfra.unique("ada");
    String bob = SharedInfra.unique("bob");
    String cyd = SharedInfra.unique("cyd");
    Checkpoint sent = testContext.checkpoint();
    Checkpoint counted = testContext.checkpoint();
    Checkpoint edited = testContext.checkpoint();
    Checkpoint read = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, ada, bob, cyd))
        .compose(room -> ChatHarness.send(vertx, ada, room, "@" + bob.toUpperCase() + " and @nobody, see this")
            .compose(first -> ChatHarness.send(vertx, ada, room, "no names here")
                .compose(second -> ChatHarness.send(vertx, bob, room, "thanks @" + ada + ".")
                    .map(third -> {
                      testContext.verify(() -> {
                        assertEquals(List.of(bob), mentions(first), "a member, in any case; a stranger is no one");
                        assertEquals(List.of(), mentions(second));
                        assertEquals(List.of(ada), mentions(third), "a name may end a sentence");
                      });
                      sent.flag();
                      return second;
                    }))
                .compose(second -> ChatHarness.askList(vertx, bob).map(rooms -> {
                  testContext.verify(() -> {
                    assertEquals(2, roomIn(rooms, room).getInteger("unread"));
                    assertEquals(1, roomIn(rooms, room).getInteger("mentions"));
                  });
                  counted.flag();
                  return second;
                }))
                .compose(second -> ask(vertx, Addresses.CHAT_EDIT, ada, new JsonObject().put("roomId", room)
                    .put("messageId", second.getString("id")).put("text", "no names here, @" + cyd))
                    .map(reply -> reply.getJsonObject("message")))
                .compose(editedMessage -> ChatHarness.askList(vertx, cyd).map(rooms -> {
                  testContext.verify(() -> {
                    assertEquals(List.of(cyd), mentions(editedMessage), "an edit calls whom its new text names");
                    assertEquals(1, roomIn(rooms, room).getInteger("mentions"));
                  });
                  edited.flag();
                  return editedMessage;
                }))
                .compose(editedMessage -> ask(vertx, Addresses.ROOMS_READ, bob, new JsonObject().put("roomId", room)
                    .put("cursor", editedMessage.getString("cursor"))))
                .compose(v -> ChatHarness.askList(vertx, bob))
                .map(rooms -> {
                  testContext.verify(() -> {
                    assertEquals(0, roomIn(rooms, room).getInteger("unread"));
                    assertEquals(0, roomIn(rooms, room).getInteger("mentions"));
                  });
                  read.flag();
                  return rooms;
                })))
        .onFailure(testContext::failNow);
  }

  @Test
  void atRoomCallsEveryoneOnlyInASmallRoom(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String ada = SharedInfra.unique("ada");
    String bob = SharedInfra.unique("bob");
    String cyd = SharedInfra.unique("cyd");
    Checkpoint everyone = testContext.checkpoint();
    Checkpoint tooBig = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra, ChatHarness.chatConfig().put("roomMentionMax", 2))
        .compose(id -> Future.all(ChatHarness.room(vertx, ada, bob), ChatHarness.room(vertx, ada, bob, cyd)))
        .compose(rooms -> ChatHarness.send(vertx, ada, rooms.resultAt(0), "@room standup")
            .map(message -> {
              testContext.verify(() -> assertEquals(List.of(bob), mentions(message)));
              everyone.flag();
              return message;
            })
            .compose(v -> refused(ChatHarness.send(vertx, ada, rooms.resultAt(1), "@room standup"))))
        .onComplete(testContext.succeeding(refusal -> testContext.verify(() -> {
          assertEquals(400, refusal.failureCode(), refusal.getMessage());
          tooBig.flag();
        })));
  }

  @Test
  void theMentionsListGoesNewestFirstAcrossRoomsAndOnlyRoomsTheUserIsIn(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    String ada = SharedInfra.unique("ada");
    String bob = SharedInfra.unique("bob");
    Checkpoint paged = testContext.checkpoint();
    Checkpoint refusals = testContext.checkpoint();
    Checkpoint afterLeaving = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> Future.all(ChatHarness.room(vertx, ada, bob), ChatHarness.room(vertx, ada, bob)))
        .compose(rooms -> {
          String kept = rooms.resultAt(0);
          String left = rooms.resultAt(1);
          return ChatHarness.send(vertx, ada, kept, "one @" + bob)
              .compose(v -> ChatHarness.send(vertx, ada, left, "two @" + bob))
              .compose(v -> ChatHarness.send(vertx, ada, kept, "three @" + bob))
              .compose(deleted -> ask(vertx, Addresses.CHAT_DELETE, ada, new JsonObject().put("roomId", kept)
                  .put("messageId", deleted.getString("id"))))
              .compose(v -> ChatHarness.send(vertx, ada, kept, "four @" + bob))
              .compose(v -> mentionsOf(vertx, bob, new JsonObject().put("limit", 2)))
              .compose(first -> mentionsOf(vertx, bob, new JsonObject().put("limit", 2)
                  .put("before", first.getString("next"))).map(second -> {
                    testContext.verify(() -> {
                      assertEquals(List.of("four", "two"), texts(first), "newest first; a deleted one is gone");
                      assertEquals(List.of("one"), texts(second));
                      assertNull(second.getString("next"));
                    });
                    paged.flag();
                    return second;
                  }))
              .compose(v -> Future.all(refused(mentionsOf(vertx, bob, new JsonObject().put("before", "nope"))),
                  refused(mentionsOf(vertx, bob, new JsonObject().put("limit", 0))),
                  refused(mentionsOf(vertx, bob, new JsonObject().put("limit", true)))))
              .map(refused -> {
                testContext.verify(() -> {
                  for (int i = 0; i < 3; i++) {
                    assertEquals(400, refused.<io.vertx.core.eventbus.ReplyException>resultAt(i).failureCode());
                  }
                });
                refusals.flag();
                return refused;
              })
              .compose(v -> ask(vertx, Addresses.ROOMS_LEAVE, bob, ChatHarness.roomId(left)))
              .compose(v -> mentionsOf(vertx, bob, new JsonObject()));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          assertEquals(List.of("four", "one"), texts(all), "a room left takes its mentions with it");
          assertFalse(all.containsKey("next"));
          afterLeaving.flag();
        })));
  }

  private static List<String> texts(JsonObject page) {
    return page.getJsonArray("mentions").stream().map(JsonObject.class::cast)
        .map(m -> m.getString("text").split(" ")[0]).toList();
  }
}
