package dev.kaftalk.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;

/**
 * Scenario (d): from {@code java -jar} to the first 200 of /health/ready, on an empty data directory (the embedded
 * broker formats its storage, topics are created), several times; JVM start-up included, and each start's phases as
 * the server logged them.
 */
final class ColdStartScenario {

  private ColdStartScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    int runs = options.integer("runs", 3);
    long[] millis = new long[runs];
    JsonArray selfReported = new JsonArray();
    JsonArray phases = new JsonArray();
    for (int i = 0; i < runs; i++) {
      try (ServerProcess server = ServerProcess.start(options.jar(), options.serverJvm())) {
        millis[i] = server.readyMillis();
        selfReported.add(server.selfReportedStartMillis());
        phases.add(server.startupPhases());
      }
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    long median = sorted[runs / 2];
    JsonArray all = new JsonArray();
    Arrays.stream(millis).forEach(all::add);
    return new JsonObject().put("runs", runs).put("readyMs", all).put("medianReadyMs", median)
        .put("serverReportedStartMs", selfReported)
        .put("phasesMs", phases)
        .put("summary", String.format("cold start to ready: median %d ms of %s (empty data dir, embedded Kafka and S3;"
            + " the server's own start-up line, JVM start excluded: %s ms)", median, all.encode(), selfReported.encode()));
  }
}
