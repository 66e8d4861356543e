package dev.kaftalk.bench;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the bounded timeline costs a user scrolling up: a room with {@code messages} messages, many more than the
 * server holds per room ({@code chat.timelineMessagesPerRoom}, 2000), on a partition of {@code chat.messages} shared
 * with {@code neighbours} rooms that get as many messages each, interleaved. Its whole history is then read back
 * page by page with {@code before} over REST, as the browser does; pages within the newest {@code held} messages
 * (served from memory) and pages past the newest {@code held} x 5/4 (read back from Kafka) are timed apart. Last, one
 * reconnect catch-up page with {@code after} from the oldest cursor. Checks that every message came back once, in
 * order.
 */
final class HistoryScenario {

  /** Sends one writer socket keeps waiting for an answer; below the server's per-socket bound of 32. */
  private static final int WINDOW = 24;

  private HistoryScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    int messages = options.integer("messages", 10_000);
    int neighbours = options.integer("neighbours", 3);
    int limit = options.integer("limit", 50);
    int held = options.integer("held", 2000);
    int partitions = options.integer("partitions", 6);
    try (BenchRun bench = BenchRun.start(options)) {
      Accounts accounts = bench.accounts();
      BenchUser writer = BenchRun.await(accounts.register("historian" + System.nanoTime() % 100_000));
      String room = BenchRun.await(accounts.createRoom(writer, "history"));
      List<String> rooms = new ArrayList<>(List.of(room));
      for (int attempt = 0; rooms.size() <= neighbours && attempt < 50 * partitions; attempt++) {
        String candidate = BenchRun.await(accounts.createRoom(writer, "neighbour " + attempt));
        if (partition(candidate, partitions) == partition(room, partitions)) {
          rooms.add(candidate);
        }
      }
      // Held until the end: Vert.x closes a client that is no longer referenced, with its sockets.
      WebSocketClient client = bench.vertx().createWebSocketClient();
      BridgeSocket tab = BenchRun.await(BridgeSocket.open(client, bench.server().httpPort(), writer, frame -> { }));
      AtomicInteger refused = new AtomicInteger();
      int total = messages * rooms.size();
      long sendStart = System.nanoTime();
      BenchRun.await(Parallel.run(total, WINDOW, n -> tab.send(rooms.get(n % rooms.size()),
          "History message " + n / rooms.size() + ", about as long as a chat line", "h" + n).map(reply -> {
            if (reply.failed()) {
              refused.incrementAndGet();
            }
            return reply;
          })));
      long sendMs = LoadRun.millisSince(sendStart);
      BenchRun.await(tab.close().compose(v -> client.close()));

      Histogram fromMemory = new Histogram(3);
      Histogram fromKafka = new Histogram(3);
      List<String> texts = new ArrayList<>();
      String before = null;
      String oldest = null;
      long scrollStart = System.nanoTime();
      while (true) {
        long start = System.nanoTime();
        JsonArray page = BenchRun.await(accounts.history(writer, room, before, null, limit));
        long micros = (System.nanoTime() - start) / 1000;
        if (page.isEmpty()) {
          break;
        }
        if (texts.size() + page.size() <= held) {
          fromMemory.recordValue(micros);
        } else if (texts.size() >= held * 5 / 4) {
          fromKafka.recordValue(micros);
        }
        List<String> older = new ArrayList<>(page.stream().map(m -> ((JsonObject) m).getString("text")).toList());
        older.addAll(texts);
        texts = older;
        before = page.getJsonObject(0).getString("cursor");
        oldest = before;
      }
      long scrollMs = LoadRun.millisSince(scrollStart);
      long catchUpStart = System.nanoTime();
      JsonArray catchUp = BenchRun.await(accounts.history(writer, room, null, oldest, 200));
      double catchUpMs = (System.nanoTime() - catchUpStart) / 1e6;
      boolean complete = texts.size() == messages && inOrder(texts);

      JsonObject result = new JsonObject().put("messages", messages).put("roomsOnThePartition", rooms.size())
          .put("sendSeconds", sendMs / 1000.0).put("refusedSends", refused.get()).put("pageLimit", limit)
          .put("pagesFromMemory", Latencies.summary(fromMemory)).put("pagesFromKafka", Latencies.summary(fromKafka))
          .put("scrollSeconds", scrollMs / 1000.0).put("messagesReadBack", texts.size()).put("completeAndInOrder",
              complete).put("catchUpPageMs", LoadRun.round(catchUpMs)).put("catchUpPageSize", catchUp.size());
      return result.put("summary", String.format("%d messages in a room sharing its partition with %d others (%d"
              + " messages each): %d-message pages from memory p50 %.1f / p99 %.1f ms, from Kafka p50 %.1f / p99 %.1f"
              + " ms; all %d read back in %.1f s, complete and in order: %b; a 200-message catch-up from the oldest"
              + " cursor %.1f ms; %d refused sends",
          messages, rooms.size() - 1, messages, limit, ms(fromMemory, 50), ms(fromMemory, 99), ms(fromKafka, 50),
          ms(fromKafka, 99), texts.size(), scrollMs / 1000.0, complete, catchUpMs, refused.get()));
    }
  }

  /** Kafka's partitioner for a keyed record: chat.messages is keyed by room id. */
  private static int partition(String roomId, int partitions) {
    return Utils.toPositive(Utils.murmur2(roomId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static boolean inOrder(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      if (!texts.get(i).startsWith("History message " + i + ",")) {
        return false;
      }
    }
    return true;
  }

  private static double ms(Histogram micros, double percentile) {
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
