package dev.kaftalk.app;

import dev.kaftalk.testing.Eventually;
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

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code GET /api/users?q=}: people found by the start of their name, with whether they are online and until when they
 * are quiet, and nothing of their schedule.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class UsersIT {

  private static final String PASSWORD = "users directory";
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config -> config.put("chat",
      config.getJsonObject("chat", new JsonObject()).put("passwordIterations", 1000).put("maxPendingSignups", 32)));

  @Test
  void aPrefixFindsPeopleWithTheirOnlineAndQuietStateOnly(Vertx vertx, VertxTestContext testContext) {
    Checkpoint listed = testContext.checkpoint();
    String team = SharedInfra.unique("u");
    long snoozeUntil = System.currentTimeMillis() + 3_600_000;
    // A window from an hour ago to two hours ahead, in UTC: quiet now, until the window's end.
    Instant now = Instant.now();
    long windowEnd = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
    JsonObject window = settings(true, null).put("start", HH_MM.format(now.minus(Duration.ofHours(1))))
        .put("end", HH_MM.format(Instant.ofEpochMilli(windowEnd)));
    Future<ChatClient> ann = ChatClient.register(vertx, app.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, app.port(), team + "bob", PASSWORD);
    Future<ChatClient> cay = ChatClient.register(vertx, app.port(), team + "cay", PASSWORD);
    Future<ChatClient> outsider = ChatClient.register(vertx, app.port(), SharedInfra.unique("v"), PASSWORD);
    Future.all(ann, bob, cay, outsider)
        .compose(v -> ann.result().connect())
        .compose(v -> bob.result().call(HttpMethod.PUT, "/api/settings/quiet-hours", settings(false, snoozeUntil)))
        .compose(v -> cay.result().call(HttpMethod.PUT, "/api/settings/quiet-hours", window))
        // Presence travels from the edge to the chat service on its own: poll until ann's socket is known.
        .compose(v -> Eventually.until(vertx, () -> find(outsider.result(), team.toUpperCase(Locale.ROOT)).map(r -> {
          testContext.verify(() -> assertEquals(200, r.statusCode(), r.bodyAsString()));
          return r.bodyAsJsonArray();
        }), users -> users.size() == 3 && users.getJsonObject(0).getBoolean("online"), 10_000))
        .onComplete(testContext.succeeding(users -> testContext.verify(() -> {
          assertEquals(List.of(team + "ann", team + "bob", team + "cay"),
              users.stream().map(u -> ((JsonObject) u).getString("username")).toList(), "by name, case ignored");
          JsonObject annFound = users.getJsonObject(0);
          JsonObject bobFound = users.getJsonObject(1);
          JsonObject cayFound = users.getJsonObject(2);
          assertNull(annFound.getValue("quiet"));
          assertEquals(new JsonObject().put("until", snoozeUntil), bobFound.getJsonObject("quiet"), "snoozed");
          assertEquals(new JsonObject().put("until", windowEnd), cayFound.getJsonObject("quiet"), "the window's end");
          assertEquals(false, bobFound.getBoolean("online"));
          users.forEach(u -> assertEquals(Set.of("username", "quiet", "online"), ((JsonObject) u).fieldNames(),
              "nothing of anyone's schedule"));
          listed.flag();
        })));
  }

  @Test
  void atMostTwentyAreListedAndABadPrefixOrNoSessionIsRefused(Vertx vertx, VertxTestContext testContext) {
    Checkpoint twenty = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    String crowd = SharedInfra.unique("w");
    List<Future<ChatClient>> people = IntStream.range(0, 22)
        .mapToObj(i -> ChatClient.register(vertx, app.port(), crowd + String.format("%02d", i), PASSWORD)).toList();
    Future.all(people)
        .compose(v -> find(people.get(0).result(), crowd))
        .map(r -> {
          testContext.verify(() -> assertEquals(
              IntStream.range(0, 20).mapToObj(i -> crowd + String.format("%02d", i)).toList(),
              r.bodyAsJsonArray().stream().map(u -> ((JsonObject) u).getString("username")).toList()));
          twenty.flag();
          return people.get(0).result();
        })
        .compose(me -> Future.all(List.of(find(me, "x".repeat(33)), find(me, "a%20b"), find(me, "%3Cscript%3E"),
            find(ChatClient.anonymous(vertx, app.port()), crowd))))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          List<Integer> statuses = answers.<HttpResponse<Buffer>>list().stream().map(HttpResponse::statusCode).toList();
          assertEquals(List.of(400, 400, 400, 401), statuses);
          JsonObject error = answers.<HttpResponse<Buffer>>resultAt(0).bodyAsJsonObject().getJsonObject("error");
          assertEquals("q is the start of a username: at most 32 characters of a-z, 0-9, _ . -",
              error.getString("message"));
          refused.flag();
        })));
  }

  @Test
  void aRoomsMembersAreFoundForItsMembersOnly(Vertx vertx, VertxTestContext testContext) {
    Checkpoint members = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    String team = SharedInfra.unique("m");
    Future<ChatClient> ann = ChatClient.register(vertx, app.port(), team + "ann", PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, app.port(), team + "bob", PASSWORD);
    Future<ChatClient> cay = ChatClient.register(vertx, app.port(), team + "cay", PASSWORD);
    Future.all(ann, bob, cay)
        .compose(v -> Future.all(createRoom(ann.result(), false), createRoom(ann.result(), true)))
        .compose(rooms -> {
          String open = rooms.resultAt(0);
          String hidden = rooms.resultAt(1);
          return bob.result().call(HttpMethod.POST, "/api/rooms/" + open + "/join", null)
              .compose(v -> Future.all(ann.result().get("/api/users?room=" + open),
                  ann.result().get("/api/users?q=" + team + "B&room=" + open), ann.result().rooms()))
              .map(found -> {
                testContext.verify(() -> {
                  assertEquals(List.of(team + "ann", team + "bob"), names(found.resultAt(0)), "cay is no member");
                  assertEquals(List.of(team + "bob"), names(found.resultAt(1)));
                  JsonArray listed = found.resultAt(2);
                  assertEquals(true, listed.stream().map(JsonObject.class::cast)
                      .filter(r -> open.equals(r.getString("id"))).findFirst().orElseThrow().getBoolean("roomMention"),
                      "@room calls a room of two");
                });
                members.flag();
                return List.of(open, hidden);
              });
        })
        .compose(rooms -> Future.all(cay.result().get("/api/users?room=" + rooms.get(0)),
            cay.result().get("/api/users?room=" + rooms.get(1)),
            cay.result().get("/api/users?room=" + SharedInfra.unique("nowhere"))))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          assertEquals(List.of(403, 404, 404), answers.<HttpResponse<Buffer>>list().stream()
              .map(HttpResponse::statusCode).toList(), "not a member; a hidden room; no such room");
          refused.flag();
        })));
  }

  private static Future<String> createRoom(ChatClient client, boolean hidden) {
    return client.call(HttpMethod.POST, "/api/rooms", new JsonObject().put("name", SharedInfra.unique("team"))
        .put("private", hidden)).map(r -> r.bodyAsJsonObject().getString("id"));
  }

  private static List<String> names(HttpResponse<Buffer> found) {
    return found.bodyAsJsonArray().stream().map(u -> ((JsonObject) u).getString("username")).toList();
  }

  private static Future<HttpResponse<Buffer>> find(ChatClient client, String q) {
    return client.get("/api/users?q=" + q);
  }

  private static JsonObject settings(boolean enabled, Long snoozeUntil) {
    return new JsonObject().put("enabled", enabled).put("zone", "UTC")
        .put("days", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))
        .put("start", "22:00").put("end", "07:00").put("snoozeUntil", snoozeUntil);
  }
}
