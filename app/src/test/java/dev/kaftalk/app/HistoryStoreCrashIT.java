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
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history store survives what a server's disk sees: a SIGKILL while it writes under load, and its directory
 * deleted while stopped. Each time the instance comes back with every room's pages equal to those of a fresh
 * instance that replayed everything from Kafka, message for message and cursor for cursor.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class HistoryStoreCrashIT {

  private static final String PASSWORD = "history store pw";
  /** Commits every half second, so the SIGKILL lands between commits with work on both sides of the last one. */
  private static final JsonObject CHAT = new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000)
      .put("passwordIterations", 1000).put("historyCommitMs", 500);
  private static final int MESSAGES = 600;
  private static final int KILL_AFTER = 250;

  private final List<AutoCloseable> running = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable instance : running) {
      instance.close();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aKilledOrDeletedStoreComesBackWithTheSamePagesAsAFreshReplay(SharedInfra infra, @TempDir Path dir, Vertx vertx)
      throws Exception {
    Path dataDir = dir.resolve("a");
    int port = FreePorts.pick();
    LauncherProcess first = start(infra, dataDir, port);
    ChatClient writer = await(ChatClient.register(vertx, port, SharedInfra.unique("writer"), PASSWORD));
    List<String> rooms = List.of(await(writer.createRoom(SharedInfra.unique("crash-a"))).getString("id"),
        await(writer.createRoom(SharedInfra.unique("crash-b"))).getString("id"));
    BridgeConnection bridge = await(writer.connect());
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Future<Void> sending = sendUntilRefused(bridge, rooms, acked);
    awaitCondition(() -> acked.size() >= KILL_AFTER, Duration.ofSeconds(60));
    first.close();
    first.awaitExit(Duration.ofSeconds(30));
    await(sending);
    assertTrue(acked.size() < MESSAGES, "the kill came while writing: " + acked.size() + " acknowledged");

    LauncherProcess restarted = start(infra, dataDir, port);
    assertTrue(restarted.awaitLine("History store resumes", Duration.ofSeconds(5)).contains("committed offsets"),
        "a restart reads Kafka from the store's offsets, not from the beginning");
    Kaftalk fresh = Kaftalk.start(TestInstances.config(infra, dir.resolve("fresh")).put("chat", CHAT.copy()));
    running.add(fresh);
    ChatClient onRestarted = await(ChatClient.login(vertx, port, writer.username(), PASSWORD));
    ChatClient onFresh = await(ChatClient.login(vertx, fresh.httpPort(), writer.username(), PASSWORD));
    for (String room : rooms) {
      List<JsonObject> pages = allPages(onRestarted, room);
      assertEquals(allPages(onFresh, room), pages, "the restarted store pages like a fresh replay");
      Set<String> ids = new HashSet<>();
      pages.forEach(m -> assertTrue(ids.add(m.getString("id")), "once only: " + m.encode()));
    }
    Set<String> stored = new HashSet<>();
    for (String room : rooms) {
      allPages(onRestarted, room).forEach(m -> stored.add(m.getString("clientMsgId")));
    }
    assertTrue(stored.containsAll(acked), "every acknowledged message is kept");

    // 143 = 128 + SIGTERM, after the shutdown hooks closed the store.
    assertEquals(143, restarted.terminate(Duration.ofSeconds(30)));
    deleteTree(dataDir.resolve("data").resolve("history"));
    LauncherProcess rebuilt = start(infra, dataDir, port);
    assertTrue(rebuilt.awaitLine("History store resumes", Duration.ofSeconds(5)).contains("empty store"));
    ChatClient onRebuilt = await(ChatClient.login(vertx, port, writer.username(), PASSWORD));
    for (String room : rooms) {
      assertEquals(allPages(onFresh, room), allPages(onRebuilt, room), "a deleted store is rebuilt to the same pages");
    }
  }

  private LauncherProcess start(SharedInfra infra, Path dataDir, int port) throws Exception {
    LauncherProcess child = LauncherProcess.startInstance(infra, dataDir, port, new JsonObject().put("chat", CHAT));
    running.add(child);
    return child;
  }

  /** Sends into the rooms in turn, four at a time, until the server stops answering. */
  private static Future<Void> sendUntilRefused(BridgeConnection bridge, List<String> rooms, Set<String> acked) {
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < MESSAGES; start += 4) {
      int from = start;
      chain = chain.compose(v -> Future.all(Stream.iterate(from, n -> n + 1).limit(4).map(n -> {
        String id = "crash-" + n;
        return bridge.request("server.chat.send", ChatContractIT.message(rooms.get(n % 2), "message " + n, id))
            .onSuccess(reply -> acked.add(id));
      }).toList()).mapEmpty());
    }
    return chain.recover(stopped -> Future.succeededFuture());
  }

  /** The room's whole history, oldest first, read back page by page as a browser scrolls up. */
  private static List<JsonObject> allPages(ChatClient client, String roomId) throws Exception {
    List<JsonObject> all = new ArrayList<>();
    String query = "limit=50";
    while (true) {
      JsonArray page = await(client.history(roomId, query));
      if (page.isEmpty()) {
        return all;
      }
      List<JsonObject> older = new ArrayList<>(page.stream().map(JsonObject.class::cast).toList());
      older.addAll(all);
      all = older;
      query = "limit=50&before=" + page.getJsonObject(0).getString("cursor");
    }
  }

  private static void awaitCondition(java.util.function.BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
