package dev.kaftalk.app;

import dev.kaftalk.testing.Eventually;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17's gate table against two instances: every message is sent (and every urgent request made) through A, every
 * recipient listens on B, and each row's outcome is what the recipient's socket shows: a live frame with the right
 * {@code notify}, or the message only in the batch once the quiet period ends. Then "notify anyway" from the
 * sender's side: the quota, identity from the session only, and bad input.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class GateTableIT {

  private static final String PASSWORD = "gate table pw";
  private static final long TIMEOUT_MS = 20_000;

  @RegisterExtension
  static final RunningKaftalk a = RunningKaftalk.configured(GateTableIT::fast);
  @RegisterExtension
  static final RunningKaftalk b = RunningKaftalk.configured(GateTableIT::fast);

  /** What a row expects at the recipient's socket on B. */
  private enum Outcome { LIVE_NORMAL, LIVE_SILENT, LIVE_URGENT_MENTION, LIVE_URGENT_DM, BATCHED }

  /** Where a row's message goes: the room at level all for everyone, the room with levels, the recipient's DM. */
  private enum Where { ROOM, LEVELS, DM }

  /**
   * One row: the sender writes {@code text} ({@code %s} the recipient's name) {@code where}, and asks for it to be
   * urgent when {@code urgent}.
   *
   * @param delivered what the urgent request's answer says for the recipient ("now", "later"), or null: not named
   */
  private record Row(String name, String recipient, Where where, String text, boolean urgent, Outcome outcome,
                     String delivered) {
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void eachRowOfTheGateTableShowsAtTheRecipientsSocketOnTheOtherInstance(Vertx vertx, VertxTestContext testContext) {
    Checkpoint rowsHold = testContext.checkpoint();
    Cast cast = new Cast(vertx, 3);
    // recipient: awake (never quiet) or quiet with breakThrough from nobody / dm / anyone (3 a day each). In the room
    // with levels, awake and dm are at level mentions, anyone at none, nobody at all.
    List<Row> rows = List.of(
        new Row("awake, all, not mentioned", "awake", Where.ROOM, "hello all", false, Outcome.LIVE_NORMAL, null),
        new Row("awake, direct message, urgent asked: nobody quiet", "awake", Where.DM, "psst", true,
            Outcome.LIVE_NORMAL, null),
        new Row("awake, mentions, not mentioned", "awake", Where.LEVELS, "just chatting", false, Outcome.LIVE_SILENT,
            null),
        new Row("awake, mentions, mentioned", "awake", Where.LEVELS, "@%s look", false, Outcome.LIVE_NORMAL, null),
        new Row("quiet, not mentioned, urgent asked: calls nobody", "anyone", Where.ROOM, "no names here", true,
            Outcome.BATCHED, null),
        new Row("quiet, mentioned, not urgent", "anyone", Where.ROOM, "@%s fyi", false, Outcome.BATCHED, null),
        new Row("quiet, mentioned, urgent, allows anyone", "anyone", Where.ROOM, "@%s now please", true,
            Outcome.LIVE_URGENT_MENTION, "now"),
        new Row("quiet, level none, mentioned, urgent, allows anyone: never pierced", "anyone", Where.LEVELS,
            "@%s now please", true, Outcome.BATCHED, "later"),
        new Row("quiet, mentioned, urgent, allows direct messages only", "dm", Where.ROOM, "@%s now please", true,
            Outcome.BATCHED, "later"),
        new Row("quiet, mentions, mentioned", "dm", Where.LEVELS, "@%s fyi", false, Outcome.BATCHED, null),
        new Row("quiet, direct message, urgent, allows direct messages", "dm", Where.DM, "call me", true,
            Outcome.LIVE_URGENT_DM, "now"),
        new Row("quiet, direct message, urgent, allows nobody", "nobody", Where.DM, "call me", true, Outcome.BATCHED,
            "later"));
    Map<Row, JsonObject> answers = new LinkedHashMap<>();
    cast.setUp()
        .compose(v -> sequentially(rows, row -> cast.send(row).map(answer -> {
          answers.put(row, answer);
          return null;
        })))
        .compose(v -> Future.all(rows.stream().map(row -> row.outcome() == Outcome.BATCHED
            ? cast.appliedOnB(row.recipient(), answers.get(row))
            : cast.socket(row.recipient()).awaitFrame(f -> isMessage(f, id(answers.get(row)))).<Void>mapEmpty())
            .toList()))
        .compose(v -> cast.endQuietHours())
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          for (Row row : rows) {
            JsonObject answer = answers.get(row);
            String id = id(answer);
            BridgeConnection socket = cast.socket(row.recipient());
            JsonObject live = socket.frames().stream().filter(f -> isMessage(f, id)).findFirst().orElse(null);
            List<String> batched = QuietFrames.batched(socket).stream().map(m -> m.getString("id")).toList();
            switch (row.outcome()) {
              case LIVE_NORMAL, LIVE_SILENT -> {
                assertEquals(row.outcome() == Outcome.LIVE_NORMAL ? "normal" : "none", live.getString("notify"),
                    row.name());
                assertNull(live.getValue("urgent"), row.name());
              }
              case LIVE_URGENT_MENTION, LIVE_URGENT_DM -> {
                assertEquals("urgent", live.getString("notify"), row.name());
                assertEquals(new JsonObject().put("by", cast.sender.username())
                    .put("reason", row.outcome() == Outcome.LIVE_URGENT_DM ? "dm" : "mention"), live.getJsonObject("urgent"));
                assertFalse(batched.contains(id), row.name() + ": not again in the batch");
              }
              case BATCHED -> {
                assertNull(live, row.name() + ": never live");
                assertTrue(batched.contains(id), row.name() + ": in the batch " + batched);
              }
            }
            if (row.urgent()) {
              JsonArray urgent = answer.getJsonArray("urgent");
              List<String> named = urgent.stream().filter(u -> ((JsonObject) u).getString("username")
                  .equals(cast.name(row.recipient()))).map(u -> ((JsonObject) u).getString("delivered")).toList();
              assertEquals(row.delivered() == null ? List.of() : List.of(row.delivered()), named, row.name());
            }
          }
          // Batched silently: every message of the room with levels for anyone (none), all but the one mentioning
          // dm for dm (mentions); nobody is at level all there. Counted per part.
          long levelsMessages = rows.stream().filter(row -> row.where() == Where.LEVELS).count();
          Map<String, Long> silent = Map.of("nobody", 0L, "dm", levelsMessages - 1, "anyone", levelsMessages);
          silent.forEach((quiet, expected) -> {
            BridgeConnection socket = cast.socket(quiet);
            int notifying = QuietFrames.batches(socket).stream().mapToInt(p -> p.getInteger("notify")).sum();
            assertEquals(QuietFrames.batched(socket).size() - expected, notifying, quiet);
          });
          JsonObject own = cast.senderOnB.frames().stream().filter(f -> isMessage(f, id(answers.get(rows.get(0)))))
              .findFirst().orElseThrow();
          assertEquals("none", own.getString("notify"), "the author's own tab is never called");
          rowsHold.flag();
        })));
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void notifyAnywayAnswersWhoIsQuietKeepsTheQuotaAndTakesIdentityFromTheSession(Vertx vertx,
                                                                                VertxTestContext testContext) {
    Checkpoint quietNamed = testContext.checkpoint();
    Checkpoint quota = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    Cast cast = new Cast(vertx, 1);
    Map<String, JsonObject> got = new HashMap<>();
    cast.setUp()
        .compose(v -> cast.sendTo("anyone", Where.ROOM, "@%s first", false))
        .compose(first -> {
          got.put("first", first);
          return cast.urgent(first);
        })
        .compose(granted -> {
          got.put("granted", granted);
          return cast.urgent(got.get("first"));
        })
        .compose(again -> {
          got.put("again", again);
          return cast.sendTo("anyone", Where.ROOM, "@%s second", false);
        })
        .compose(second -> {
          got.put("second", second);
          return cast.urgent(second);
        })
        .onSuccess(overQuota -> testContext.verify(() -> {
          String anyone = cast.name("anyone");
          JsonObject quiet = got.get("first").getJsonArray("quiet").getJsonObject(0);
          assertEquals(anyone, quiet.getString("username"));
          assertTrue(quiet.getLong("until") > System.currentTimeMillis(), "until the end of the snooze");
          assertEquals(true, quiet.getBoolean("canNotify"));
          assertEquals("now", delivered(got.get("granted"), anyone));
          assertEquals(id(got.get("first")), id(got.get("granted")), "the same message, not written twice");
          assertEquals("now", delivered(got.get("again"), anyone), "asking again grants nothing new");
          assertEquals(false, got.get("second").getJsonArray("quiet").getJsonObject(0).getBoolean("canNotify"),
              "today's one break-through is used");
          assertEquals("later", delivered(overQuota, anyone));
          quietNamed.flag();
        }))
        .compose(v -> cast.socket("anyone").awaitFrame(f -> isMessage(f, id(got.get("first")))))
        .compose(v -> cast.appliedOnB("anyone", got.get("second")))
        .compose(v -> cast.endQuietHours())
        .onSuccess(v -> testContext.verify(() -> {
          BridgeConnection socket = cast.socket("anyone");
          assertEquals(1, socket.frames().stream().filter(f -> isMessage(f, id(got.get("first")))).count(),
              "pushed once, though asked twice");
          assertEquals(List.of(id(got.get("second"))),
              QuietFrames.batched(socket).stream().map(m -> m.getString("id")).toList(), "over the quota: later");
          quota.flag();
        }))
        .compose(v -> Future.all(List.of(
            status(cast.senderOnB.request("server.chat.send", new JsonObject().put("roomId", cast.room)
                .put("clientMsgId", got.get("second").getJsonObject("message").getString("clientMsgId"))
                .put("urgent", "yes"))),
            // The recipient naming the sender's clientMsgId asks about a message of their own: there is none.
            status(cast.socket("anyone").request("server.chat.send", new JsonObject().put("roomId", cast.room)
                .put("clientMsgId", got.get("second").getJsonObject("message").getString("clientMsgId"))
                .put("urgent", true))),
            status(cast.senderOnB.request("server.chat.send", new JsonObject().put("roomId", cast.room)
                .put("clientMsgId", "never-sent").put("urgent", true))),
            cast.sender.call(HttpMethod.PUT, QuietFrames.PATH, QuietFrames.snoozedUntil(1)
                .put("breakThrough", new JsonObject().put("from", "everyone"))).map(r -> r.statusCode()))))
        .onComplete(testContext.succeeding(statuses -> testContext.verify(() -> {
          assertEquals(List.of(400, 404, 404, 400), statuses.list());
          refused.flag();
        })));
  }

  private static Future<Integer> status(Future<JsonObject> reply) {
    return reply.map(ok -> 200).recover(e -> Future.succeededFuture(((ReplyException) e).failureCode()));
  }

  private static String delivered(JsonObject answer, String username) {
    return answer.getJsonArray("urgent").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("username").equals(username)).findFirst().orElseThrow().getString("delivered");
  }

  private static boolean isMessage(JsonObject frame, String id) {
    return "message".equals(frame.getString("type")) && id.equals(frame.getJsonObject("message").getString("id"));
  }

  private static String id(JsonObject answer) {
    return answer.getJsonObject("message").getString("id");
  }

  private static <T> Future<Void> sequentially(List<T> items, Function<T, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }

  private static void fast(JsonObject config) {
    config.put("chat", new JsonObject().put("passwordIterations", 1000).put("messagesPerSecond", 1000)
        .put("messageBurst", 1000));
  }

  /**
   * A sender on A; on B an awake recipient and three quiet ones whose breakThrough lets nobody, direct messages or
   * anyone through. One room holds them all; the sender has a direct message with each.
   */
  private static final class Cast {
    private final Vertx vertx;
    private final int maxPerDay;
    private final String team = SharedInfra.unique("gate");
    private final Map<String, ChatClient> onB = new HashMap<>();
    private final Map<String, BridgeConnection> sockets = new HashMap<>();
    private final Map<String, String> dms = new HashMap<>();
    private ChatClient sender;
    private BridgeConnection senderOnA;
    private BridgeConnection senderOnB;
    private String room;
    private String levels;
    private int sent;

    /** @param maxPerDay each quiet recipient's {@code maxPerSenderPerDay} */
    private Cast(Vertx vertx, int maxPerDay) {
      this.vertx = vertx;
      this.maxPerDay = maxPerDay;
    }

    String name(String role) {
      return team + role;
    }

    BridgeConnection socket(String role) {
      return sockets.get(role);
    }

    Future<Void> setUp() {
      List<String> roles = List.of("awake", "nobody", "dm", "anyone");
      return ChatClient.register(vertx, a.port(), name("sam"), PASSWORD)
          .compose(s -> {
            sender = s;
            return sender.createRoom(name("room"));
          })
          .compose(created -> {
            room = created.getString("id");
            return sender.createRoom(name("levels"));
          })
          .compose(created -> {
            levels = created.getString("id");
            return sequentially(roles, role -> ChatClient.register(vertx, b.port(), name(role), PASSWORD)
                .compose(client -> {
                  onB.put(role, client);
                  return client.join(room).compose(v -> client.join(levels)).compose(v -> chooseLevel(role));
                })
                .compose(v -> sender.call(HttpMethod.POST, "/api/dms",
                    new JsonObject().put("usernames", new JsonArray().add(name(role)))))
                .compose(dm -> {
                  dms.put(role, dm.bodyAsJsonObject().getJsonObject("room").getString("id"));
                  return role.equals("awake") ? Future.succeededFuture() : putQuiet(role);
                }));
          })
          .compose(v -> sequentially(roles, role -> seesItsRooms(role)
              .compose(x -> onB.get(role).connect())
              .map(socket -> {
                sockets.put(role, socket);
                return null;
              })))
          .compose(v -> Future.all(sender.connect(), ChatClient.login(vertx, b.port(), name("sam"), PASSWORD)
              .compose(ChatClient::connect)))
          .map(both -> {
            senderOnA = both.resultAt(0);
            senderOnB = both.resultAt(1);
            return null;
          });
    }

    /** Snoozed for an hour, letting its role (nobody, dm, anyone) through; both instances know it. */
    private Future<Void> putQuiet(String role) {
      return QuietFrames.put(onB.get(role), QuietFrames.snoozedUntil(System.currentTimeMillis() + 3_600_000)
              .put("breakThrough", new JsonObject().put("from", role).put("maxPerSenderPerDay", maxPerDay)))
          .compose(v -> Future.all(quietOn(a.port(), role), quietOn(b.port(), role)))
          .mapEmpty();
    }

    /** The chat service of that instance shows the user quiet (it judges the gate with the same settings). */
    private Future<JsonArray> quietOn(int port, String role) {
      ChatClient asker = port == a.port() ? sender : onB.get(role);
      return Eventually.until(vertx, () -> asker.get("/api/users?q=" + name(role)).map(r -> r.bodyAsJsonArray()),
          users -> users.stream().map(JsonObject.class::cast)
              .anyMatch(u -> u.getString("username").equals(name(role)) && u.getValue("quiet") != null), TIMEOUT_MS);
    }

    /** In the room with levels: awake and dm at mentions, anyone at none, nobody keeps all. */
    private Future<Void> chooseLevel(String role) {
      String level = Map.of("awake", "mentions", "dm", "mentions", "anyone", "none").get(role);
      if (level == null) {
        return Future.succeededFuture();
      }
      return onB.get(role).call(HttpMethod.PUT, "/api/rooms/" + levels + "/notifications",
          new JsonObject().put("level", level)).compose(r -> r.statusCode() == 200 ? Future.succeededFuture()
          : Future.failedFuture("level " + level + " answered " + r.statusCode()))
          .compose(v -> ChatClient.login(vertx, a.port(), name(role), PASSWORD))
          .compose(onA -> Eventually.until(vertx, onA::rooms, rooms -> rooms.stream().map(JsonObject.class::cast)
              .anyMatch(r -> r.getString("id").equals(levels) && r.getJsonObject("notifications") != null
                  && level.equals(r.getJsonObject("notifications").getString("level"))), TIMEOUT_MS))
          .mapEmpty();
    }

    /** B has applied the rooms and direct message memberships, so its gate knows the recipient is in them. */
    private Future<JsonArray> seesItsRooms(String role) {
      return Eventually.until(vertx, () -> onB.get(role).rooms(), rooms -> rooms.stream().map(JsonObject.class::cast)
          .filter(r -> Boolean.TRUE.equals(r.getBoolean("joined")))
          .filter(r -> List.of(room, levels, dms.get(role)).contains(r.getString("id"))).count() == 3,
          TIMEOUT_MS);
    }

    Future<JsonObject> send(Row row) {
      return sendTo(row.recipient(), row.where(), row.text(), row.urgent());
    }

    /** Sends through A ({@code %s} in the text is the recipient's name), then asks for urgency when {@code urgent}. */
    Future<JsonObject> sendTo(String role, Where where, String text, boolean urgent) {
      String clientMsgId = "gate-" + (++sent);
      String roomId = where == Where.DM ? dms.get(role) : where == Where.LEVELS ? levels : room;
      JsonObject body = new JsonObject().put("roomId", roomId)
          .put("text", String.format(text, name(role))).put("clientMsgId", clientMsgId);
      Future<JsonObject> answer = senderOnA.request("server.chat.send", body);
      return urgent ? answer.compose(this::urgent) : answer;
    }

    /** The same send again, with {@code urgent:true}, through A. */
    Future<JsonObject> urgent(JsonObject answer) {
      JsonObject message = answer.getJsonObject("message");
      return senderOnA.request("server.chat.send", new JsonObject().put("roomId", message.getString("roomId"))
          .put("clientMsgId", message.getString("clientMsgId")).put("urgent", true));
    }

    /** B's history holds the message: B's gate has decided it for the recipient (live or held back). */
    Future<Void> appliedOnB(String role, JsonObject answer) {
      JsonObject message = answer.getJsonObject("message");
      return QuietFrames.historyUntil(vertx, onB.get(role), message.getString("roomId"), "",
          page -> page.stream().anyMatch(m -> ((JsonObject) m).getString("id").equals(message.getString("id"))),
          TIMEOUT_MS);
    }

    /** Every quiet recipient ends their snooze; completes once each has the last part of their batch. */
    Future<Void> endQuietHours() {
      List<String> quiet = List.of("nobody", "dm", "anyone");
      return Future.all(quiet.stream().map(role -> QuietFrames.put(onB.get(role), QuietFrames.snoozedUntil(0)
              .put("snoozeUntil", null))
          .compose(v -> sockets.get(role).awaitFrame(f -> QuietFrames.batchComplete(sockets.get(role))))).toList())
          .mapEmpty();
    }
  }
}
