package dev.kaftalk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What an old page of a quiet room costs when its partition of {@code chat.messages} is shared with busy rooms:
 * {@code neighbours} busy rooms on the same partition get {@code busy} messages each and the sparse room one message
 * in every {@code stride}, interleaved, written straight into Kafka ({@link TimelineWriter}). Once the server is
 * quiet again (its store merges segments for a while after a bulk write), the sparse room's whole history is read back
 * page by page with {@code before} over REST, as a user scrolling up, and checked (every message once, in order);
 * then its oldest page is read {@code reads} times, one read at a time; last, one 200-message {@code after} catch-up
 * from the oldest cursor.
 */
final class HistoryScenario {

  /** Below this the server is done merging what was written (an idle server uses about 0.05 of a core). */
  static final double QUIET_CORES = 0.2;

  private HistoryScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    int busy = options.integer("busy", 100_000);
    int neighbours = options.integer("neighbours", 3);
    int stride = options.integer("stride", 500);
    int limit = options.integer("limit", 50);
    int reads = options.integer("reads", 1000);
    int partitions = options.integer("partitions", 6);
    try (BenchRun bench = BenchRun.start(options)) {
      Accounts accounts = bench.accounts();
      BenchUser reader = BenchRun.await(accounts.register("historian" + System.nanoTime() % 100_000));
      String sparse = BenchRun.await(accounts.createRoom(reader, "sparse"));
      List<String> busyRooms = new ArrayList<>();
      for (int attempt = 0; busyRooms.size() < neighbours && attempt < 50 * partitions; attempt++) {
        String candidate = BenchRun.await(accounts.createRoom(reader, "busy " + attempt));
        if (partition(candidate, partitions) == partition(sparse, partitions)) {
          busyRooms.add(candidate);
        }
      }
      long total = (long) busy * neighbours * stride / (stride - 1);
      LongFunction<String> roomOf = n -> n % stride == 0 ? sparse : busyRooms.get((int) (n % neighbours));
      TimelineWriter.Written written = TimelineWriter.of(options).write(bench.server().kafkaBootstrap(), total, roomOf);
      double servedSeconds = written.awaitServed(accounts, room -> reader, Duration.ofMinutes(30));
      double quietSeconds = bench.server().awaitQuiet(QUIET_CORES, Duration.ofMinutes(3));
      List<String> expected = new ArrayList<>();
      for (long n = 0; n < total; n += stride) {
        expected.add(TimelineWriter.messageId(n));
      }

      Histogram scroll = new Histogram(3);
      List<JsonObject> messages = new ArrayList<>();
      String before = null;
      while (true) {
        long start = System.nanoTime();
        JsonArray page = BenchRun.await(accounts.history(reader, sparse, before, null, limit));
        scroll.recordValue((System.nanoTime() - start) / 1000);
        if (page.isEmpty()) {
          break;
        }
        List<JsonObject> older = new ArrayList<>(page.stream().map(JsonObject.class::cast).toList());
        older.addAll(messages);
        messages = older;
        before = page.getJsonObject(0).getString("cursor");
      }
      boolean complete = messages.stream().map(m -> m.getString("id")).toList().equals(expected);
      // The page before the (limit + 1)-th oldest message is the oldest page, as the last scroll up asks for it.
      String oldestPage = messages.get(Math.min(limit, messages.size() - 1)).getString("cursor");
      Histogram oldest = new Histogram(3);
      for (int i = 0; i < reads; i++) {
        long start = System.nanoTime();
        BenchRun.await(accounts.history(reader, sparse, oldestPage, null, limit));
        oldest.recordValue((System.nanoTime() - start) / 1000);
      }
      long catchUpStart = System.nanoTime();
      JsonArray catchUp = BenchRun.await(accounts.history(reader, sparse, null, before, 200));
      double catchUpMs = (System.nanoTime() - catchUpStart) / 1e6;

      JsonObject result = new JsonObject().put("sparseMessages", expected.size()).put("busyRooms", busyRooms.size())
          .put("busyMessagesEach", busy).put("messagesOnThePartition", total)
          .put("servedSeconds", LoadRun.round(servedSeconds)).put("quietAfterSeconds", LoadRun.round(quietSeconds))
          .put("pageLimit", limit)
          .put("scrollPages", Latencies.summary(scroll)).put("messagesReadBack", messages.size())
          .put("completeAndInOrder", complete).put("oldestPage", Latencies.summary(oldest)).put("reads", reads)
          .put("catchUpPageMs", LoadRun.round(catchUpMs)).put("catchUpPageSize", catchUp.size());
      return result.put("summary", String.format("a room of %d messages sharing its partition with %d rooms of %,d:"
              + " its oldest %d-message page p50 %.1f / p99 %.1f ms (%d reads);"
              + " scrolling all of it p50 %.1f / p99 %.1f ms a page, complete and in order: %b; a 200-message"
              + " catch-up from the oldest cursor %.1f ms",
          expected.size(), busyRooms.size(), busy, limit, ms(oldest, 50), ms(oldest, 99), reads, ms(scroll, 50),
          ms(scroll, 99), complete, catchUpMs));
    }
  }

  /** Kafka's partitioner for a keyed record: chat.messages is keyed by room id. */
  private static int partition(String roomId, int partitions) {
    return Utils.toPositive(Utils.murmur2(roomId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static double ms(Histogram micros, double percentile) {
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
