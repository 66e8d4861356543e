package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One instance with its edge on {@link #EDGES} event loops: every new connection goes to the next edge, so a user's
 * sockets and requests spread over all of them, and they must still behave as one edge.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class EdgeInstancesIT {

  private static final int EDGES = 4;
  /** Twice the edges, so every edge holds sockets of the reader. */
  private static final int SOCKETS = 2 * EDGES;
  private static final int MESSAGES = 12;
  private static final int LOGIN_ATTEMPTS = 5;
  private static final String PASSWORD = "edge instances pw";

  @RegisterExtension
  static final RunningKaftalk KAFTALK = RunningKaftalk.configured(config -> {
    config.getJsonObject("http").put("edgeInstances", EDGES);
    config.getJsonObject("web").put("loginAttemptsPerMinute", LOGIN_ATTEMPTS);
    config.put("chat", new JsonObject().put("passwordIterations", 1000).put("messagesPerSecond", 100)
        .put("messageBurst", 100));
  });

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void everySocketOnEveryEdgeGetsEachMessageOnceAndEverySendIsAnswered(Vertx vertx, VertxTestContext testContext) {
    int port = KAFTALK.port();
    Future<ChatClient> writer = ChatClient.register(vertx, port, SharedInfra.unique("wren"), PASSWORD);
    Future<ChatClient> reader = ChatClient.register(vertx, port, SharedInfra.unique("rhea"), PASSWORD);
    Future.all(writer, reader)
        .compose(users -> writer.result().createRoom(SharedInfra.unique("edges"))
            .compose(room -> reader.result().join(room.getString("id")).map(room.getString("id"))))
        .compose(roomId -> Future.all(sockets(writer.result()), sockets(reader.result()))
            .compose(all -> {
              List<BridgeConnection> writers = all.resultAt(0);
              // Each send leaves through another edge, so each edge's relay must answer its own sockets.
              return sendAll(writers, roomId).compose(v -> Future.all(lastMessageOnEach(all.resultAt(1))))
                  .map(v -> all.<List<BridgeConnection>>resultAt(1));
            }))
        .onComplete(testContext.succeeding(readers -> testContext.verify(() -> {
          List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> "m" + i).toList();
          for (BridgeConnection socket : readers) {
            // Frames reach one socket in order; the last message seen, anything missing or twice shows here.
            assertEquals(expected, texts(socket), "every message once on each of the reader's sockets");
          }
          testContext.completeNow();
        })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void loginLimitHoldsWhicheverEdgeEachAttemptReaches(Vertx vertx, VertxTestContext testContext) {
    int port = KAFTALK.port();
    String name = SharedInfra.unique("lena");
    JsonObject wrong = new JsonObject().put("username", name).put("password", "not the password");
    // One new connection per attempt: each lands on the next edge.
    Future<List<Integer>> statuses = ChatClient.register(vertx, port, name, PASSWORD)
        .compose(user -> sequentially(LOGIN_ATTEMPTS + 1, i -> ChatClient.anonymous(vertx, port)
            .call(HttpMethod.POST, "/api/auth/login", wrong).map(r -> r.statusCode())));
    statuses.onComplete(testContext.succeeding(codes -> testContext.verify(() -> {
      List<Integer> expected = new ArrayList<>(Collections.nCopies(LOGIN_ATTEMPTS, 401));
      expected.add(429);
      assertEquals(expected, codes, "the per-user limit counts attempts on every edge together");
      testContext.completeNow();
    })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void aLogoutClosesTheUsersSocketsOnEveryEdge(Vertx vertx, VertxTestContext testContext) {
    int port = KAFTALK.port();
    ChatClient.register(vertx, port, SharedInfra.unique("otto"), PASSWORD)
        .compose(user -> sockets(user).compose(open -> user.call(HttpMethod.POST, "/api/auth/logout", null)
            .compose(r -> Future.all(open.stream().map(BridgeConnection::closed).toList()))))
        .onComplete(testContext.succeedingThenComplete());
  }

  /** {@link #SOCKETS} sockets of {@code user}, each its own connection, opened one after another. */
  private static Future<List<BridgeConnection>> sockets(ChatClient user) {
    return sequentially(SOCKETS, i -> user.connect());
  }

  private static Future<Void> sendAll(List<BridgeConnection> from, String roomId) {
    return sequentially(MESSAGES, i -> from.get(i % from.size()).request("server.chat.send",
        new JsonObject().put("roomId", roomId).put("text", "m" + i).put("clientMsgId", "c" + i))).mapEmpty();
  }

  private static List<Future<JsonObject>> lastMessageOnEach(List<BridgeConnection> sockets) {
    String last = "m" + (MESSAGES - 1);
    return sockets.stream().map(socket -> socket.awaitFrame(f -> "message".equals(f.getString("type"))
        && last.equals(f.getJsonObject("message").getString("text")))).toList();
  }

  private static List<String> texts(BridgeConnection socket) {
    return socket.frames().stream().filter(f -> "message".equals(f.getString("type")))
        .map(f -> f.getJsonObject("message").getString("text")).collect(Collectors.toList());
  }

  /** {@code step(0..n-1)}, each started once the one before it completed; their results in order. */
  private static <T> Future<List<T>> sequentially(int n, IntFunction<Future<T>> step) {
    Future<List<T>> done = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      int index = i;
      done = done.compose(results -> step.apply(index).map(result -> {
        results.add(result);
        return results;
      }));
    }
    return done;
  }
}
