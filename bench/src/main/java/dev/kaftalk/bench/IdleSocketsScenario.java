package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario (c): what an idle tab costs the server. Accounts and rooms first, then the server's heap after a full GC;
 * then 10,000 tabs (2,000 users x 5, rooms of 10) open, registered and pinging; heap after GC again. The difference
 * over the number of sockets is the heap per socket (session, bridge and presence state, buffers).
 */
final class IdleSocketsScenario {

  private IdleSocketsScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 2000), options.integer("tabs", 5),
        options.integer("roomSize", 10));
    long settleMs = (long) (options.number("settleSeconds", 15) * 1000);
    try (BenchRun bench = BenchRun.start(options)) {
      Population population = BenchRun.await(Population.create(bench.accounts(), shape));
      long before = stableHeap(bench);
      ProcStats statsBefore = bench.server().stats();
      long opening = System.nanoTime();
      Tabs tabs = BenchRun.await(new Tabs(bench.vertx(), population).open(bench.server().httpPort()));
      long openMs = LoadRun.millisSince(opening);
      // Presence announcements and the first pings pass; what stays is what idle sockets hold.
      Thread.sleep(settleMs);
      long after = stableHeap(bench);
      ProcStats statsAfter = bench.server().stats();
      BenchRun.await(tabs.close());
      double perSocketKiB = (after - before) / 1024.0 / shape.sockets();
      JsonObject result = new JsonObject()
          .put("users", shape.users()).put("tabs", shape.tabs()).put("sockets", shape.sockets())
          .put("serverJvm", String.join(" ", options.serverJvm())).put("openFilesLimit", openFilesLimit())
          .put("openAllSocketsMs", openMs)
          .put("heapAfterGcBeforeMiB", LoadRun.round(before / 1048576.0))
          .put("heapAfterGcWithSocketsMiB", LoadRun.round(after / 1048576.0))
          .put("heapPerSocketKiB", LoadRun.round(perSocketKiB))
          .put("serverThreadsBefore", statsBefore.threads()).put("serverThreadsWithSockets", statsAfter.threads())
          .put("serverSocketsWithSockets", statsAfter.sockets());
      return result.put("summary", String.format("%d idle sockets: %.1f KiB heap per socket (%.0f -> %.0f MiB after GC),"
              + " all open in %d ms, server threads %d -> %d", shape.sockets(), perSocketKiB, before / 1048576.0,
          after / 1048576.0, openMs, statsBefore.threads(), statsAfter.threads()));
    }
  }

  /** The second of two heap readings after full GCs; the first can still see garbage from a concurrent cycle. */
  private static long stableHeap(BenchRun bench) throws IOException, InterruptedException {
    bench.server().heapAfterGc();
    return bench.server().heapAfterGc();
  }

  /** The soft "Max open files" of this process (the server child inherits it); 10,000 sockets need more. */
  private static String openFilesLimit() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
        .map(l -> l.replaceAll("\\s+", " ").trim()).findFirst().orElse("unknown");
  }
}
