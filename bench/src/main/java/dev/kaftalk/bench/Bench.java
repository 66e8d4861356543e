package dev.kaftalk.bench;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code bench/run <scenario> [--key=value ...]}: runs one scenario against a fresh server child process, prints a
 * one-line summary and writes {@code bench/results/<scenario>.json}. BENCHMARKS.md lists the scenarios.
 */
public final class Bench {

  static final List<String> SCENARIOS = List.of("smoke", "latency", "saturation", "idle", "coldstart", "quiet",
      "fuzz", "media", "soak", "soakplot", "history", "restart", "search", "failover");

  private Bench() {
  }

  public static void main(String[] args) {
    // Exits explicitly either way: a failed run may leave client threads behind that would keep the JVM up.
    try {
      Options options = new Options(args);
      JsonObject result = run(options);
      System.out.println(options.scenario() + ": " + result.getString("summary"));
      if (!options.scenario().equals("soakplot")) {
        System.out.println("written to " + Results.write(options.results(), options.scenario(), result));
      }
      System.exit(0);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  static JsonObject run(Options options) throws Exception {
    return switch (options.scenario()) {
      case "smoke" -> LoadScenario.smoke(options);
      case "latency" -> LoadScenario.latency(options);
      case "changes" -> ChangesScenario.run(options);
      case "saturation" -> SaturationScenario.run(options);
      case "idle" -> IdleSocketsScenario.run(options);
      case "coldstart" -> ColdStartScenario.run(options);
      case "quiet" -> QuietBacklogScenario.run(options);
      case "media" -> MediaUploadScenario.run(options);
      case "soak" -> SoakScenario.run(options);
      case "fuzz" -> FuzzScenario.run(options);
      case "history" -> HistoryScenario.run(options);
      case "restart" -> RestartScenario.run(options);
      case "search" -> SearchScenario.run(options);
      case "failover" -> FailoverScenario.run(options);
      case "soakplot" -> SoakPlot.replot(options);
      default -> throw new IllegalArgumentException("unknown scenario " + options.scenario() + "; one of " + SCENARIOS);
    };
  }
}
