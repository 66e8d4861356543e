package dev.kaftalk.bench;

import dev.kaftalk.testing.fuzz.MalformedInputs;
import dev.kaftalk.testing.fuzz.MalformedInputs.RestProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving client for issue 8's fuzz measurement: test-support's seeded {@link MalformedInputs}, paced at a
 * fixed rate against REST (with or without the fuzzer's session) and the bridge's raw WebSocket. It keeps count of
 * the answers by status; a server that closes a fuzz socket (as it must after an oversize message) gets a new one.
 */
final class Fuzzer {

  /** Requests still unanswered beyond this wait for the next tick, so a stalled server is not buried. */
  private static final int MAX_IN_FLIGHT = 64;
  private static final int MAX_TEXT_FRAME = 60 * 1024;

  private final Vertx vertx;
  private final int port;
  private final BenchUser user;
  private final MalformedInputs inputs;
  private final int restShare;
  private final HttpClient http;
  private final WebSocketClient sockets;
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private WebSocket socket;
  private int bridgeFrames;
  private int socketsOpened;

  /** @param restShare how many inputs in ten go to REST; the others are bridge frames (the CI fuzz test: 6) */
  Fuzzer(Vertx vertx, int port, BenchUser user, MalformedInputs inputs, int restShare) {
    this.vertx = vertx;
    this.port = port;
    this.user = user;
    this.inputs = inputs;
    this.restShare = restShare;
    this.http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  }

  /** Issues {@code count} inputs at {@code perSecond}; completes once every REST probe was answered. */
  Future<JsonObject> run(int count, double perSecond) {
    Promise<JsonObject> done = Promise.promise();
    long start = System.nanoTime();
    int[] issued = {0};
    // All on one event loop: the fuzzer's own state needs no locks.
    vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
      long due = Math.min(count, (long) ((System.nanoTime() - start) / 1e9 * perSecond));
      while (issued[0] < due && inFlight.get() < MAX_IN_FLIGHT) {
        issued[0]++;
        if (issued[0] % 10 < restShare) {
          probe(inputs.rest());
        } else {
          frame();
        }
      }
      if (issued[0] == count && inFlight.get() == 0) {
        vertx.cancelTimer(timer);
        done.complete(figures(count, System.nanoTime() - start));
      }
    }));
    return done.future();
  }

  private void probe(RestProbe probe) {
    inFlight.incrementAndGet();
    RequestOptions request = new RequestOptions().setMethod(probe.method()).setHost("127.0.0.1").setPort(port)
        .setURI(probe.path());
    if (!inputs.nextBoolean(10)) {
      request.addHeader("Cookie", user.cookie());
    }
    if (probe.contentType() != null && !probe.contentType().isEmpty()) {
      request.addHeader("Content-Type", probe.contentType());
    }
    http.request(request)
        .compose(req -> probe.body() == null ? req.send() : req.send(probe.body()))
        .compose(response -> response.body().map(response))
        .onComplete(answer -> {
          inFlight.decrementAndGet();
          statuses.merge(answer.succeeded() ? answer.result().statusCode() : -1, 1, Integer::sum);
        });
  }

  private void frame() {
    if (socket == null || socket.isClosed()) {
      connect();
      return;
    }
    bridgeFrames++;
    if (inputs.nextBoolean(400)) {
      // Over the message limit in fragments: the server closes this socket.
      socket.writeFrame(WebSocketFrame.textFrame("x".repeat(40 * 1024), false));
      socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(40 * 1024)), true));
      return;
    }
    String frame = inputs.bridgeFrame();
    if (frame.length() < MAX_TEXT_FRAME) {
      socket.writeTextMessage(frame);
    }
  }

  private void connect() {
    socketsOpened++;
    inFlight.incrementAndGet();
    sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket")
            .addHeader("Cookie", user.cookie()))
        .onComplete(ws -> {
          inFlight.decrementAndGet();
          if (ws.succeeded()) {
            ws.result().handler(ignored -> { });
            socket = ws.result();
          }
        });
  }

  private JsonObject figures(int count, long nanos) {
    JsonObject byStatus = new JsonObject();
    statuses.forEach((status, n) -> byStatus.put(Integer.toString(status), n));
    return new JsonObject().put("inputs", count).put("seconds", LoadRun.round(nanos / 1e9))
        .put("restByStatus", byStatus)
        .put("rest5xx", statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum())
        .put("restUnanswered", statuses.getOrDefault(-1, 0))
        .put("bridgeFrames", bridgeFrames).put("bridgeSocketsOpened", socketsOpened);
  }
}
