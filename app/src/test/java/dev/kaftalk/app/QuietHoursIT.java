package dev.kaftalk.app;

import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quiet hours end to end, over REST and the bridge, with the shared broker and a clock the test moves: nothing is
 * pushed while a user is quiet, and when the quiet period ends every socket gets everything once, in order.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class QuietHoursIT {

  private static final String PASSWORD = "quiet hours pw";
  private static final JsonObject FAST_CHAT = new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000)
      .put("passwordIterations", 1000);
  private static final int BATCH_SIZE = 4;

  private final MutableClock clock = MutableClock.startingNow();
  private final List<Kaftalk> running = new ArrayList<>();

  @AfterEach
  void stopAll() {
    running.forEach(Kaftalk::close);
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void aQuietUserGetsNothingLiveThenEverythingOnceInOrderedParts(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                                                 VertxTestContext testContext) {
    int port = start(infra, dir.resolve("a"));
    Checkpoint nothingLive = testContext.checkpoint();
    Checkpoint batchedOnce = testContext.checkpoint();
    Scene scene = new Scene(vertx, port);
    List<String> beforeEnd = new ArrayList<>();
    List<String> aroundEnd = new ArrayList<>();
    scene.setUp(2)
        .compose(v -> QuietFrames.put(scene.quiet, QuietFrames.snoozedUntil(clock.millis() + 3_600_000)))
        .compose(v -> scene.quiet.connect()).compose(first -> {
          scene.sockets.add(first);
          // Room 1 gets the first message, so it comes first in the batch; the rooms then interleave.
          return scene.sendAll(beforeEnd, List.of(1, 0, 1, 0, 0, 1, 0));
        })
        .compose(v -> scene.quiet.connect()).compose(second -> {
          scene.sockets.add(second);
          return scene.sockets.get(0).request("server.chat.send", ChatContractIT.message(scene.rooms.get(0), "mine", "own-1"));
        })
        .compose(v -> scene.sendAll(beforeEnd, List.of(1, 0, 0)))
        .compose(v -> scene.sockets.get(1).awaitFrame(f -> "message".equals(f.getString("type"))))
        .compose(ownOnSecondTab -> QuietFrames.get(scene.quiet))
        .compose(settings -> {
          testContext.verify(() -> {
            for (BridgeConnection socket : scene.sockets) {
              assertEquals(List.of(), QuietFrames.idsFrom(socket, scene.sender.username()), "nothing pushed while quiet");
              assertEquals(List.of(), QuietFrames.batches(socket));
            }
            assertEquals("mine", QuietFrames.live(scene.sockets.get(1)).get(0).getString("text"), "own message live");
            nothingLive.flag();
          });
          // The end coincides with new traffic: messages keep coming while the clock moves past the snooze.
          Future<Void> during = scene.sendAll(aroundEnd, List.of(0, 1, 0, 1, 0, 1));
          clock.advance(Duration.ofHours(2));
          return during;
        })
        .compose(v -> Future.all(scene.sockets.stream().map(socket -> socket.awaitFrame(f ->
            QuietFrames.batchComplete(socket) && QuietFrames.idsFrom(socket, scene.sender.username()).size()
                >= beforeEnd.size() + aroundEnd.size())).toList()))
        .compose(v -> scene.sendAll(aroundEnd, List.of(0)))
        .compose(v -> Future.all(scene.sockets.stream().map(socket -> socket.awaitFrame(f ->
            QuietFrames.idsFrom(socket, scene.sender.username()).contains(aroundEnd.get(aroundEnd.size() - 1))))
            .toList()))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          for (BridgeConnection socket : scene.sockets) {
            List<String> got = QuietFrames.idsFrom(socket, scene.sender.username());
            assertEquals(got.size(), new HashSet<>(got).size(), "nothing twice: " + got);
            assertEquals(new HashSet<>(concat(beforeEnd, aroundEnd)), new HashSet<>(got), "nothing missing");
            List<JsonObject> batched = QuietFrames.batched(socket);
            assertTrue(batched.stream().map(m -> m.getString("id")).toList().containsAll(beforeEnd),
                "what arrived while quiet is in the batch");
            assertEquals(List.of(), QuietFrames.orderProblems(batched));
            assertEquals(scene.rooms.get(1), batched.get(0).getString("roomId"), "the room with the first message leads");
            List<JsonObject> parts = QuietFrames.batches(socket);
            for (int i = 0; i < parts.size(); i++) {
              assertEquals(i + 1, parts.get(i).getInteger("part"));
              assertEquals(parts.size(), parts.get(i).getInteger("parts"));
              assertEquals("quiet-hours-ended", parts.get(i).getString("reason"));
              assertTrue(parts.get(i).getJsonArray("messages").size() <= BATCH_SIZE);
            }
            assertTrue(batched.stream().noneMatch(m -> m.getString("author").equals(scene.quiet.username())));
          }
          batchedOnce.flag();
        })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void tabsOnTwoInstancesEachGetTheBatchOnce(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                             VertxTestContext testContext) {
    int a = start(infra, dir.resolve("a"));
    int b = start(infra, dir.resolve("b"));
    Checkpoint onceEach = testContext.checkpoint();
    Scene scene = new Scene(vertx, a);
    List<String> sent = new ArrayList<>();
    List<String> after = new ArrayList<>();
    scene.setUp(1)
        .compose(v -> QuietFrames.put(scene.quiet, QuietFrames.snoozedUntil(clock.millis() + 3_600_000)))
        .compose(v -> ChatClient.login(vertx, b, scene.quiet.username(), PASSWORD))
        .compose(onB -> Future.all(scene.quiet.connect(), onB.connect()).compose(sockets -> {
          scene.sockets.add(sockets.resultAt(0));
          scene.sockets.add(sockets.resultAt(1));
          return scene.sendAll(sent, List.of(0, 0, 0, 0, 0, 0))
              .compose(v -> Future.all(QuietFrames.get(scene.quiet), QuietFrames.get(onB)));
        }))
        .compose(v -> {
          clock.advance(Duration.ofHours(2));
          return Future.all(scene.sockets.stream().map(s -> s.awaitFrame(f -> QuietFrames.batchComplete(s))).toList());
        })
        .compose(v -> scene.sendAll(after, List.of(0)))
        .compose(v -> Future.all(scene.sockets.stream().map(s -> s.awaitFrame(f ->
            QuietFrames.idsFrom(s, scene.sender.username()).containsAll(after))).toList()))
        .onComplete(testContext.succeeding(v -> testContext.verify(() -> {
          for (BridgeConnection socket : scene.sockets) {
            assertEquals(sent, QuietFrames.batched(socket).stream().map(m -> m.getString("id")).toList());
            assertEquals(concat(sent, after), QuietFrames.idsFrom(socket, scene.sender.username()));
          }
          onceEach.flag();
        })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void typingIsNotPushedToAQuietUser(SharedInfra infra, @TempDir Path dir, Vertx vertx, VertxTestContext testContext) {
    int port = start(infra, dir.resolve("a"));
    Checkpoint noTyping = testContext.checkpoint();
    Scene scene = new Scene(vertx, port);
    Future<ChatClient> watcher = ChatClient.register(vertx, port, SharedInfra.unique("watcher"), PASSWORD);
    scene.setUp(1)
        .compose(v -> QuietFrames.put(scene.quiet, QuietFrames.snoozedUntil(clock.millis() + 3_600_000)))
        .compose(v -> watcher)
        .compose(w -> w.join(scene.rooms.get(0)).compose(v -> Future.all(w.connect(), scene.quiet.connect())))
        .compose(sockets -> {
          BridgeConnection watching = sockets.resultAt(0);
          BridgeConnection quietSocket = sockets.resultAt(1);
          scene.senderSocket.tell("server.chat.typing", new JsonObject().put("roomId", scene.rooms.get(0)));
          // The watcher leaving is pushed to the quiet user after the typing frame would have been.
          return watching.awaitFrame(f -> "typing".equals(f.getString("type")))
              .compose(f -> watcher.result().leave(scene.rooms.get(0)))
              .compose(v -> quietSocket.awaitFrame(f -> "room".equals(f.getString("type"))
                  && "left".equals(f.getString("event"))))
              .map(quietSocket);
        })
        .onComplete(testContext.succeeding(quietSocket -> testContext.verify(() -> {
          assertTrue(quietSocket.frames().stream().noneMatch(f -> "typing".equals(f.getString("type"))),
              "no typing frame while quiet: " + quietSocket.frames());
          noTyping.flag();
        })));
  }

  @Test
  void settingsAreValidatedAndBelongToTheSessionUser(SharedInfra infra, @TempDir Path dir, Vertx vertx,
                                                     VertxTestContext testContext) {
    int port = start(infra, dir.resolve("a"));
    Checkpoint anonymousRefused = testContext.checkpoint(2);
    Checkpoint badRefused = testContext.checkpoint(4);
    Checkpoint storedForOneUser = testContext.checkpoint();
    WebClient anonymous = WebClient.create(vertx);
    anonymous.get(port, "127.0.0.1", QuietFrames.PATH).send()
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(401, r.statusCode());
          anonymousRefused.flag();
        })));
    anonymous.put(port, "127.0.0.1", QuietFrames.PATH).sendJsonObject(QuietFrames.snoozedUntil(1))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertEquals(401, r.statusCode());
          anonymousRefused.flag();
        })));
    JsonObject good = QuietFrames.snoozedUntil(clock.millis() + 60_000).put("enabled", true).put("zone", "Asia/Tokyo")
        .put("days", new JsonArray(List.of("FRI", "SAT")));
    Map<JsonObject, String> bad = Map.of(
        good.copy().put("start", "25:00"), "start must be a time HH:mm between 00:00 and 23:59",
        good.copy().put("zone", "Nowhere/Land"), "zone must be an IANA time zone id such as Europe/Berlin",
        good.copy().put("days", new JsonArray(List.of("FUNDAY"))),
        "days must be a list of MON, TUE, WED, THU, FRI, SAT, SUN",
        good.copy().put("snoozeUntil", "soon"), "snoozeUntil must be null or epoch milliseconds");
    Future<ChatClient> alice = ChatClient.register(vertx, port, SharedInfra.unique("alice"), PASSWORD);
    Future<ChatClient> bob = ChatClient.register(vertx, port, SharedInfra.unique("bob"), PASSWORD);
    Future.all(alice, bob)
        .compose(v -> Future.all(bad.entrySet().stream().map(e -> alice.result().call(HttpMethod.PUT, QuietFrames.PATH,
            e.getKey()).onSuccess(r -> testContext.verify(() -> {
              assertEquals(400, r.statusCode());
              assertEquals(e.getValue(), r.bodyAsJsonObject().getJsonObject("error").getString("message"));
              badRefused.flag();
            }))).toList()))
        .compose(v -> QuietFrames.put(alice.result(), good))
        .compose(stored -> Future.all(QuietFrames.get(alice.result()), QuietFrames.get(bob.result()))
            .map(got -> List.of(stored, got.<HttpResponse<?>>resultAt(0).bodyAsJsonObject(),
                got.<HttpResponse<?>>resultAt(1).bodyAsJsonObject())))
        .onComplete(testContext.succeeding(answers -> testContext.verify(() -> {
          JsonObject nobody = new JsonObject().put("from", "nobody").put("maxPerSenderPerDay", 3);
          assertEquals(good.copy().put("breakThrough", nobody), answers.get(0), "PUT answers what was stored");
          assertEquals(good.copy().put("breakThrough", nobody), answers.get(1), "GET after PUT sees it");
          assertEquals(new JsonObject("{\"enabled\":false,\"zone\":\"UTC\",\"days\":[\"MON\",\"TUE\",\"WED\",\"THU\","
              + "\"FRI\",\"SAT\",\"SUN\"],\"start\":\"22:00\",\"end\":\"07:00\",\"snoozeUntil\":null,"
              + "\"breakThrough\":{\"from\":\"nobody\",\"maxPerSenderPerDay\":3}}"), answers.get(2),
              "another user still has the defaults");
          storedForOneUser.flag();
        })));
  }

  private int start(SharedInfra infra, Path dataDir) {
    JsonObject config = TestInstances.config(infra, dataDir).put("chat", FAST_CHAT.copy())
        .put("dnd", new JsonObject().put("batchSize", BATCH_SIZE));
    Kaftalk kaftalk = Kaftalk.start(config, clock);
    running.add(kaftalk);
    return kaftalk.httpPort();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** A quiet user and a sender sharing some rooms, and the quiet user's sockets. */
  private static final class Scene {
    private final Vertx vertx;
    private final int port;
    private final List<String> rooms = new ArrayList<>();
    private final List<BridgeConnection> sockets = new ArrayList<>();
    private ChatClient quiet;
    private ChatClient sender;
    private BridgeConnection senderSocket;
    private int sentCount;

    private Scene(Vertx vertx, int port) {
      this.vertx = vertx;
      this.port = port;
    }

    Future<Void> setUp(int roomCount) {
      Future<ChatClient> q = ChatClient.register(vertx, port, SharedInfra.unique("quiet"), PASSWORD);
      Future<ChatClient> s = ChatClient.register(vertx, port, SharedInfra.unique("sender"), PASSWORD);
      return Future.all(q, s).compose(v -> {
        quiet = q.result();
        sender = s.result();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < roomCount; i++) {
          chain = chain.compose(x -> sender.createRoom(SharedInfra.unique("quiet-room")))
              .compose(room -> {
                rooms.add(room.getString("id"));
                return quiet.join(room.getString("id"));
              });
        }
        return chain;
      }).compose(v -> sender.connect()).map(socket -> {
        senderSocket = socket;
        return null;
      });
    }

    /** The sender posts one message per entry, in that room, one after another; their ids go to {@code ids}. */
    Future<Void> sendAll(List<String> ids, List<Integer> roomIndexes) {
      Future<Void> chain = Future.succeededFuture();
      for (int roomIndex : roomIndexes) {
        chain = chain.compose(v -> {
          int n = ++sentCount;
          return senderSocket.request("server.chat.send",
                  ChatContractIT.message(rooms.get(roomIndex), "message " + n, "quiet-" + n))
              .map(reply -> {
                ids.add(reply.getJsonObject("message").getString("id"));
                return null;
              });
        });
      }
      return chain;
    }
  }
}
