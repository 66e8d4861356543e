package dev.kaftalk.app;

import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What a quiet user's socket received, as the quiet-hours tests read it; and their settings calls. */
final class QuietFrames {

  static final String PATH = "/api/settings/quiet-hours";

  private QuietFrames() {
  }

  /** A snooze of a disabled schedule until {@code untilMs}. */
  static JsonObject snoozedUntil(long untilMs) {
    return new JsonObject().put("enabled", false).put("zone", "UTC")
        .put("days", new JsonArray(List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")))
        .put("start", "22:00").put("end", "07:00").put("snoozeUntil", untilMs);
  }

  static Future<JsonObject> put(ChatClient user, JsonObject settings) {
    return user.call(HttpMethod.PUT, PATH, settings).compose(r -> r.statusCode() == 200
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture("PUT quiet hours answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** Answered by the quiet-hours service after everything sent to it before, so it also marks "buffered by now". */
  static Future<HttpResponse<Buffer>> get(ChatClient user) {
    return user.get(PATH);
  }

  /** Polls the room's history (with {@code query}) until {@code done} holds, or fails after {@code timeoutMs}. */
  static Future<Void> historyUntil(Vertx vertx, ChatClient user, String roomId, String query,
                                   Predicate<JsonArray> done, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    return pollHistory(vertx, user, roomId, query, done, deadline);
  }

  private static Future<Void> pollHistory(Vertx vertx, ChatClient user, String roomId, String query,
                                          Predicate<JsonArray> done, long deadline) {
    return user.history(roomId, query).compose(page -> {
      if (done.test(page)) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture("history of room " + roomId + " never got there: " + page.encode());
      }
      return vertx.timer(50).compose(t -> pollHistory(vertx, user, roomId, query, done, deadline));
    });
  }

  static List<JsonObject> batches(BridgeConnection socket) {
    return socket.frames().stream().filter(f -> "batch".equals(f.getString("type"))).toList();
  }

  /** The messages of every batch part, in arrival order. */
  static List<JsonObject> batched(BridgeConnection socket) {
    return batches(socket).stream().flatMap(b -> b.getJsonArray("messages").stream().map(JsonObject.class::cast))
        .toList();
  }

  static List<JsonObject> live(BridgeConnection socket) {
    return socket.frames().stream().filter(f -> "message".equals(f.getString("type")))
        .map(f -> f.getJsonObject("message")).toList();
  }

  /** Ids of everything that reached the socket, live or batched, from {@code author}, duplicates kept. */
  static List<String> idsFrom(BridgeConnection socket, String author) {
    return Stream.concat(batched(socket).stream(), live(socket).stream())
        .filter(m -> author.equals(m.getString("author"))).map(m -> m.getString("id")).toList();
  }

  /** Whether the last part of a batch arrived. */
  static boolean batchComplete(BridgeConnection socket) {
    return batches(socket).stream().anyMatch(b -> b.getInteger("part").equals(b.getInteger("parts")));
  }

  /** Rooms as contiguous blocks, in order of their first message's ts, cursors ascending within each. */
  static List<String> orderProblems(List<JsonObject> messages) {
    List<String> problems = new ArrayList<>();
    List<String> roomsSeen = new ArrayList<>();
    long lastBlockTs = Long.MIN_VALUE;
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.get(i);
      String room = m.getString("roomId");
      boolean newBlock = i == 0 || !room.equals(messages.get(i - 1).getString("roomId"));
      if (newBlock) {
        if (roomsSeen.contains(room)) {
          problems.add("room " + room + " appears in two blocks");
        }
        roomsSeen.add(room);
        if (m.getLong("ts") < lastBlockTs) {
          problems.add("room " + room + " starts before the room ahead of it");
        }
        lastBlockTs = m.getLong("ts");
      } else if (Long.parseLong(m.getString("cursor")) <= Long.parseLong(messages.get(i - 1).getString("cursor"))) {
        problems.add("cursor " + m.getString("cursor") + " out of order in room " + room);
      }
    }
    return problems;
  }
}
