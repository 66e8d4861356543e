package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

/**
 * Scenario (a), and the CI smoke test at a tiny size: a population of tabs, a warm-up phase, then one measured phase
 * at a fixed rate with Kafka's share measured beside it ({@link KafkaRoundTrip}); Kafka's own end-to-end latency tool
 * on the same broker afterwards, for the ratio.
 */
final class LoadScenario {

  private LoadScenario() {
  }

  /**
   * (a): 200 users x 5 tabs in rooms of 10, 100 msg/s (5,000 deliveries/s), 60 s after a 10 s warm-up; Kafka's share
   * probed at 20 records a second beside it.
   */
  static JsonObject latency(Options options) throws Exception {
    return run(options, new LoadShape(options.integer("users", 200), options.integer("tabs", 5),
            options.integer("roomSize", 10)), options.number("rate", 100), options.number("seconds", 60),
        options.number("warmup", 10), options.number("kafkaProbeRate", 20), options.integer("kafkaRecords", 5000));
  }

  /** CI: 10 users x 2 tabs in rooms of 5, 20 msg/s for 5 s, no warm-up, a short Kafka probe and baseline. */
  static JsonObject smoke(Options options) throws Exception {
    return run(options, new LoadShape(10, 2, 5), options.number("rate", 20), options.number("seconds", 5), 0,
        options.number("kafkaProbeRate", 20), options.integer("kafkaRecords", 300));
  }

  private static JsonObject run(Options options, LoadShape shape, double rate, double seconds, double warmup,
                                double kafkaProbeRate, int kafkaRecords) throws Exception {
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      KafkaRoundTrip probe = kafkaProbeRate > 0 ? KafkaRoundTrip.start(bench.server().kafkaBootstrap(), kafkaProbeRate)
          : null;
      JsonObject measured;
      try {
        if (warmup > 0) {
          BenchRun.await(new LoadRun(bench.vertx(), tabs, "warmup", rate, warmup, 5_000).run());
        }
        if (probe != null) {
          probe.measureFromNow();
        }
        measured = bench.measured(new LoadRun(bench.vertx(), tabs, "measured", rate, seconds, 10_000));
      } finally {
        if (probe != null) {
          probe.close();
        }
      }
      JsonObject result = new JsonObject()
          .put("users", shape.users()).put("tabs", shape.tabs()).put("roomSize", shape.roomSize())
          .put("sockets", shape.sockets()).put("warmupSeconds", warmup)
          .mergeIn(measured);
      if (probe != null) {
        result.put("kafkaRoundTrip", probe.figures());
      }
      BenchRun.await(tabs.close());
      if (kafkaRecords > 0) {
        result.put("kafkaBaseline", KafkaBaseline.measure(bench.server().kafkaBootstrap(), kafkaRecords));
      }
      return result.put("summary", summary(result));
    }
  }

  static String summary(JsonObject r) {
    JsonObject latency = r.getJsonObject("latencyMs");
    JsonObject kafka = r.getJsonObject("kafkaBaseline");
    JsonObject probe = r.getJsonObject("kafkaRoundTrip");
    return String.format("%d sockets, %.0f msg/s asked: %.0f accepted/s, %.0f deliveries/s, p50 %.2f p90 %.2f p99 %.2f"
            + " p99.9 %.2f max %.2f ms, %d errors, %d lost, %d duplicated, server %.2f cores, heap %.0f MiB%s%s",
        r.getInteger("sockets"), r.getDouble("targetMsgsPerSecond"), r.getDouble("acceptedPerSecond"),
        r.getDouble("deliveriesPerSecond"), latency.getDouble("p50"), latency.getDouble("p90"),
        latency.getDouble("p99"), latency.getDouble("p999"), latency.getDouble("max"), r.getLong("errors"),
        r.getLong("lost"), r.getLong("duplicates"), r.getDouble("serverCpuCores"), r.getDouble("serverHeapAfterGcMiB"),
        probe == null ? "" : String.format("; Kafka alone beside it p50 %.3f p90 %.3f p99 %.3f ms",
            probe.getJsonObject("latencyMs").getDouble("p50"), probe.getJsonObject("latencyMs").getDouble("p90"),
            probe.getJsonObject("latencyMs").getDouble("p99")),
        kafka == null ? "" : String.format("; Kafka EndToEndLatency p50 %d p99 %d p99.9 %d ms",
            kafka.getInteger("p50Ms"), kafka.getInteger("p99Ms"), kafka.getInteger("p999Ms")));
  }
}
