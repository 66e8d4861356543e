package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Issue 15's search: an {@link Archive} of {@code messages} messages (1,000,000 in 1,000 rooms by default) indexed by
 * the server; then, once the server is quiet again, while a population of tabs chats at {@code rate} msg/s (as the
 * latency scenario: 1,000 sockets by default), the archive's readers search at {@code searchRate} searches/s
 * ({@link SearchLoad}: every kind of query) and one reader measures ack-to-searchable lag ({@link SearchLag}), for
 * {@code seconds} after a {@code warmup} of chat and searches alike.
 */
final class SearchScenario {

  private SearchScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 200), options.integer("tabs", 5),
        options.integer("roomSize", 10));
    double rate = options.number("rate", 100);
    double searchRate = options.number("searchRate", 10);
    double seconds = options.number("seconds", 60);
    double warmup = options.number("warmup", 10);
    int probes = options.integer("probes", 50);
    try (BenchRun bench = BenchRun.start(options)) {
      Archive archive = Archive.write(bench, options);
      double indexedSeconds = archive.awaitServed(bench.accounts(),
          Duration.ofSeconds(options.integer("timeoutSeconds", 3600)));
      double quietSeconds = bench.server().awaitQuiet(HistoryScenario.QUIET_CORES, Duration.ofMinutes(3));
      Tabs tabs = bench.openTabs(shape);
      // Held until the end: Vert.x closes a client that is no longer referenced, with its sockets.
      WebSocketClient client = bench.vertx().createWebSocketClient();
      BridgeSocket sender = BenchRun.await(BridgeSocket.open(client, bench.server().httpPort(),
          archive.readers().get(0), frame -> { }));
      SearchMix mix = new SearchMix(archive);
      BenchRun.await(Future.all(new LoadRun(bench.vertx(), tabs, "warmup", rate, warmup, 5_000).run(),
          new SearchLoad(bench.vertx(), bench.accounts(), mix).run(searchRate, warmup)));

      Future<JsonObject> searches = new SearchLoad(bench.vertx(), bench.accounts(), mix).run(searchRate, seconds);
      Future<JsonObject> lag = new SearchLag(bench.vertx(), bench.accounts(), sender, archive.roomIds().get(0))
          .run(probes, (long) (seconds * 1000 / probes));
      JsonObject chat = bench.measured(new LoadRun(bench.vertx(), tabs, "measured", rate, seconds, 10_000));
      JsonObject result = new JsonObject().put("messages", archive.written().messages())
          .put("rooms", archive.roomIds().size()).put("readers", archive.readers().size())
          .put("indexedSeconds", LoadRun.round(indexedSeconds)).put("quietAfterSeconds", LoadRun.round(quietSeconds))
          .put("sockets", shape.sockets())
          .put("warmupSeconds", warmup).put("search", BenchRun.await(searches))
          .put("ackToSearchable", BenchRun.await(lag)).put("chat", chat);
      BenchRun.await(Future.join(tabs.close(), sender.close()).eventually(client::close));
      return result.put("summary", summary(result));
    }
  }

  private static String summary(JsonObject r) {
    JsonObject search = r.getJsonObject("search");
    JsonObject latency = search.getJsonObject("latencyMs");
    JsonObject lag = r.getJsonObject("ackToSearchable").getJsonObject("lagMs");
    return String.format("%,d messages in %d rooms; %.0f searches/s of every kind: p50 %.1f p99 %.1f max %.1f ms,"
            + " %d failed, %d found nothing; ack to searchable p50 %.1f p99 %.1f max %.1f ms (%d probes, %d not"
            + " found); meanwhile chat: %s",
        r.getLong("messages"), r.getInteger("rooms"), search.getDouble("searchesPerSecond"), latency.getDouble("p50"),
        latency.getDouble("p99"), latency.getDouble("max"), search.getJsonObject("failed").stream()
            .mapToLong(e -> ((Number) e.getValue()).longValue()).sum(), search.getLong("foundNothing"),
        lag.getDouble("p50"), lag.getDouble("p99"), lag.getDouble("max"), lag.getLong("count"),
        r.getJsonObject("ackToSearchable").getInteger("notFound"),
        LoadScenario.summary(r.getJsonObject("chat").put("sockets", r.getInteger("sockets"))));
  }
}
