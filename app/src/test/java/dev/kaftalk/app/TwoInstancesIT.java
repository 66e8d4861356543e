package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two instances sharing one Kafka serve the same rooms in the same order, and losing one loses nothing. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class TwoInstancesIT {

  private static final String PASSWORD = "two instances pw";
  /** Lets a handful of users send hundreds of messages quickly; the limiter itself is tested elsewhere. */
  private static final JsonObject FAST_CHAT = new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000)
      .put("passwordIterations", 1000);

  private final List<AutoCloseable> running = new ArrayList<>();
  private LauncherProcess child;

  @AfterEach
  void stopAll() throws Exception {
    if (child != null) {
      // Kept for diagnosis: the child's data directory is deleted with the test's temporary directory.
      Files.writeString(Path.of("target", "two-instances-child-console.log"), child.output());
    }
    for (AutoCloseable instance : running) {
      instance.close();
    }
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void fiveHundredRapidMessagesHaveOneOrderOnBothInstancesAndInHistory(SharedInfra infra, @TempDir Path dir,
                                                                      Vertx vertx, VertxTestContext testContext) {
    int a = startInProcess(infra, dir.resolve("a"));
    int b = startInProcess(infra, dir.resolve("b"));
    Checkpoint sameOrderLive = testContext.checkpoint();
    Checkpoint sameOrderInHistory = testContext.checkpoint();

    Future<List<ChatClient>> users = Future.all(IntStream.range(0, 6)
            .mapToObj(i -> ChatClient.register(vertx, i % 2 == 0 ? a : b, SharedInfra.unique("u" + i), PASSWORD))
            .toList())
        .map(all -> all.<ChatClient>list());
    users.compose(all -> all.get(0).createRoom(SharedInfra.unique("busy")).compose(room -> {
          String roomId = room.getString("id");
          return Future.all(all.subList(1, 6).stream().map(u -> u.join(roomId)).toList())
              .compose(v -> Future.all(all.stream().map(ChatClient::connect).toList()))
              .compose(bridges -> {
                List<BridgeConnection> sockets = bridges.list();
                // Users 0..4 send 100 messages each, pipelined, through both instances; user 5 watches on B,
                // user 0 (on A) also watches.
                // The bridge allows a few outstanding replies per socket, as a browser keeps; so each user keeps
                // a window of 4 sends in flight.
                List<Future<Void>> sends = IntStream.range(0, 5)
                    .mapToObj(u -> sendWindowed(sockets.get(u), roomId, "m" + u + "-", 100, 4))
                    .toList();
                return Future.all(sends)
                    .compose(v -> Future.all(awaitMessages(sockets.get(0), 500), awaitMessages(sockets.get(5), 500)))
                    .compose(seen -> {
                      List<String> onA = seen.resultAt(0);
                      List<String> onB = seen.resultAt(1);
                      testContext.verify(() -> {
                        assertEquals(500, new LinkedHashSet<>(onA).size());
                        assertEquals(onA, onB, "both instances deliver one order");
                        sameOrderLive.flag();
                      });
                      return Future.all(allHistory(all.get(0), roomId), allHistory(all.get(5), roomId))
                          .map(h -> List.of(onA, h.<List<String>>resultAt(0), h.<List<String>>resultAt(1)));
                    });
              });
        }))
        .onComplete(testContext.succeeding(orders -> testContext.verify(() -> {
          assertEquals(orders.get(0), orders.get(1), "history on A has the live order");
          assertEquals(orders.get(0), orders.get(2), "history on B has the live order");
          sameOrderInHistory.flag();
        })));
  }

  @Test
  @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
  void killingAnInstanceMidStreamLosesNothingAfterCatchUp(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                                         VertxTestContext testContext) throws Exception {
    int a = startInProcess(infra, dir.resolve("a"));
    int b = startChildProcess(infra, dir.resolve("b"));
    Checkpoint caughtUp = testContext.checkpoint();

    Future<ChatClient> sender = ChatClient.register(vertx, a, SharedInfra.unique("sender"), PASSWORD);
    Future<ChatClient> watcher = ChatClient.register(vertx, b, SharedInfra.unique("watcher"), PASSWORD);
    Future.all(sender, watcher)
        .compose(v -> sender.result().createRoom(SharedInfra.unique("failover")))
        .compose(room -> watcher.result().join(room.getString("id")).map(room.getString("id")))
        .compose(roomId -> Future.all(sender.result().connect(), watcher.result().connect()).compose(bridges -> {
          BridgeConnection out = bridges.resultAt(0);
          BridgeConnection onB = bridges.resultAt(1);
          Future<Void> sent = sendInSequence(out, roomId, 300);
          Future<Void> killed = onB.awaitFrame(f -> countMessages(onB) >= 100)
              .compose(f -> vertx.executeBlocking(() -> {
                killChild();
                return null;
              }));
          return Future.all(sent, killed).compose(v -> {
            List<JsonObject> seenBeforeKill = messagesOf(onB);
            String lastCursor = seenBeforeKill.get(seenBeforeKill.size() - 1).getString("cursor");
            ChatClient moved = watcher.result().moveTo(a);
            return catchUp(moved, roomId, lastCursor)
                .compose(missed -> allHistory(moved, roomId).map(full -> {
                  List<String> combined = new ArrayList<>(seenBeforeKill.stream().map(m -> m.getString("id")).toList());
                  combined.addAll(missed);
                  return List.of(combined, full);
                }));
          });
        }))
        .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
          List<String> combined = result.get(0);
          List<String> full = result.get(1);
          assertEquals(300, full.size(), "every acknowledged message is in history");
          assertEquals(full, combined, "what the watcher saw plus its catch-up is the whole room: no gap, no duplicate");
          caughtUp.flag();
        })));
  }

  private int startInProcess(SharedInfra infra, Path dataDir) {
    JsonObject config = TestInstances.config(infra, dataDir).put("chat", FAST_CHAT.copy());
    Kaftalk kaftalk = Kaftalk.start(config);
    running.add(kaftalk);
    return kaftalk.httpPort();
  }

  private int startChildProcess(SharedInfra infra, Path dataDir) throws Exception {
    int port = FreePorts.pick();
    child = LauncherProcess.startInstance(infra, dataDir, port, new JsonObject().put("chat", FAST_CHAT));
    running.add(child);
    return port;
  }

  private void killChild() throws InterruptedException {
    child.close();
    child.awaitExit(Duration.ofSeconds(30));
  }

  private static Future<Void> sendInSequence(BridgeConnection bridge, String roomId, int count) {
    return sendWindowed(bridge, roomId, "seq-", count, 1);
  }

  /** Sends {@code count} messages, {@code window} at a time, each window after the previous one was answered. */
  private static Future<Void> sendWindowed(BridgeConnection bridge, String roomId, String prefix, int count, int window) {
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < count; start += window) {
      int from = start;
      chain = chain.compose(v -> Future.all(IntStream.range(from, Math.min(from + window, count))
          .mapToObj(n -> bridge.request("server.chat.send", ChatContractIT.message(roomId, prefix + n, prefix + n)))
          .toList()).mapEmpty());
    }
    return chain;
  }

  /** Pages forward with {@code after=} from {@code cursor} until a page comes back empty. */
  private static Future<List<String>> catchUp(ChatClient client, String roomId, String cursor) {
    return client.history(roomId, "limit=200&after=" + cursor).compose(page -> {
      List<String> ids = ids(page);
      if (ids.isEmpty()) {
        return Future.succeededFuture(ids);
      }
      String next = page.getJsonObject(page.size() - 1).getString("cursor");
      return catchUp(client, roomId, next).map(rest -> {
        List<String> all = new ArrayList<>(ids);
        all.addAll(rest);
        return all;
      });
    });
  }

  /** The whole room, oldest first, read page by page backwards with {@code before=}. */
  private static Future<List<String>> allHistory(ChatClient client, String roomId) {
    return pageBack(client, roomId, "limit=200");
  }

  private static Future<List<String>> pageBack(ChatClient client, String roomId, String query) {
    return client.history(roomId, query).compose(page -> {
      List<String> ids = ids(page);
      if (ids.isEmpty()) {
        return Future.succeededFuture(ids);
      }
      String oldest = page.getJsonObject(0).getString("cursor");
      return pageBack(client, roomId, "limit=200&before=" + oldest).map(older -> {
        List<String> all = new ArrayList<>(older);
        all.addAll(ids);
        return all;
      });
    });
  }

  private static List<String> ids(JsonArray messages) {
    return messages.stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private static Future<List<String>> awaitMessages(BridgeConnection bridge, int count) {
    return bridge.awaitFrame(f -> countMessages(bridge) >= count)
        .map(f -> messagesOf(bridge).stream().map(m -> m.getString("id")).toList());
  }

  private static long countMessages(BridgeConnection bridge) {
    return messagesOf(bridge).size();
  }

  private static List<JsonObject> messagesOf(BridgeConnection bridge) {
    return bridge.frames().stream().filter(f -> "message".equals(f.getString("type")))
        .map(f -> f.getJsonObject("message")).toList();
  }
}
