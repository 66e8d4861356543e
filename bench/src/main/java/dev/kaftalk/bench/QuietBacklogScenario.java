package dev.kaftalk.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario (e): a user snoozed (quiet) with a tab open while another member posts 10,000 messages over the bridge
 * across 20 rooms; then the snooze is ended (PUT with {@code snoozeUntil: null}) and the time to the last batch frame
 * on the quiet user's socket is measured. Nothing may reach them live while quiet; every message must arrive once.
 */
final class QuietBacklogScenario {

  /** Sends one writer socket keeps waiting for an answer; below the server's per-socket bound of 32. */
  private static final int WINDOW = 24;

  private QuietBacklogScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    int messages = options.integer("messages", 10_000);
    int roomCount = options.integer("rooms", 20);
    try (BenchRun bench = BenchRun.start(options)) {
      Accounts accounts = bench.accounts();
      BenchUser quiet = BenchRun.await(accounts.register("quiet" + System.nanoTime() % 100_000));
      BenchUser writer = BenchRun.await(accounts.register("writer" + System.nanoTime() % 100_000));
      List<String> rooms = BenchRun.await(Parallel.run(roomCount, 4, i -> accounts.createRoom(writer, "backlog " + i)
          .compose(room -> accounts.join(quiet, room).map(room))));
      BenchRun.await(accounts.snooze(quiet, System.currentTimeMillis() + 3_600_000));

      Set<String> batched = new HashSet<>();
      AtomicInteger live = new AtomicInteger();
      AtomicInteger parts = new AtomicInteger();
      AtomicLong firstPart = new AtomicLong();
      Promise<Long> lastPart = Promise.promise();
      WebSocketClient client = bench.vertx().createWebSocketClient();
      BridgeSocket quietTab = BenchRun.await(BridgeSocket.open(client, bench.server().httpPort(), quiet, frame -> {
        if ("message".equals(frame.getString("type"))) {
          live.incrementAndGet();
        } else if ("batch".equals(frame.getString("type"))) {
          firstPart.compareAndSet(0, System.nanoTime());
          parts.incrementAndGet();
          frame.getJsonArray("messages").forEach(m -> batched.add(((JsonObject) m).getString("id")));
          if (frame.getInteger("part").equals(frame.getInteger("parts"))) {
            lastPart.tryComplete(System.nanoTime());
          }
        }
      }));
      BridgeSocket writerTab = BenchRun.await(BridgeSocket.open(client, bench.server().httpPort(), writer, f -> { }));
      long sendStart = System.nanoTime();
      AtomicInteger refused = new AtomicInteger();
      BenchRun.await(Parallel.run(messages, WINDOW, n -> writerTab.send(rooms.get(n % roomCount),
          "Backlog message number " + n + ", about as long as a chat line", "q" + n).map(reply -> {
            if (reply.failed()) {
              refused.incrementAndGet();
            }
            return reply;
          })));
      long sendMs = LoadRun.millisSince(sendStart);
      // Answered by the quiet-hours service after everything the chat service handed it: all buffered by now.
      BenchRun.await(accounts.quietHours(quiet));
      int liveWhileQuiet = live.get();

      long ended = System.nanoTime();
      BenchRun.await(accounts.snooze(quiet, null));
      long last = BenchRun.await(lastPart.future().timeout(120, TimeUnit.SECONDS));
      BenchRun.await(quietTab.close().compose(v -> writerTab.close()));
      double toFirstMs = (firstPart.get() - ended) / 1e6;
      double toLastMs = (last - ended) / 1e6;
      JsonObject result = new JsonObject()
          .put("messages", messages).put("rooms", roomCount).put("sendSeconds", sendMs / 1000.0)
          .put("refusedSends", refused.get()).put("liveWhileQuiet", liveWhileQuiet)
          .put("batchParts", parts.get()).put("batchedMessages", batched.size())
          .put("endToFirstPartMs", LoadRun.round(toFirstMs)).put("endToLastPartMs", LoadRun.round(toLastMs));
      return result.put("summary", String.format("%d messages in %d rooms: quiet end to last batch part %.0f ms (first"
              + " %.0f ms), %d parts, %d distinct messages batched, %d live while quiet, %d refused sends",
          messages, roomCount, toLastMs, toFirstMs, parts.get(), batched.size(), liveWhileQuiet, refused.get()));
    }
  }
}
