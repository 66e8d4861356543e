package dev.kaftalk.bench;

import dev.kaftalk.app.ConfigLoader;
import dev.kaftalk.app.Kaftalk;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quick send benchmark against one in-process instance with embedded Kafka and S3:
 * <ol>
 *   <li>throughput: several users pipeline sends over the bridge; reports how many messages per second the
 *       instance acknowledged (Kafka ack and applied);</li>
 *   <li>latency at light load: one user sends at a fixed low rate, another member receives; reports p50/p99
 *       from send to the receiver's frame (one JVM, one clock).</li>
 * </ol>
 * The per-user rate limit is lifted for the run, since it would otherwise be what is measured.
 * Results go to {@code results/send-bench.json} (relative to the working directory) and stdout.
 */
public final class SendBench {

  private static final int SENDERS = 8;
  private static final int THROUGHPUT_MESSAGES = Integer.getInteger("bench.messages", 20_000);
  /** The bridge allows 8 handlers per socket, counting the inbox and every reply still awaited. */
  private static final int WINDOW = 6;
  private static final int LATENCY_MESSAGES = Integer.getInteger("bench.latencyMessages", 1_000);
  private static final long LATENCY_INTERVAL_MS = 20;

  private SendBench() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("kaftalk-bench");
    JsonObject config = ConfigLoader.defaults().put("dataDir", dir.toString());
    config.getJsonObject("http").put("port", 0).put("host", "127.0.0.1");
    config.put("chat", new JsonObject().put("messagesPerSecond", 1_000_000).put("messageBurst", 1_000_000)
        .put("passwordIterations", 1000).put("maxPendingSignups", 1000));
    // Every bench user signs up from 127.0.0.1 within seconds.
    config.getJsonObject("web").put("registrationsPerMinute", 100_000);
    config.getJsonObject("kafka").put("lingerMs", Integer.getInteger("bench.linger", 5));
    Kaftalk kaftalk = Kaftalk.start(config);
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject result = run(vertx, kaftalk.httpPort()).toCompletionStage().toCompletableFuture().get();
      result.put("at", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors())
          .put("kafka", "embedded single node").put("lingerMs", 5);
      Path out = Path.of("results", "send-bench.json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, result.encodePrettily() + "\n");
      System.out.println(result.encodePrettily());
      String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + kaftalk.httpPort() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      scrape.lines().filter(l -> l.startsWith("kaftalk_send")).forEach(System.out::println);
      System.out.println("written to " + out.toAbsolutePath());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      kaftalk.close();
    }
  }

  private static Future<JsonObject> run(Vertx vertx, int port) {
    List<Future<ChatClient>> registered = new ArrayList<>();
    for (int i = 0; i <= SENDERS; i++) {
      registered.add(ChatClient.register(vertx, port, "bench.user" + i, "bench password"));
    }
    return Future.all(registered).compose(all -> {
      List<ChatClient> users = all.list();
      return users.get(0).createRoom("bench").compose(room -> {
        String roomId = room.getString("id");
        return Future.all(users.subList(1, users.size()).stream().map(u -> u.join(roomId)).toList())
            .compose(v -> Future.all(users.stream().map(ChatClient::connect).toList()))
            .compose(bridges -> {
              List<BridgeConnection> sockets = bridges.list();
              return throughput(vertx, sockets.subList(0, SENDERS), roomId)
                  .compose(t -> latency(vertx, sockets.get(0), sockets.get(SENDERS), roomId).map(t::mergeIn));
            });
      });
    });
  }

  private static Future<JsonObject> throughput(Vertx vertx, List<BridgeConnection> senders, String roomId) {
    long start = System.nanoTime();
    int perSender = THROUGHPUT_MESSAGES / senders.size();
    List<Future<Void>> streams = new ArrayList<>();
    for (int s = 0; s < senders.size(); s++) {
      streams.add(pipeline(senders.get(s), roomId, "t" + s + "-", perSender));
    }
    return Future.all(streams).map(v -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      int total = perSender * senders.size();
      return new JsonObject()
          .put("throughputMessages", total)
          .put("throughputSeconds", round(seconds))
          .put("acceptedPerSecond", Math.round(total / seconds));
    });
  }

  /** Keeps {@link #WINDOW} sends outstanding until {@code count} were acknowledged. */
  private static Future<Void> pipeline(BridgeConnection bridge, String roomId, String prefix, int count) {
    Promise<Void> done = Promise.promise();
    int[] next = {0};
    int[] acked = {0};
    Runnable[] sendOne = new Runnable[1];
    sendOne[0] = () -> {
      int n = next[0]++;
      bridge.request("server.chat.send", message(roomId, "bench " + n, prefix + n)).onComplete(ar -> {
        if (ar.failed()) {
          done.tryFail(ar.cause());
          return;
        }
        if (++acked[0] == count) {
          done.tryComplete();
        } else if (next[0] < count) {
          sendOne[0].run();
        }
      });
    };
    for (int i = 0; i < Math.min(WINDOW, count); i++) {
      sendOne[0].run();
    }
    return done.future();
  }

  private static Future<JsonObject> latency(Vertx vertx, BridgeConnection sender, BridgeConnection receiver, String roomId) {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    long[] latencies = new long[LATENCY_MESSAGES];
    int[] received = {0};
    Promise<JsonObject> done = Promise.promise();
    receiver.onFrame(frame -> {
      JsonObject message = frame.getJsonObject("message");
      Long at = message == null ? null : sentAt.remove(message.getString("text"));
      if (at != null && received[0] < LATENCY_MESSAGES) {
        latencies[received[0]++] = System.nanoTime() - at;
        if (received[0] == LATENCY_MESSAGES) {
          done.tryComplete(percentiles(latencies));
        }
      }
    });
    int[] n = {0};
    vertx.setPeriodic(LATENCY_INTERVAL_MS, id -> {
      if (n[0] == LATENCY_MESSAGES) {
        vertx.cancelTimer(id);
        return;
      }
      String text = "latency " + n[0]++;
      sentAt.put(text, System.nanoTime());
      sender.request("server.chat.send", message(roomId, text, "l" + n[0])).onFailure(done::tryFail);
    });
    return done.future();
  }

  private static JsonObject percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new JsonObject()
        .put("latencyMessages", sorted.length)
        .put("latencyRatePerSecond", 1000 / LATENCY_INTERVAL_MS)
        .put("p50Ms", round(sorted[sorted.length / 2] / 1e6))
        .put("p99Ms", round(sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6))
        .put("maxMs", round(sorted[sorted.length - 1] / 1e6));
  }

  private static JsonObject message(String roomId, String text, String clientMsgId) {
    return new JsonObject().put("roomId", roomId).put("text", text).put("clientMsgId", clientMsgId);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
