package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance holding a quiet user's buffer is SIGKILLed mid-window and restarted; the user's socket reconnects
 * before the end and still gets every message once, in order. The child process runs on the real clock, so the
 * quiet period is a real snooze of {@link #SNOOZE}.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class QuietHoursRestartIT {

  private static final String PASSWORD = "quiet restart pw";
  private static final Duration SNOOZE = Duration.ofSeconds(45);
  private static final JsonObject FAST_CHAT = new JsonObject().put("passwordIterations", 1000);

  private final List<AutoCloseable> running = new ArrayList<>();
  private LauncherProcess child;

  @AfterEach
  void stopAll() throws Exception {
    if (child != null) {
      Files.writeString(Path.of("target", "quiet-restart-child-console.log"), child.output());
    }
    for (AutoCloseable instance : running) {
      instance.close();
    }
  }

  @Test
  @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
  void bufferedMessagesSurviveAKillAndArriveOnceInOrder(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                                        VertxTestContext testContext) throws Exception {
    Kaftalk senderSide = Kaftalk.start(TestInstances.config(infra, dir.resolve("a")).put("chat", FAST_CHAT.copy()));
    running.add(senderSide);
    int quietPort = FreePorts.pick();
    Path quietData = dir.resolve("b");
    startChild(infra, quietData, quietPort);
    Checkpoint allOnceInOrder = testContext.checkpoint();
    List<String> sent = new ArrayList<>();
    long[] snoozeEnd = new long[1];

    Future<ChatClient> sender = ChatClient.register(vertx, senderSide.httpPort(), SharedInfra.unique("sender"), PASSWORD);
    Future<ChatClient> quiet = ChatClient.register(vertx, quietPort, SharedInfra.unique("sleeper"), PASSWORD);
    Future.all(sender, quiet)
        .compose(v -> sender.result().createRoom(SharedInfra.unique("night")))
        .compose(room -> quiet.result().join(room.getString("id")).map(room.getString("id")))
        .compose(roomId -> {
          snoozeEnd[0] = System.currentTimeMillis() + SNOOZE.toMillis();
          return QuietFrames.put(quiet.result(), QuietFrames.snoozedUntil(snoozeEnd[0]))
              .compose(v -> Future.all(sender.result().connect(), quiet.result().connect()))
              .compose(sockets -> {
                BridgeConnection out = sockets.resultAt(0);
                return send(out, roomId, 4, sent)
                    // The quiet instance has applied them (and so held them back) once its history shows them.
                    .compose(v -> QuietFrames.historyUntil(vertx, quiet.result(), roomId, "", page -> page.size() >= sent.size(),
                        30_000))
                    .compose(v -> vertx.executeBlocking(() -> {
                      child.close();
                      child.awaitExit(Duration.ofSeconds(30));
                      return null;
                    }))
                    .compose(v -> send(out, roomId, 3, sent))
                    .compose(v -> vertx.executeBlocking(() -> {
                      startChild(infra, quietData, quietPort);
                      return null;
                    }))
                    .compose(v -> quiet.result().connect())
                    .compose(reconnected -> {
                      testContext.verify(() -> assertTrue(System.currentTimeMillis() < snoozeEnd[0],
                          "the restart took longer than the snooze; lengthen SNOOZE"));
                      return send(out, roomId, 3, sent)
                          .compose(v -> reconnected.awaitFrame(f -> QuietFrames.batchComplete(reconnected)))
                          .map(reconnected);
                    });
              });
        })
        .onComplete(testContext.succeeding(socket -> testContext.verify(() -> {
          List<String> batched = QuietFrames.batched(socket).stream().map(m -> m.getString("id")).toList();
          assertEquals(sent, batched, "every message, once, in order");
          assertEquals(List.of(), QuietFrames.live(socket).stream()
              .filter(m -> m.getString("author").equals(sender.result().username())).toList(), "nothing live");
          allOnceInOrder.flag();
        })));
  }

  private void startChild(SharedInfra infra, Path dataDir, int port) throws Exception {
    child = LauncherProcess.startInstance(infra, dataDir, port, new JsonObject().put("chat", FAST_CHAT));
    running.add(child);
  }

  private static Future<Void> send(BridgeConnection socket, String roomId, int count, List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> {
        String key = "night-" + ids.size();
        return socket.request("server.chat.send", ChatContractIT.message(roomId, key, key))
            .map(reply -> {
              ids.add(reply.getJsonObject("message").getString("id"));
              return null;
            });
      });
    }
    return chain;
  }
}
