package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.eventually;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.refused;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edit, delete and react: who may do what, what every member's tabs see, and that instances converge. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MessageChangesIT {

  private static final String THUMBS = "\uD83D\uDC4D";
  private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";

  /** The message a user refers to in a change request. */
  private static JsonObject target(String roomId, String messageId) {
    return new JsonObject().put("roomId", roomId).put("messageId", messageId);
  }

  private static JsonObject reaction(String roomId, String messageId, Object emoji, Object on) {
    return target(roomId, messageId).put("emoji", emoji).put("on", on);
  }

  /** Each request with the failure code it must get. */
  private static Future<Void> assertRefused(VertxTestContext testContext, Map<Future<?>, Integer> table,
      List<String> names) {
    List<Future<ReplyException>> refusals = table.keySet().stream().map(ChatHarness::refused).toList();
    List<Integer> expected = List.copyOf(table.values());
    return Future.join(refusals).transform(done -> {
      testContext.verify(() -> {
        for (int i = 0; i < expected.size(); i++) {
          assertTrue(refusals.get(i).succeeded(), names.get(i) + ": " + refusals.get(i).cause());
          assertEquals(expected.get(i), refusals.get(i).result().failureCode(), names.get(i));
        }
      });
      return Future.succeededFuture();
    });
  }

  @Test
  void onlyTheAuthorEditsAndTheAuthorOrCreatorDeletes(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    changeRules(vertx, vertx, ChatHarness.deploy(vertx, infra), testContext);
  }

  /** Messages sent through one instance, every change asked of another once it has them. */
  @Test
  void theSameRulesHoldOnAnotherInstance(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    Vertx other = Vertx.vertx();
    changeRules(vertx, other, ChatHarness.deploy(vertx, infra).compose(id -> ChatHarness.deploy(other, infra)),
        testContext)
        .eventually(() -> other.close());
  }

  /** The contract table of edit, delete and react, asked of {@code asker}, on messages sent through {@code vertx}. */
  private Future<JsonArray> changeRules(Vertx vertx, Vertx asker, Future<String> deployed,
      VertxTestContext testContext) {
    String creator = SharedInfra.unique("creator");
    String bob = SharedInfra.unique("bob");
    String eve = SharedInfra.unique("eve");
    Checkpoint refusedAll = testContext.checkpoint();
    Checkpoint asItStands = testContext.checkpoint();

    return deployed
        .compose(id -> ChatHarness.room(vertx, creator, bob))
        .compose(room -> Future.all(ChatHarness.send(vertx, creator, room, "creator's"),
                ChatHarness.send(vertx, bob, room, "bob's"), ChatHarness.send(vertx, bob, room, "bob's second"))
            .compose(sent -> eventually(asker, () -> history(asker, bob, roomId(room)), h -> h.size() == 3, 10_000)
                .map(sent))
            .compose(sent -> {
              String mine = ((JsonObject) sent.resultAt(0)).getString("id");
              String bobs = ((JsonObject) sent.resultAt(1)).getString("id");
              String bobsSecond = ((JsonObject) sent.resultAt(2)).getString("id");
              Map<Future<?>, Integer> table = new LinkedHashMap<>();
              List<String> names = new ArrayList<>();
              row(table, names, "edit by another member", ask(asker, Addresses.CHAT_EDIT, bob,
                  target(room, mine).put("text", "x")), 403);
              row(table, names, "edit by the creator of another's", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(room, bobs).put("text", "x")), 403);
              row(table, names, "edit by a non-member", ask(asker, Addresses.CHAT_EDIT, eve,
                  target(room, mine).put("text", "x")), 403);
              row(table, names, "edit of an unknown message", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(room, "nope").put("text", "x")), 404);
              row(table, names, "edit in an unknown room", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(SharedInfra.unique("room"), mine).put("text", "x")), 404);
              row(table, names, "edit to blank text", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(room, mine).put("text", "  ")), 400);
              row(table, names, "edit to over-long text", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(room, mine).put("text", "x".repeat(4001))), 400);
              row(table, names, "edit with text a number", ask(asker, Addresses.CHAT_EDIT, creator,
                  target(room, mine).put("text", 42)), 400);
              row(table, names, "edit with messageId a boolean", ask(asker, Addresses.CHAT_EDIT, creator,
                  new JsonObject().put("roomId", room).put("messageId", true).put("text", "x")), 400);
              row(table, names, "delete by another member", ask(asker, Addresses.CHAT_DELETE, bob,
                  target(room, mine)), 403);
              row(table, names, "delete by a non-member", ask(asker, Addresses.CHAT_DELETE, eve,
                  target(room, mine)), 403);
              row(table, names, "delete of an unknown message", ask(asker, Addresses.CHAT_DELETE, bob,
                  target(room, "nope")), 404);
              row(table, names, "react with a word", ask(asker, Addresses.CHAT_REACT, bob,
                  reaction(room, mine, "ok", true)), 400);
              row(table, names, "react with two emoji", ask(asker, Addresses.CHAT_REACT, bob,
                  reaction(room, mine, THUMBS + THUMBS, true)), 400);
              row(table, names, "react with a number", ask(asker, Addresses.CHAT_REACT, bob,
                  reaction(room, mine, 1, true)), 400);
              row(table, names, "react with on a string", ask(asker, Addresses.CHAT_REACT, bob,
                  reaction(room, mine, THUMBS, "yes")), 400);
              row(table, names, "react with on null", ask(asker, Addresses.CHAT_REACT, bob,
                  reaction(room, mine, THUMBS, null)), 400);
              row(table, names, "react by a non-member", ask(asker, Addresses.CHAT_REACT, eve,
                  reaction(room, mine, THUMBS, true)), 403);
              return assertRefused(testContext, table, names)
                  .compose(v -> ask(asker, Addresses.CHAT_DELETE, creator, target(room, bobs)))
                  .compose(v -> ask(asker, Addresses.CHAT_DELETE, bob, target(room, bobsSecond)))
                  .compose(v -> {
                    Map<Future<?>, Integer> deleted = new LinkedHashMap<>();
                    List<String> deletedNames = new ArrayList<>();
                    row(deleted, deletedNames, "edit of a deleted message", ask(asker, Addresses.CHAT_EDIT, bob,
                        target(room, bobs).put("text", "x")), 409);
                    row(deleted, deletedNames, "react to a deleted message", ask(asker, Addresses.CHAT_REACT, bob,
                        reaction(room, bobs, THUMBS, true)), 409);
                    return assertRefused(testContext, deleted, deletedNames);
                  })
                  .onSuccess(v -> refusedAll.flag())
                  .compose(v -> ask(asker, Addresses.CHAT_EDIT, creator, target(room, mine).put("text", " fixed ")))
                  .compose(v -> ask(asker, Addresses.CHAT_REACT, bob, reaction(room, mine, FAMILY, true)))
                  .compose(v -> ask(asker, Addresses.CHAT_REACT, bob, reaction(room, mine, FAMILY, true)))
                  .compose(v -> ask(asker, Addresses.CHAT_DELETE, bob, target(room, bobsSecond)))
                  .compose(v -> history(asker, bob, roomId(room)));
            }))
        .onComplete(testContext.succeeding(messages -> testContext.verify(() -> {
          assertEquals(3, messages.size(), "tombstones keep their place");
          // The three were sent at once by two people: their order is whichever Kafka wrote first.
          JsonObject edited = messages.stream().map(JsonObject.class::cast)
              .filter(m -> creator.equals(m.getString("author"))).findFirst().orElseThrow();
          assertEquals("fixed", edited.getString("text"));
          assertTrue(edited.getLong("editedAt") >= edited.getLong("ts"));
          assertEquals(new JsonArray().add(new JsonObject().put("emoji", FAMILY).put("count", 1)
              .put("users", new JsonArray().add(bob)).put("mine", true)), edited.getJsonArray("reactions"),
              "a toggle counts once; bob's page says it is his");
          for (JsonObject tombstone : messages.stream().map(JsonObject.class::cast)
              .filter(m -> bob.equals(m.getString("author"))).toList()) {
            assertTrue(tombstone.getBoolean("deleted"));
            assertNull(tombstone.getValue("text"));
            assertEquals(List.of("id", "roomId", "author", "ts", "cursor", "deleted"),
                List.copyOf(tombstone.fieldNames()));
          }
          asItStands.flag();
        })));
  }

  private static void row(Map<Future<?>, Integer> table, List<String> names, String name, Future<?> request,
      int status) {
    table.put(request, status);
    names.add(name);
  }

  @Test
  void aMessageHoldsTwentyDifferentEmojiAndTogglesStayIdempotent(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    Checkpoint full = testContext.checkpoint();
    // U+1F600 onwards: 21 different faces, each one recommended emoji.
    List<String> faces = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      faces.add(new String(Character.toChars(0x1F600 + i)));
    }

    // 23 toggles in a row, past the default send rate.
    ChatHarness.deploy(vertx, infra, ChatHarness.chatConfig().put("messagesPerSecond", 100).put("messageBurst", 100))
        .compose(id -> ChatHarness.room(vertx, alice, bob))
        .compose(room -> ChatHarness.send(vertx, alice, room, "vote")
            .compose(m -> {
              Future<JsonObject> chain = Future.succeededFuture();
              for (String face : faces.subList(0, 20)) {
                chain = chain.compose(v -> ask(vertx, Addresses.CHAT_REACT, bob,
                    reaction(room, m.getString("id"), face, true)));
              }
              return chain
                  .compose(v -> refused(ask(vertx, Addresses.CHAT_REACT, alice,
                      reaction(room, m.getString("id"), faces.get(20), true))))
                  .compose(refusal -> ask(vertx, Addresses.CHAT_REACT, alice,
                          reaction(room, m.getString("id"), faces.get(0), true))
                      .compose(v -> ask(vertx, Addresses.CHAT_REACT, alice,
                          reaction(room, m.getString("id"), faces.get(0), true)))
                      .compose(v -> ask(vertx, Addresses.CHAT_REACT, bob,
                          reaction(room, m.getString("id"), faces.get(1), false)))
                      .compose(v -> ask(vertx, Addresses.CHAT_REACT, bob,
                          reaction(room, m.getString("id"), faces.get(1), false)))
                      .map(last -> Map.entry(refusal, last.getJsonObject("message"))));
            }))
        .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
          assertEquals(409, result.getKey().failureCode(), "a 21st different emoji");
          JsonArray reactions = result.getValue().getJsonArray("reactions");
          assertEquals(19, reactions.size(), "the 20 less the one bob took back");
          assertEquals(new JsonObject().put("emoji", faces.get(0)).put("count", 2)
              .put("users", new JsonArray().add(bob).add(alice)).put("mine", true), reactions.getJsonObject(0),
              "turning one on twice counts once; the answer tells bob the reaction is his");
          full.flag();
        })));
  }

  @Test
  void membersTabsSeeEveryChangeAsAFrame(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    Checkpoint seen = testContext.checkpoint();
    ChatHarness.inbox(vertx, bob, m -> frames.add(m.body()));

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice, bob))
        .compose(room -> ChatHarness.send(vertx, alice, room, "first")
            .compose(m -> ask(vertx, Addresses.CHAT_EDIT, alice, target(room, m.getString("id")).put("text", "second"))
                .compose(v -> ask(vertx, Addresses.CHAT_REACT, bob, reaction(room, m.getString("id"), THUMBS, true)))
                .compose(v -> ask(vertx, Addresses.CHAT_REACT, bob, reaction(room, m.getString("id"), THUMBS, false)))
                .compose(v -> ask(vertx, Addresses.CHAT_DELETE, alice, target(room, m.getString("id"))))
                .compose(v -> eventually(vertx, () -> Future.succeededFuture(frames),
                    f -> f.stream().anyMatch(frame -> "deleted".equals(frame.getString("type"))), 10_000))
                .map(f -> {
                  testContext.verify(() -> {
                    List<String> types = f.stream().map(frame -> frame.getString("type"))
                        .filter(type -> !"room".equals(type)).toList();
                    assertEquals(List.of("message", "edited", "reactions", "reactions", "deleted"), types);
                    f.removeIf(frame -> "room".equals(frame.getString("type")));
                    assertEquals("second", f.get(1).getJsonObject("message").getString("text"));
                    assertEquals(1, f.get(2).getJsonArray("reactions").getJsonObject(0).getInteger("count"));
                    assertFalse(f.get(2).getJsonArray("reactions").getJsonObject(0).containsKey("mine"),
                        "a frame every member shares says nobody's mine");
                    assertEquals(new JsonArray(), f.get(3).getJsonArray("reactions"));
                    assertEquals(new JsonObject().put("type", "deleted").put("roomId", room)
                        .put("messageId", m.getString("id")).put("cursor", m.getString("cursor")), f.get(4));
                  });
                  return f;
                })))
        .onComplete(testContext.succeeding(f -> seen.flag()));
  }

  @Test
  void aMessageSentRightAfterAReplyDoesNotOvertakeIt(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    Checkpoint inOrder = testContext.checkpoint();
    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> ChatHarness.send(vertx, alice, room, "question")
            // The reply waits for its original to be readable; the plain messages sent on its heels must wait for it.
            .compose(original -> Future.all(
                ask(vertx, Addresses.CHAT_SEND, alice, ChatHarness.text(room, "answer", SharedInfra.unique("c"))
                    .put("replyTo", original.getString("id"))),
                ChatHarness.send(vertx, alice, room, "after 1"),
                ChatHarness.send(vertx, alice, room, "after 2")))
            .compose(sent -> ChatHarness.history(vertx, alice, new JsonObject().put("roomId", room))))
        .onComplete(testContext.succeeding(page -> testContext.verify(() -> {
          assertEquals(List.of("question", "answer", "after 1", "after 2"),
              page.stream().map(m -> ((JsonObject) m).getString("text")).toList());
          inOrder.flag();
        })));
  }

  @Test
  void aReplyQuotesItsOriginalAsItStands(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    Checkpoint quoted = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    Checkpoint followsEdit = testContext.checkpoint();
    Checkpoint markedDeleted = testContext.checkpoint();
    String longText = "word ".repeat(60).strip();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> Future.all(ChatHarness.room(vertx, alice, bob), ChatHarness.room(vertx, bob)))
        .compose(rooms -> {
          String room = rooms.resultAt(0);
          String otherRoom = rooms.resultAt(1);
          return Future.all(ChatHarness.send(vertx, alice, room, longText),
                  ChatHarness.send(vertx, bob, otherRoom, "elsewhere"))
              .compose(sent -> {
                JsonObject original = sent.resultAt(0);
                String elsewhere = ((JsonObject) sent.resultAt(1)).getString("id");
                return ask(vertx, Addresses.CHAT_SEND, bob, ChatHarness.text(room, "agreed", SharedInfra.unique("c"))
                    .put("replyTo", original.getString("id")))
                    .map(reply -> {
                      testContext.verify(() -> {
                        JsonObject quote = reply.getJsonObject("message").getJsonObject("replyTo");
                        assertEquals(original.getString("id"), quote.getString("id"));
                        assertEquals(original.getString("cursor"), quote.getString("cursor"));
                        assertEquals(alice, quote.getString("author"));
                        assertEquals(longText.substring(0, 140), quote.getString("excerpt"));
                      });
                      quoted.flag();
                      return reply;
                    })
                    .compose(reply -> {
                      Map<Future<?>, Integer> table = new LinkedHashMap<>();
                      List<String> names = new ArrayList<>();
                      row(table, names, "replyTo a number", ask(vertx, Addresses.CHAT_SEND, bob,
                          ChatHarness.text(room, "x", SharedInfra.unique("c")).put("replyTo", 5)), 400);
                      row(table, names, "replyTo an object", ask(vertx, Addresses.CHAT_SEND, bob,
                          ChatHarness.text(room, "x", SharedInfra.unique("c")).put("replyTo", new JsonObject())), 400);
                      row(table, names, "replyTo unknown", ask(vertx, Addresses.CHAT_SEND, bob,
                          ChatHarness.text(room, "x", SharedInfra.unique("c")).put("replyTo", "nope")), 404);
                      row(table, names, "replyTo another room's", ask(vertx, Addresses.CHAT_SEND, bob,
                          ChatHarness.text(room, "x", SharedInfra.unique("c")).put("replyTo", elsewhere)), 404);
                      return assertRefused(testContext, table, names).onSuccess(v -> refused.flag());
                    })
                    .compose(v -> ask(vertx, Addresses.CHAT_EDIT, alice,
                        target(room, original.getString("id")).put("text", "corrected")))
                    .compose(v -> history(vertx, bob, roomId(room)))
                    .map(history -> {
                      testContext.verify(() -> assertEquals("corrected",
                          history.getJsonObject(1).getJsonObject("replyTo").getString("excerpt")));
                      followsEdit.flag();
                      return history;
                    })
                    .compose(v -> ask(vertx, Addresses.CHAT_DELETE, alice, target(room, original.getString("id"))))
                    .compose(v -> refused(ask(vertx, Addresses.CHAT_SEND, bob, ChatHarness.text(room, "late",
                        SharedInfra.unique("c")).put("replyTo", original.getString("id")))))
                    .compose(late -> history(vertx, bob, roomId(room)).map(history -> {
                      testContext.verify(() -> {
                        assertEquals(409, late.failureCode(), "a reply to a deleted message");
                        JsonObject quote = history.getJsonObject(1).getJsonObject("replyTo");
                        assertEquals("deleted", quote.getString("excerpt"));
                        assertEquals(original.getString("id"), quote.getString("id"));
                      });
                      markedDeleted.flag();
                      return history;
                    }));
              });
        })
        .onFailure(testContext::failNow);
  }

  @Test
  void searchFindsTheLatestTextAndNeverADeletedMessage(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    Checkpoint found = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> Future.all(ChatHarness.send(vertx, alice, room, "quarterly zebra report"),
                ChatHarness.send(vertx, alice, room, "zebra crossing"))
            .compose(sent -> ask(vertx, Addresses.CHAT_EDIT, alice,
                    target(room, ((JsonObject) sent.resultAt(0)).getString("id")).put("text", "quarterly okapi report"))
                .compose(v -> ask(vertx, Addresses.CHAT_DELETE, alice,
                    target(room, ((JsonObject) sent.resultAt(1)).getString("id"))))
                .compose(v -> Future.all(search(vertx, alice, "zebra"), search(vertx, alice, "okapi"),
                    search(vertx, alice, "from:" + alice)))))
        .onComplete(testContext.succeeding(results -> testContext.verify(() -> {
          assertEquals(0, ((JsonArray) results.resultAt(0)).size(), "neither the old text nor the deleted one");
          assertEquals(1, ((JsonArray) results.resultAt(1)).size(), "the latest text");
          assertEquals(1, ((JsonArray) results.resultAt(2)).size(), "an operator alone finds no tombstone");
          found.flag();
        })));
  }

  private static Future<JsonArray> search(Vertx vertx, String user, String q) {
    return ask(vertx, Addresses.CHAT_SEARCH, user, new JsonObject().put("q", q))
        .map(reply -> reply.getJsonArray("results"));
  }

  @Test
  void theEditWindowCloses(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    // Years from now: the door stamps the message by this clock too, so the edit window judges one time line.
    MutableClock clock = new MutableClock(Instant.parse("2031-03-03T06:59:59Z"));
    Checkpoint stamped = testContext.checkpoint();
    Checkpoint inWindow = testContext.checkpoint();
    Checkpoint closed = testContext.checkpoint();
    JsonObject oneMinute = ChatHarness.chatConfig().put("editWindowMinutes", 1)
        .put("historyDir", ChatHarness.newHistoryDir());

    ChatHarness.ensureTopics(vertx, infra)
        .compose(v -> vertx.deployVerticle(new ChatVerticle(clock, new SimpleMeterRegistry()),
            new DeploymentOptions().setConfig(ChatHarness.config(infra, SharedInfra.unique("chat"), oneMinute))))
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> ChatHarness.send(vertx, alice, room, "typo")
            .map(m -> {
              testContext.verify(() -> assertEquals(clock.millis(), m.getLong("ts"), "stamped by the injected clock"));
              stamped.flag();
              return m;
            })
            .compose(m -> ask(vertx, Addresses.CHAT_EDIT, alice, target(room, m.getString("id")).put("text", "fixed"))
                .onSuccess(v -> inWindow.flag())
                .compose(v -> {
                  clock.advance(Duration.ofMinutes(2));
                  return refused(ask(vertx, Addresses.CHAT_EDIT, alice,
                      target(room, m.getString("id")).put("text", "late")));
                })))
        .onComplete(testContext.succeeding(late -> testContext.verify(() -> {
          assertEquals(403, late.failureCode());
          closed.flag();
        })));
  }

  @Test
  void aWindowOfZeroForbidsEditing(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    Checkpoint refusedEdit = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra, ChatHarness.chatConfig().put("editWindowMinutes", 0))
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> ChatHarness.send(vertx, alice, room, "typo")
            .compose(m -> refused(ask(vertx, Addresses.CHAT_EDIT, alice,
                target(room, m.getString("id")).put("text", "fixed")))))
        .onComplete(testContext.succeeding(zero -> testContext.verify(() -> {
          assertEquals(403, zero.failureCode());
          refusedEdit.flag();
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void fiftyUsersTogglingOneReactionOnTwoInstancesConverge(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    Vertx other = Vertx.vertx();
    String creator = SharedInfra.unique("creator");
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      users.add(SharedInfra.unique("u" + i));
    }
    Checkpoint converged = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.deploy(other, infra))
        .compose(id -> ChatHarness.room(vertx, creator, users.toArray(String[]::new)))
        .compose(room -> ChatHarness.send(vertx, creator, room, "vote")
            .compose(m -> Future.all(users.stream().map(u -> ChatHarness.memberOn(other, u, room)).toList())
                .compose(v -> {
                  // Everyone turns it on, half of them on the other instance; every third turns it off again.
                  List<Future<JsonObject>> toggles = new ArrayList<>();
                  for (int i = 0; i < users.size(); i++) {
                    Vertx on = i % 2 == 0 ? vertx : other;
                    String user = users.get(i);
                    boolean off = i % 3 == 0;
                    toggles.add(ask(on, Addresses.CHAT_REACT, user, reaction(room, m.getString("id"), THUMBS, true))
                        .compose(r -> off ? ask(on, Addresses.CHAT_REACT, user,
                            reaction(room, m.getString("id"), THUMBS, false)) : Future.succeededFuture(r)));
                  }
                  return Future.all(toggles);
                })
                .compose(v -> Future.all(
                    eventually(vertx, () -> history(vertx, creator, roomId(room)), h -> count(h) == 33, 10_000),
                    eventually(other, () -> history(other, creator, roomId(room)), h -> count(h) == 33, 10_000)))
                .compose(both -> Future.all(users.stream().map(u -> history(vertx, u, roomId(room))).toList())
                    .map(pages -> Map.entry(both, pages)))))
        .eventually(() -> other.close())
        .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
          JsonArray here = result.getKey().resultAt(0);
          JsonArray there = result.getKey().resultAt(1);
          assertEquals(here, there, "both instances hold the same reactions, users in the same order");
          assertFalse(here.getJsonObject(0).getJsonArray("reactions").getJsonObject(0).getJsonArray("users")
              .size() > 20, "clients see the first 20 users");
          for (int i = 0; i < users.size(); i++) {
            JsonArray own = result.getValue().resultAt(i);
            assertEquals(i % 3 != 0, own.getJsonObject(0).getJsonArray("reactions").getJsonObject(0)
                .getBoolean("mine"), users.get(i) + " is told whether the reaction is theirs, shown or not");
          }
          converged.flag();
        })));
  }

  /** 50 users, every third (17 of them) took it back. */
  private static int count(JsonArray history) {
    JsonArray reactions = history.getJsonObject(0).getJsonArray("reactions");
    return reactions == null ? 0 : reactions.getJsonObject(0).getInteger("count");
  }
}
