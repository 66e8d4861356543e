package dev.kaftalk.bench;

import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.cluster.ThreeBrokerCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Issue 19's failover: 3 Kafka broker processes and 3 controller processes ({@link ThreeBrokerCluster}, README's
 * "Failover timing"), 2 server processes on them, and {@code users} x {@code tabs} sockets (alternately on each
 * instance) chatting at {@code rate} msg/s. {@code kills} times, after {@code settle} quiet seconds, the leader of a
 * {@code chat.messages} partition (each partition in turn) is SIGKILLed, and 5 s later started again and awaited back
 * in sync; then {@code controllerKills} times the active controller, the same way. Answers lost and duplicated
 * deliveries, the send-to-receive latencies, and for each kill the longest latency of the messages sent from 5 s
 * before it to 10 s after it: the stall it caused.
 */
final class FailoverScenario {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverScenario.class);
  private static final String SESSION_SECRET = "bench-failover-session-secret-0123456789";
  private static final int PARTITIONS = 6;
  /** A kill's stall is looked for in the messages sent from half this before it to this after it. */
  private static final long STALL_WINDOW_MS = 10_000;

  private FailoverScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 60), options.integer("tabs", 2),
        options.integer("roomSize", 10));
    double rate = options.number("rate", 40);
    int kills = options.integer("kills", 5);
    int controllerKills = options.integer("controllerKills", 1);
    long settleMs = (long) (options.number("settle", 6) * 1000);
    double seconds = options.number("seconds", 150);
    Path dir = Files.createTempDirectory("kaftalk-bench-cluster");
    try (ThreeBrokerCluster cluster = ThreeBrokerCluster.start(dir);
         ServerProcess a = server(options, cluster);
         ServerProcess b = server(options, cluster)) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
      try {
        Tabs tabs = BenchRun.await(Population.create(new Accounts(vertx, a.httpPort()), shape)
            .compose(population -> new Tabs(vertx, population)
                .open(socket -> socket % 2 == 0 ? a.httpPort() : b.httpPort())));
        LoadRun load = new LoadRun(vertx, tabs, "failover", rate, seconds, 30_000);
        Stalls stalls = new Stalls();
        Future<JsonObject> running = load.run();
        // After run(), which makes the load its receiver: the stalls see every frame the load does.
        tabs.receiveWith((socket, frame) -> {
          load.pushed(socket, frame);
          stalls.pushed(frame);
        });
        CompletableFuture<JsonArray> killing = CompletableFuture.supplyAsync(
            () -> kill(cluster, kills, controllerKills, settleMs));
        JsonObject figures = BenchRun.await(running);
        long loadEndNanos = System.nanoTime();
        JsonArray killed = killing.get(5, TimeUnit.MINUTES);
        killed.forEach(k -> stalls.describe((JsonObject) k, loadEndNanos));
        JsonObject result = new JsonObject().put("users", shape.users()).put("tabs", shape.tabs())
            .put("roomSize", shape.roomSize()).put("sockets", shape.sockets()).put("instances", 2)
            .put("brokers", 3).put("controllers", 3).put("kills", killed).mergeIn(figures);
        BenchRun.await(tabs.close());
        return result.put("summary", summary(result));
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      ServerProcess.deleteTree(dir);
    }
  }

  private static ServerProcess server(Options options, ThreeBrokerCluster cluster) throws Exception {
    return ServerProcess.start(options.jar(), options.serverJvm(), config -> config
        .put("kafka", new JsonObject().put("bootstrapServers", cluster.bootstrapServers())
            .put("partitions", PARTITIONS).put("replicationFactor", 3).put("minInsyncReplicas", 2))
        .put("web", config.getJsonObject("web").put("sessionSecret", SESSION_SECRET)));
  }

  /** The kill loop, on its own thread: the cluster's calls block. */
  private static JsonArray kill(ThreeBrokerCluster cluster, int kills, int controllerKills, long settleMs) {
    JsonArray done = new JsonArray();
    try {
      for (int k = 0; k < kills + controllerKills; k++) {
        TimeUnit.MILLISECONDS.sleep(settleMs);
        int partition = k % PARTITIONS;
        int activeController = cluster.controller();
        int victim = k < kills ? cluster.leaderOf(Topics.MESSAGES.name(), partition) : activeController;
        boolean controller = victim == activeController;
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        LOG.info("Kill {}: node {} ({})", k + 1, victim,
            controller ? "the active controller" : "leader of " + Topics.MESSAGES.name() + "-" + partition);
        JsonObject kill = new JsonObject().put("node", victim).put("controller", controller).put("atNanos", killedAt);
        done.add(controller ? kill : kill.put("partition", partition));
        TimeUnit.MILLISECONDS.sleep(STALL_WINDOW_MS / 2);
        cluster.restart(victim, List.of(Topics.MESSAGES.name()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  /** The longest send-to-receive latency of the messages sent in each 100 ms, from the load's message texts. */
  private static final class Stalls {
    private static final long BUCKET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final Map<Long, Long> longestBySendBucket = new ConcurrentHashMap<>();

    void pushed(JsonObject frame) {
      if (!"message".equals(frame.getString("type"))) {
        return;
      }
      long now = System.nanoTime();
      String[] parts = frame.getJsonObject("message").getString("text", "").split(" ");
      if (parts.length == 4) {
        long sent = Long.parseLong(parts[3]);
        longestBySendBucket.merge(sent / BUCKET_NANOS, now - sent, Math::max);
      }
    }

    /**
     * Adds the kill's stall, when the message that waited longest was sent (ms from the kill: the node's restart
     * begins 5 s after it), and whether the load still ran when the kill came, to its description.
     */
    void describe(JsonObject kill, long loadEndNanos) {
      long at = kill.getLong("atNanos");
      long from = (at - TimeUnit.MILLISECONDS.toNanos(STALL_WINDOW_MS / 2)) / BUCKET_NANOS;
      long to = (at + TimeUnit.MILLISECONDS.toNanos(STALL_WINDOW_MS)) / BUCKET_NANOS;
      Map.Entry<Long, Long> longest = longestBySendBucket.entrySet().stream()
          .filter(e -> e.getKey() >= from && e.getKey() <= to)
          .max(Map.Entry.comparingByValue()).orElse(Map.entry(at / BUCKET_NANOS, -1L));
      kill.remove("atNanos");
      kill.put("underLoad", at < loadEndNanos).put("stallMs", TimeUnit.NANOSECONDS.toMillis(longest.getValue()))
          .put("stallSentMsAfterKill", TimeUnit.NANOSECONDS.toMillis(longest.getKey() * BUCKET_NANOS - at));
    }
  }

  private static String summary(JsonObject r) {
    JsonObject latency = r.getJsonObject("latencyMs");
    String kills = r.getJsonArray("kills").stream().map(k -> (JsonObject) k)
        .map(k -> k.getLong("stallMs") + " ms (sent at " + k.getLong("stallSentMsAfterKill") + " ms)"
            + (k.getBoolean("controller") ? " (active controller)" : "")
            + (k.getBoolean("underLoad") ? "" : " (after the load)"))
        .collect(Collectors.joining(", "));
    return String.format("%d sockets on 2 instances, 3 brokers + 3 controllers, %.0f msg/s, %d SIGKILLs: %d deliveries,"
            + " %d lost, %d duplicated, %d errors; send-to-receive p50 %.1f p90 %.1f p99 %.1f max %.0f ms; stall per kill: %s",
        r.getInteger("sockets"), r.getDouble("targetMsgsPerSecond"), r.getJsonArray("kills").size(),
        r.getLong("deliveries"), r.getLong("lost"), r.getLong("duplicates"), r.getLong("errors"),
        latency.getDouble("p50"), latency.getDouble("p90"), latency.getDouble("p99"), latency.getDouble("max"), kills);
  }
}
