package dev.kaftalk.bench;

import dev.kaftalk.testing.fuzz.MalformedInputs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * Issue 8's fuzz measurement, from outside the server: a chatting population's send-to-receive latency while a
 * fuzzer in the bench JVM throws seeded malformed inputs at the same server's REST API and bridge.
 *
 * <p>Three measured phases of the same load: "first contact" while the server meets malformed input for the first
 * time ({@code fuzzWarmup} inputs of another seed), then a quiet phase, then "fuzzed" while the {@code inputs}
 * inputs of {@code seed} arrive. They are kept apart because a fresh JVM compiles its error paths on first contact,
 * which on two shared cores delays everything for a few seconds; a server that has been up for a while has done
 * that long ago, so "fuzzed" against "quiet" is the steady state, and "first contact" is reported as well. Reports
 * the phases' latency, the ratio of their p99s, the fuzz answers by status and the ERROR lines the server logged.
 */
final class FuzzScenario {

  private FuzzScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 20), options.integer("tabs", 2),
        options.integer("roomSize", 5));
    double rate = options.number("rate", 20);
    int count = options.integer("inputs", 10_000);
    int warmupCount = options.integer("fuzzWarmup", 5_000);
    double fuzzRate = options.number("fuzzRate", 300);
    long seed = options.integer("seed", 20261123);
    int restShare = options.integer("restShare", 6);
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      BenchRun.await(new LoadRun(bench.vertx(), tabs, "warmup", rate, options.number("warmup", 10), 5_000).run());
      BenchUser user = BenchRun.await(bench.accounts().register("fuzzer"));
      String ownRoom = BenchRun.await(bench.accounts().createRoom(user, "fuzz"));
      String chatRoom = tabs.population().roomOfSocket(0);
      // The fuzzer's own event loop, so that building and writing its inputs never delays the tabs' frames.
      Vertx fuzzerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Fuzzer firstFuzzer = new Fuzzer(fuzzerVertx, bench.server().httpPort(), user,
          new MalformedInputs(seed + 1, ownRoom, chatRoom), restShare);
      JsonObject firstContact = fuzzedPhase(bench, tabs, "first", rate, firstFuzzer, warmupCount, fuzzRate);
      JsonObject quiet = bench.measured(new LoadRun(bench.vertx(), tabs, "quiet", rate, count / fuzzRate, 10_000));
      Fuzzer fuzzer = new Fuzzer(fuzzerVertx, bench.server().httpPort(), user,
          new MalformedInputs(seed, ownRoom, chatRoom), restShare);
      JsonObject fuzzed = fuzzedPhase(bench, tabs, "fuzzed", rate, fuzzer, count, fuzzRate);
      JsonObject fuzz = fuzzed.getJsonObject("fuzz");
      BenchRun.await(fuzzerVertx.close());
      long errorLines = bench.server().errorLines();
      BenchRun.await(tabs.close());
      double quietP99 = p99(quiet);
      double ratio = LoadRun.round(p99(fuzzed) / quietP99);
      double firstRatio = LoadRun.round(p99(firstContact) / quietP99);
      JsonObject result = new JsonObject().put("sockets", shape.sockets()).put("rate", rate).put("seed", seed)
          .put("firstContact", firstContact).put("quiet", quiet).put("fuzzed", fuzzed).put("p99Ratio", ratio)
          .put("firstContactP99Ratio", firstRatio).put("serverErrorLines", errorLines);
      return result.put("summary", String.format(
          "%d inputs at %.0f/s (seed %d): REST %s, %d bridge frames; chatting users (%d sockets, %.0f msg/s) p99 %.1f ms"
              + " quiet vs %.1f ms fuzzed (%.2fx), %d errors, %d lost; server CPU %.2f vs %.2f cores;"
              + " first contact (%d inputs of seed %d before): p99 %.1f ms (%.2fx), %d errors, %d lost;"
              + " server ERROR lines: %d",
          count, fuzzRate, seed, fuzz.getJsonObject("restByStatus").encode(), fuzz.getInteger("bridgeFrames"),
          shape.sockets(), rate, quietP99, p99(fuzzed), ratio, fuzzed.getInteger("errors"), fuzzed.getInteger("lost"),
          quiet.getDouble("serverCpuCores"), fuzzed.getDouble("serverCpuCores"), warmupCount, seed + 1,
          p99(firstContact), firstRatio, firstContact.getInteger("errors"), firstContact.getInteger("lost"),
          errorLines));
    }
  }

  /** The load's figures while {@code fuzzer} sends {@code count} inputs, with the fuzzer's own under "fuzz". */
  private static JsonObject fuzzedPhase(BenchRun bench, Tabs tabs, String id, double rate, Fuzzer fuzzer, int count,
      double fuzzRate) throws Exception {
    Future<JsonObject> fuzzing = fuzzer.run(count, fuzzRate);
    JsonObject figures = bench.measured(new LoadRun(bench.vertx(), tabs, id, rate, count / fuzzRate, 10_000));
    return figures.put("fuzz", BenchRun.await(fuzzing));
  }

  private static double p99(JsonObject phase) {
    return phase.getJsonObject("latencyMs").getDouble("p99");
  }
}
