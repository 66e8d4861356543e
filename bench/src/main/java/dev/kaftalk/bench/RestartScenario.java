package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 15's restart: {@code messages} messages in {@code rooms} rooms written through Kafka ({@link Archive}) and
 * indexed by the server; then the server is stopped with SIGTERM and started again on the same data, then killed with
 * SIGKILL and started again, then (unless {@code rebuild} is false) stopped and started without its history store,
 * which it rebuilds from Kafka before it reports ready. Each start: time to /health/ready, what the history store read
 * from Kafka and how long it took (from the server's log), heap after GC, and whether the newest message of every
 * partition is served. The store's size on disk is measured while the server is stopped.
 */
final class RestartScenario {

  private static final Pattern RESUMED =
      Pattern.compile("History store resumes \\S+ at (.*) \\((\\d+) records to read\\)");
  private static final Pattern CAUGHT_UP = Pattern.compile("History store caught up with \\S+ in (\\d+) ms");
  private static final double MIB = 1024 * 1024;

  private RestartScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    Duration timeout = Duration.ofSeconds(options.integer("timeoutSeconds", 3600));
    try (BenchRun bench = BenchRun.start(options)) {
      ServerProcess server = bench.server();
      // The same server's first start, on an empty data directory: what a restart costs without any history.
      long emptyStartMs = server.readyMillis();
      Archive archive = Archive.write(bench, options);
      double indexedSeconds = archive.awaitServed(bench.accounts(), timeout);
      long messages = archive.written().messages();
      JsonObject result = new JsonObject().put("emptyStartReadyMs", emptyStartMs)
          .put("messages", messages).put("rooms", archive.roomIds().size())
          .put("writeSeconds", LoadRun.round(archive.written().seconds()))
          .put("writtenPerSecond", Math.round(archive.written().perSecond()))
          .put("indexedSeconds", LoadRun.round(indexedSeconds))
          .put("indexedPerSecond", Math.round(messages / indexedSeconds))
          .put("heapAfterGcMiB", LoadRun.round(server.heapAfterGc() / MIB));

      server.stop(ServerProcess.Stop.TERM);
      Path history = server.dataDir().resolve("history");
      result.put("historyMiB", LoadRun.round(bytesUnder(history) / MIB))
          .put("historyMiBPerMillion", LoadRun.round(bytesUnder(history) / MIB * 1e6 / messages))
          .put("kafkaMiB", LoadRun.round(bytesUnder(server.dataDir().resolve("kafka")) / MIB));
      result.put("sigterm", start(bench, archive, timeout));
      server.stop(ServerProcess.Stop.KILL);
      result.put("sigkill", start(bench, archive, timeout));
      if (Boolean.parseBoolean(options.text("rebuild", "true"))) {
        server.stop(ServerProcess.Stop.TERM);
        ServerProcess.deleteTree(history);
        JsonObject rebuild = start(bench, archive, timeout);
        result.put("rebuild", rebuild.put("rebuiltPerSecond", Math.round(rebuild.getLong("recordsRead") * 1000.0
            / Math.max(1, rebuild.getLong("catchUpMs")))));
      }
      return result.put("summary", summary(result));
    }
  }

  /** Starts the stopped server and answers what its start cost. */
  private static JsonObject start(BenchRun bench, Archive archive, Duration timeout) throws Exception {
    ServerProcess server = bench.server();
    server.launch(timeout);
    JsonObject start = new JsonObject().put("readyMs", server.readyMillis())
        .put("serverReportedStartMs", server.selfReportedStartMillis());
    server.logged(RESUMED).ifPresent(resumed -> start.put("resumedAt", resumed.group(1))
        .put("recordsRead", Long.parseLong(resumed.group(2))));
    server.logged(CAUGHT_UP).ifPresent(caughtUp -> start.put("catchUpMs", Long.parseLong(caughtUp.group(1))));
    long check = System.nanoTime();
    archive.awaitServed(bench.accounts(), Duration.ofSeconds(30));
    return start.put("newestServedCheckMs", LoadRun.millisSince(check))
        .put("heapAfterGcMiB", LoadRun.round(server.heapAfterGc() / MIB));
  }

  private static String summary(JsonObject r) {
    JsonObject term = r.getJsonObject("sigterm");
    JsonObject kill = r.getJsonObject("sigkill");
    JsonObject rebuild = r.getJsonObject("rebuild");
    String restarts = String.format("%,d messages in %d rooms written at %,d/s, served after %.1f s (%,d/s), heap"
            + " %.0f MiB; history store %.0f MiB (%.0f MiB per million); first start (empty) %d ms; restart to ready"
            + " after SIGTERM %d ms (history caught up in %s ms, heap %.0f MiB), after SIGKILL %d ms (%s ms, heap"
            + " %.0f MiB)",
        r.getLong("messages"), r.getInteger("rooms"), r.getLong("writtenPerSecond"), r.getDouble("indexedSeconds"),
        r.getLong("indexedPerSecond"), r.getDouble("heapAfterGcMiB"), r.getDouble("historyMiB"),
        r.getDouble("historyMiBPerMillion"), r.getLong("emptyStartReadyMs"), term.getLong("readyMs"),
        term.getValue("catchUpMs"),
        term.getDouble("heapAfterGcMiB"), kill.getLong("readyMs"), kill.getValue("catchUpMs"),
        kill.getDouble("heapAfterGcMiB"));
    return rebuild == null ? restarts : restarts + String.format("; rebuild of the deleted store: ready in %d ms,"
            + " %,d records at %,d/s, heap %.0f MiB", rebuild.getLong("readyMs"), rebuild.getLong("recordsRead"),
        rebuild.getLong("rebuiltPerSecond"), rebuild.getDouble("heapAfterGcMiB"));
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).mapToLong(RestartScenario::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
