package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Issue 8's soak: a long run at moderate load (default 60 min, 300 steady tabs, 30 msg/s) while extra tabs connect
 * and disconnect all the time. Every minute the server's heap after a full GC, threads, open descriptors and
 * sockets, CPU and that minute's latency are sampled; the series is rewritten to the results file at each sample so
 * that a run cut short still leaves its data. The end reports first/last/max and a least-squares trend per hour.
 */
final class SoakScenario {

  private static final Logger LOG = LoggerFactory.getLogger(SoakScenario.class);

  private SoakScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 60), options.integer("tabs", 5),
        options.integer("roomSize", 10));
    double minutes = options.number("minutes", 60);
    double rate = options.number("rate", 30);
    long sampleMs = (long) (options.number("sampleSeconds", 60) * 1000);
    String name = "soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
    JsonObject result = new JsonObject().put("users", shape.users()).put("tabs", shape.tabs())
        .put("roomSize", shape.roomSize()).put("sockets", shape.sockets()).put("minutes", minutes)
        .put("targetMsgsPerSecond", rate);
    JsonArray series = new JsonArray();
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      Churn churn = new Churn(bench.vertx(), tabs.population(), bench.server().httpPort(),
          (long) (options.number("churnLifeSeconds", 20) * 1000));
      churn.start(options.number("churnPerSecond", 2));
      LoadRun load = new LoadRun(bench.vertx(), tabs, "soak", rate, minutes * 60, 10_000);
      long start = System.nanoTime();
      Future<JsonObject> finished = load.run();
      ProcStats previous = bench.server().stats();
      long previousAt = start;
      series.add(sample(bench, load, churn, previous, previous, 0, 1));
      while (!finished.isComplete()) {
        TimeUnit.MILLISECONDS.sleep(Math.min(sampleMs, 1000));
        if (System.nanoTime() - previousAt < TimeUnit.MILLISECONDS.toNanos(sampleMs) && !finished.isComplete()) {
          continue;
        }
        long now = System.nanoTime();
        ProcStats stats = bench.server().stats();
        JsonObject point = sample(bench, load, churn, previous, stats, (now - start) / 60e9, now - previousAt);
        series.add(point);
        LOG.info("soak {}", point.encode());
        previous = stats;
        previousAt = now;
        Results.write(options.results(), name, result.copy().put("series", series).put("summary", "running"));
      }
      churn.stop();
      result.mergeIn(BenchRun.await(finished)).put("churn", churn.figures()).put("series", series)
          .put("trends", new JsonObject()
              .put("heapAfterGcMiB", trend(series, p -> p.getDouble("heapAfterGcMiB")))
              .put("threads", trend(series, p -> p.getInteger("threads")))
              .put("openFds", trend(series, p -> p.getInteger("openFds")))
              .put("sockets", trend(series, p -> p.getInteger("sockets"))));
    }
    result.put("summary", summary(result));
    Results.write(options.results(), name, result);
    SoakPlot.write(options.results(), name, result);
    return result;
  }

  private static JsonObject sample(BenchRun bench, LoadRun load, Churn churn, ProcStats before, ProcStats now,
                                   double minute, long nanos) throws Exception {
    return new JsonObject()
        .put("minute", LoadRun.round(minute))
        .put("heapAfterGcMiB", LoadRun.round(bench.server().heapAfterGc() / 1048576.0))
        .put("threads", now.threads())
        .put("openFds", now.fds())
        .put("sockets", now.sockets())
        .put("cpuCores", LoadRun.round(now.coresSince(before, nanos)))
        .put("deliveries", load.ledger().deliveries())
        .put("latencyMs", Latencies.summary(load.latencies().interval()))
        .put("churn", churn.figures());
  }

  /** First, last and max of a series, and its least-squares slope per hour (flat means about zero). */
  private static JsonObject trend(JsonArray series, ToDoubleFunction<JsonObject> value) {
    int n = series.size();
    double sumX = 0;
    double sumY = 0;
    double sumXY = 0;
    double sumXX = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      JsonObject point = series.getJsonObject(i);
      double x = point.getDouble("minute") / 60;
      double y = value.applyAsDouble(point);
      sumX += x;
      sumY += y;
      sumXY += x * y;
      sumXX += x * x;
      max = Math.max(max, y);
    }
    double slope = n < 2 ? 0 : (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
    return new JsonObject()
        .put("first", value.applyAsDouble(series.getJsonObject(0)))
        .put("last", value.applyAsDouble(series.getJsonObject(n - 1)))
        .put("max", max)
        .put("slopePerHour", LoadRun.round(slope));
  }

  private static String summary(JsonObject r) {
    return String.format("%.0f min, %d steady sockets + churn %s, %.0f msg/s: %d errors, %d lost, %d duplicated, "
            + "p99 %.2f ms; heap after GC %s MiB, threads %s, fds %s (first/last/max, slope per hour)",
        r.getDouble("minutes"), r.getInteger("sockets"), r.getJsonObject("churn").encode(),
        r.getDouble("targetMsgsPerSecond"), r.getLong("errors"), r.getLong("lost"), r.getLong("duplicates"),
        r.getJsonObject("latencyMs").getDouble("p99"), brief(r, "heapAfterGcMiB"), brief(r, "threads"),
        brief(r, "openFds"));
  }

  private static String brief(JsonObject r, String key) {
    JsonObject t = r.getJsonObject("trends").getJsonObject(key);
    return String.format("%.1f/%.1f/%.1f, %+.2f", t.getDouble("first"), t.getDouble("last"), t.getDouble("max"),
        t.getDouble("slopePerHour"));
  }
}
