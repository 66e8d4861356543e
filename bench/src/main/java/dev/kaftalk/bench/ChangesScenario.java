package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Edits and reactions while the room chats: scenario (a)'s population and message rate, and alongside it
 * {@code changeRate} changes per second ({@link ChangeRun}), each timed from the request to its frame on every
 * socket of the room. The messages' own send-to-receive latency is reported beside them.
 */
final class ChangesScenario {

  private ChangesScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 200), options.integer("tabs", 5),
        options.integer("roomSize", 10));
    double rate = options.number("rate", 100);
    double changeRate = options.number("changeRate", 10);
    double seconds = options.number("seconds", 60);
    double warmup = options.number("warmup", 10);
    try (BenchRun bench = BenchRun.start(options)) {
      Tabs tabs = bench.openTabs(shape);
      String[] targets = BenchRun.await(targets(tabs)).toArray(String[]::new);
      if (warmup > 0) {
        BenchRun.await(together(tabs, new LoadRun(bench.vertx(), tabs, "warmup", rate, warmup, 5_000),
            new ChangeRun(bench.vertx(), tabs, targets, changeRate, warmup, 5_000)));
      }
      JsonObject measured = bench.measured(() -> together(tabs,
          new LoadRun(bench.vertx(), tabs, "measured", rate, seconds, 10_000),
          new ChangeRun(bench.vertx(), tabs, targets, changeRate, seconds, 10_000)));
      JsonObject result = new JsonObject()
          .put("users", shape.users()).put("tabs", shape.tabs()).put("roomSize", shape.roomSize())
          .put("sockets", shape.sockets()).put("warmupSeconds", warmup)
          .put("changes", measured.remove("changes"))
          .put("messages", measured);
      BenchRun.await(tabs.close());
      return result.put("summary", summary(result));
    }
  }

  /** Runs both phases on the same tabs: the messages' figures, with the changes' under {@code changes}. */
  private static Future<JsonObject> together(Tabs tabs, LoadRun messages, ChangeRun changes) {
    Future<JsonObject> load = messages.run();
    tabs.receiveWith(messages.and(changes));
    return Future.all(load, changes.run())
        .map(both -> ((JsonObject) both.resultAt(0)).put("changes", both.resultAt(1)));
  }

  /** Each room's first member writes the message the run changes. */
  private static Future<List<String>> targets(Tabs tabs) {
    LoadShape shape = tabs.population().shape();
    return Parallel.run(shape.rooms(), 16, room -> tabs.socket(room * shape.roomSize() * shape.tabs())
        .send(tabs.population().roomIds().get(room), "to be changed", "target-" + room)
        .map(reply -> {
          if (reply.failed()) {
            throw new IllegalStateException("target message refused: " + reply.failureMessage());
          }
          return reply.body().getJsonObject("message").getString("id");
        }));
  }

  static String summary(JsonObject r) {
    JsonObject changes = r.getJsonObject("changes");
    JsonObject messages = r.getJsonObject("messages");
    return String.format("%d sockets; %d changes (%d incomplete, %d refused): edit to every socket p50 %.2f p99 %.2f ms,"
            + " reaction to every socket p50 %.2f p99 %.2f ms; messages alongside p50 %.2f p99 %.2f ms, %d lost,"
            + " server %.2f cores",
        r.getInteger("sockets"), changes.getLong("changes"), changes.getLong("incomplete"),
        changes.getLong("refused"), every(changes, ChangeRun.EDIT, "p50"), every(changes, ChangeRun.EDIT, "p99"),
        every(changes, ChangeRun.REACTION, "p50"), every(changes, ChangeRun.REACTION, "p99"),
        messages.getJsonObject("latencyMs").getDouble("p50"), messages.getJsonObject("latencyMs").getDouble("p99"),
        messages.getLong("lost"), messages.getDouble("serverCpuCores"));
  }

  private static double every(JsonObject changes, String kind, String percentile) {
    return changes.getJsonObject(kind).getJsonObject("toEverySocketMs").getDouble(percentile);
  }
}
