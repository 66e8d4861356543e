package dev.kaftalk.bench;

import dev.kaftalk.testing.fuzz.MalformedInputs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * Issue 8's fuzz measurement, from outside the server: a chatting population's send-to-receive latency in a quiet
 * phase, then for as long again while a fuzzer in the bench JVM throws seeded malformed inputs at the same server's
 * REST API and bridge. Reports both phases, the ratio of their p99s, the fuzz answers by status and the ERROR lines
 * the server logged.
 */
final class FuzzScenario {

  private FuzzScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 20), options.integer("tabs", 2),
        options.integer("roomSize", 5));
    double rate = options.number("rate", 20);
    int count = options.integer("inputs", 10_000);
    double fuzzRate = options.number("fuzzRate", 300);
    long seed = options.integer("seed", 20261123);
    double seconds = count / fuzzRate;
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      BenchRun.await(new LoadRun(bench.vertx(), tabs, "warmup", rate, options.number("warmup", 10), 5_000).run());
      JsonObject quiet = bench.measured(new LoadRun(bench.vertx(), tabs, "quiet", rate, seconds, 10_000));
      BenchUser user = BenchRun.await(bench.accounts().register("fuzzer"));
      String ownRoom = BenchRun.await(bench.accounts().createRoom(user, "fuzz"));
      // The fuzzer's own event loop, so that building and writing its inputs never delays the tabs' frames.
      Vertx fuzzerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Fuzzer fuzzer = new Fuzzer(fuzzerVertx, bench.server().httpPort(), user,
          new MalformedInputs(seed, ownRoom, tabs.population().roomOfSocket(0)), options.integer("restShare", 6));
      Future<JsonObject> fuzzing = fuzzer.run(count, fuzzRate);
      JsonObject fuzzed = bench.measured(new LoadRun(bench.vertx(), tabs, "fuzzed", rate, seconds, 10_000));
      JsonObject fuzz = BenchRun.await(fuzzing);
      BenchRun.await(fuzzerVertx.close());
      long errorLines = bench.server().errorLines();
      BenchRun.await(tabs.close());
      double quietP99 = quiet.getJsonObject("latencyMs").getDouble("p99");
      double fuzzedP99 = fuzzed.getJsonObject("latencyMs").getDouble("p99");
      double ratio = LoadRun.round(fuzzedP99 / quietP99);
      JsonObject result = new JsonObject().put("sockets", shape.sockets()).put("rate", rate).put("seed", seed)
          .put("quiet", quiet).put("fuzzed", fuzzed).put("fuzz", fuzz).put("p99Ratio", ratio)
          .put("serverErrorLines", errorLines);
      return result.put("summary", String.format(
          "%d inputs at %.0f/s (seed %d): REST %s, %d bridge frames; chatting users (%d sockets, %.0f msg/s) p99 %.1f ms"
              + " quiet vs %.1f ms fuzzed (%.2fx), %d errors, %d lost; server CPU %.2f vs %.2f cores; server ERROR lines: %d",
          count, fuzzRate, seed, fuzz.getJsonObject("restByStatus").encode(), fuzz.getInteger("bridgeFrames"),
          shape.sockets(), rate, quietP99, fuzzedP99, ratio, fuzzed.getInteger("errors"), fuzzed.getInteger("lost"),
          quiet.getDouble("serverCpuCores"), fuzzed.getDouble("serverCpuCores"), errorLines));
    }
  }
}
