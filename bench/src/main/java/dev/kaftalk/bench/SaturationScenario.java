package dev.kaftalk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Scenario (b): the same 1,000 tabs as (a), the rate raised step by step until p99 passes the limit (100 ms); the
 * saturation point is the last step within it. Each step is a fresh measured phase after the previous one drained.
 * Writes the latency-vs-rate plot beside the JSON.
 */
final class SaturationScenario {

  private static final Logger LOG = LoggerFactory.getLogger(SaturationScenario.class);

  private SaturationScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 200), options.integer("tabs", 5),
        options.integer("roomSize", 10));
    double[] rates = Arrays.stream(options.text("rates", "50,100,150,200,250,300,400,500,600,800,1000").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    double stepSeconds = options.number("stepSeconds", 20);
    double p99Limit = options.number("p99LimitMs", 100);
    JsonArray steps = new JsonArray();
    JsonObject saturation = null;
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      // Long enough for the JIT to settle, so that the first step is not the slowest for the wrong reason.
      BenchRun.await(new LoadRun(bench.vertx(), tabs, "warmup", options.number("warmupRate", 100),
          options.number("warmup", 20), 5_000).run());
      for (int i = 0; i < rates.length; i++) {
        JsonObject step = bench.measured(new LoadRun(bench.vertx(), tabs, "step" + i, rates[i], stepSeconds, 15_000))
            .put("targetDeliveriesPerSecond", rates[i] * shape.socketsPerRoom());
        steps.add(step);
        LOG.info("step {} msg/s: {}", rates[i], LoadScenario.summary(step.copy().put("sockets", shape.sockets())));
        if (step.getJsonObject("latencyMs").getDouble("p99") > p99Limit) {
          break;
        }
        saturation = step;
      }
      BenchRun.await(tabs.close());
    }
    String subtitle = shape.sockets() + " sockets, rooms of " + shape.roomSize() + " users x " + shape.tabs() + " tabs";
    LatencyPlot.write(options.results(), "saturation", steps, p99Limit, subtitle);
    JsonObject result = new JsonObject().put("users", shape.users()).put("tabs", shape.tabs())
        .put("roomSize", shape.roomSize()).put("sockets", shape.sockets()).put("stepSeconds", stepSeconds)
        .put("p99LimitMs", p99Limit).put("steps", steps)
        .put("saturationMsgsPerSecond", saturation == null ? 0 : saturation.getDouble("targetMsgsPerSecond"))
        .put("saturationDeliveriesPerSecond", saturation == null ? 0 : saturation.getDouble("deliveriesPerSecond"));
    return result.put("summary", String.format(
        "saturation (last step with p99 <= %.0f ms): %.0f msg/s asked, %.0f deliveries/s measured; steps p99: %s",
        p99Limit, result.getDouble("saturationMsgsPerSecond"), result.getDouble("saturationDeliveriesPerSecond"),
        steps.stream().map(JsonObject.class::cast).map(s -> (int) s.getDouble("targetMsgsPerSecond").doubleValue()
            + "->" + s.getJsonObject("latencyMs").getDouble("p99")).toList()));
  }
}
