package dev.kaftalk.app;

import ch.qos.logback.classic.Level;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import dev.kaftalk.testing.fuzz.MalformedInputs;
import dev.kaftalk.testing.fuzz.MalformedInputs.RestProbe;
import dev.kaftalk.testing.logs.LogRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 seeded malformed inputs against REST and the bridge while a well-behaved user keeps chatting: every
 * refusal is a clear 4xx (or a bridge fail/close), nothing answers 5xx, the server logs no ERROR, no socket is left
 * stuck, and the chatting user sees no error. Reproduce a failure with {@code -Dfuzz.seed=<seed in the log>}.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class FuzzIT {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(FuzzIT.class);
  private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
  private static final int REST_PROBES = 6_000;
  private static final int BRIDGE_FRAMES = 4_000;
  private static final int CONCURRENCY = 8;
  private static final int FUZZ_SOCKETS = 4;
  private static final String PASSWORD = "correct horse battery";
  /** Within the documented 5 messages a second, so every one of the chatting user's sends should succeed. */
  private static final long CHAT_INTERVAL_MS = 250;

  // Random credentials are sometimes valid: let them register cheaply instead of queueing for PBKDF2.
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config ->
      config.put("chat", new JsonObject().put("passwordIterations", 1000)));
  private static int port;
  private static LogRecorder log;

  @BeforeAll
  static void recordErrors() {
    port = app.port();
    log = LogRecorder.attach();
  }

  @AfterAll
  static void stopRecording() {
    log.detach();
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.MINUTES)
  void malformedInputsGetClearRefusalsAndAChattingUserNoticesNothing(Vertx vertx, VertxTestContext testContext) {
    LOG.info("Fuzzing with seed {}", SEED);
    Checkpoint noServerErrors = testContext.checkpoint();
    Checkpoint chatterUnaffected = testContext.checkpoint();
    Checkpoint noStuckSockets = testContext.checkpoint();
    Future<ChatClient> gil = ChatClient.register(vertx, port, SharedInfra.unique("gil"), PASSWORD);
    Future<ChatClient> fuz = ChatClient.register(vertx, port, SharedInfra.unique("fuz"), PASSWORD);
    Future.all(gil, fuz)
        .compose(both -> Future.all(gil.result().createRoom(SharedInfra.unique("shared")),
            gil.result().createRoom(SharedInfra.unique("private"))))
        .compose(rooms -> {
          String shared = rooms.<JsonObject>resultAt(0).getString("id");
          String foreign = rooms.<JsonObject>resultAt(1).getString("id");
          MalformedInputs inputs = new MalformedInputs(SEED, shared, foreign);
          return fuz.result().join(shared)
              .compose(v -> gil.result().connect())
              .compose(chatter -> chat(vertx, chatter, shared, 20, Promise.<Void>promise().future()).compose(quiet -> {
                Future<Map<Integer, Integer>> rest = restProbes(vertx, fuz.result(), inputs);
                Future<FuzzSockets> bridge = bridgeFrames(vertx, fuz.result(), inputs);
                Future<Void> fuzzing = Future.all(rest, bridge).mapEmpty();
                return chat(vertx, chatter, shared, Integer.MAX_VALUE, fuzzing).compose(loud -> {
                  LOG.info("Chatting user, send-to-answer: quiet run p99 {} ms over {} sends, during fuzzing p99 {} ms"
                      + " over {} sends", quiet.p99(), quiet.sent(), loud.p99(), loud.sent());
                  testContext.verify(() -> {
                    assertEquals(0, quiet.failed() + loud.failed(), "the chatting user saw errors");
                    chatterUnaffected.flag();
                  });
                  Map<Integer, Integer> statuses = rest.result();
                  LOG.info("REST statuses for {} probes: {}", REST_PROBES, statuses);
                  testContext.verify(() -> assertTrue(statuses.keySet().stream().allMatch(s -> s < 500),
                      "5xx answers: " + statuses));
                  return stillAnswering(bridge.result(), shared);
                });
              }));
        })
        .onComplete(testContext.succeeding(answering -> testContext.verify(() -> {
          LOG.info("{} fuzz sockets were still open after fuzzing; each answered a valid send", answering);
          noStuckSockets.flag();
          assertEquals(List.of(), log.lines(Level.ERROR), "ERROR log lines");
          noServerErrors.flag();
        })));
  }

  /** Each probe is answered; the answer is a status below 500 with the contract's error body when it is 4xx. */
  private Future<Map<Integer, Integer>> restProbes(Vertx vertx, ChatClient fuzzer, MalformedInputs inputs) {
    WebClient http = WebClient.create(vertx);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicInteger issued = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < CONCURRENCY; lane++) {
      lanes.add(nextProbe(http, fuzzer, inputs, issued, statuses));
    }
    return Future.all(lanes).map(statuses);
  }

  private Future<Void> nextProbe(WebClient http, ChatClient fuzzer, MalformedInputs inputs, AtomicInteger issued,
                                 Map<Integer, Integer> statuses) {
    if (issued.incrementAndGet() > REST_PROBES) {
      return Future.succeededFuture();
    }
    RestProbe probe = inputs.rest();
    HttpRequest<Buffer> request = http.request(probe.method(), port, "127.0.0.1", probe.path());
    if (!inputs.nextBoolean(10)) {
      request.putHeader("Cookie", fuzzer.sessionCookie());
    }
    if (probe.contentType() != null && !probe.contentType().isEmpty()) {
      request.putHeader("Content-Type", probe.contentType());
    }
    return (probe.body() == null ? request.send() : request.sendBuffer(probe.body()))
        .compose(response -> {
          statuses.merge(response.statusCode(), 1, Integer::sum);
          if (response.statusCode() >= 500) {
            return Future.failedFuture(new AssertionError(response.statusCode() + " for " + probe + ": "
                + response.bodyAsString()));
          }
          // 414: the HTTP codec refuses an over-long request line before any route sees it, so without a body.
          if (response.statusCode() >= 400 && response.statusCode() != 414 && underApi(probe.path())
              && !hasErrorBody(response.bodyAsString())) {
            return Future.failedFuture(new AssertionError(response.statusCode() + " without the contract's error body"
                + " for " + probe + ": " + response.bodyAsString()));
          }
          return nextProbe(http, fuzzer, inputs, issued, statuses);
        });
  }

  /** The sockets left open, and their client: Vert.x closes a client's sockets once the client is unreachable. */
  private record FuzzSockets(WebSocketClient client, List<WebSocket> open) {
  }

  /** Writes the frames over a few sockets, opening a new one whenever the server closed one. */
  private Future<FuzzSockets> bridgeFrames(Vertx vertx, ChatClient fuzzer, MalformedInputs inputs) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
    List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> writers = new ArrayList<>();
    for (int s = 0; s < FUZZ_SOCKETS; s++) {
      writers.add(writeFrames(vertx, client, fuzzer, inputs, BRIDGE_FRAMES / FUZZ_SOCKETS, open));
    }
    return Future.all(writers).map(v -> new FuzzSockets(client, open));
  }

  private Future<Void> writeFrames(Vertx vertx, WebSocketClient client, ChatClient fuzzer, MalformedInputs inputs,
                                   int remaining, List<WebSocket> open) {
    if (remaining <= 0) {
      return Future.succeededFuture();
    }
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/eventbus/websocket").addHeader("Cookie", fuzzer.sessionCookie()))
        .compose(ws -> {
          open.add(ws);
          ws.closeHandler(v -> open.remove(ws));
          int written = 0;
          while (written < remaining && !ws.isClosed()) {
            written++;
            if (inputs.nextBoolean(400)) {
              // Over the message limit in fragments: the server closes this socket.
              ws.writeFrame(WebSocketFrame.textFrame("x".repeat(40 * 1024), false));
              ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(40 * 1024)), true));
              break;
            }
            String frame = inputs.bridgeFrame();
            if (frame.length() < 60 * 1024) {
              ws.writeTextMessage(frame);
            }
          }
          int left = remaining - written;
          // Let the server work through what was written before the next socket starts.
          return ws.isClosed() || left == 0 ? settle(vertx).compose(v -> writeFrames(vertx, client, fuzzer, inputs, left, open))
              : ws.close().compose(v -> writeFrames(vertx, client, fuzzer, inputs, left, open));
        });
  }

  /** Dot segments can lead out of /api, to the static app, whose plain 404 page is fine. */
  private static boolean underApi(String path) {
    String normalized = path.replace("%2e", ".").replace("%2E", ".").replace("%2F", "/").replace("%2f", "/");
    try {
      return java.net.URI.create("http://h" + normalized.split("\\?")[0]).normalize().getPath().startsWith("/api/");
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static boolean hasErrorBody(String body) {
    try {
      return new JsonObject(body).getValue("error") instanceof JsonObject error && error.getString("message") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Future<Void> settle(Vertx vertx) {
    return vertx.timer(200, TimeUnit.MILLISECONDS).mapEmpty();
  }

  /** Every fuzz socket still open answers a well-formed send on its own reply address: none is stuck. */
  private Future<Integer> stillAnswering(FuzzSockets sockets, String roomId) {
    List<Future<Void>> answers = new ArrayList<>();
    for (WebSocket ws : List.copyOf(sockets.open())) {
      String replyAddress = "final-" + answers.size();
      answers.add(Future.<Void>future(answered -> {
        ws.handler(frame -> {
          JsonObject json = frame.toJsonObject();
          if (replyAddress.equals(json.getString("address"))) {
            answered.tryComplete();
          }
        });
        ws.closeHandler(v -> answered.tryComplete());
        ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "server.chat.send")
            .put("replyAddress", replyAddress).put("body", new JsonObject().put("roomId", roomId)
                .put("text", "still here").put("clientMsgId", replyAddress)).encode());
      }).timeout(10, TimeUnit.SECONDS));
    }
    return Future.all(answers).map(all -> answers.size());
  }

  /** Send-to-answer latencies of one user sending every {@link #CHAT_INTERVAL_MS}, {@code count} sends or until {@code until} ends. */
  private Future<ChatRun> chat(Vertx vertx, BridgeConnection chatter, String roomId, int count, Future<Void> until) {
    List<Long> latencies = new CopyOnWriteArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    return Future.future(done -> sendSteadily(vertx, chatter, roomId, count, until, latencies, failed, done));
  }

  private void sendSteadily(Vertx vertx, BridgeConnection chatter, String roomId, int left, Future<Void> until,
                             List<Long> latencies, AtomicInteger failed, Promise<ChatRun> done) {
    if (left == 0 || (until.isComplete() && !latencies.isEmpty())) {
      if (until.failed()) {
        done.fail(until.cause());
      } else {
        done.complete(ChatRun.of(latencies, failed.get()));
      }
      return;
    }
    long started = System.nanoTime();
    String id = "c" + started;
    chatter.request("server.chat.send", new JsonObject().put("roomId", roomId).put("text", "steady " + id)
            .put("clientMsgId", id))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            latencies.add((System.nanoTime() - started) / 1_000_000);
          } else {
            LOG.warn("The chatting user's send failed: {}", ar.cause().getMessage());
            failed.incrementAndGet();
          }
          vertx.setTimer(CHAT_INTERVAL_MS, t -> sendSteadily(vertx, chatter, roomId, left - 1, until, latencies, failed, done));
        });
  }

  /** What the chatting user saw over one run. */
  private record ChatRun(int sent, int failed, long p99) {

    static ChatRun of(List<Long> latencies, int failed) {
      List<Long> sorted = latencies.stream().sorted().toList();
      long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
      return new ChatRun(sorted.size(), failed, p99);
    }
  }
}
