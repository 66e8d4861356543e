package dev.kaftalk.bench;

import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.cluster.ThreeBrokerCluster;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Issue 19's failover: 3 Kafka broker processes ({@link ThreeBrokerCluster}, README's "Failover timing"), 2 server
 * processes on them, and {@code users} x {@code tabs} sockets (alternately on each instance) chatting at {@code rate}
 * msg/s. Every {@code interval} seconds the leader of a {@code chat.messages} partition (each partition in turn) is
 * SIGKILLed, then started again and given time to rejoin every ISR before the next kill, {@code kills} times. Answers
 * lost and duplicated deliveries and the send-to-receive latencies; their maximum is the longest stall a kill caused.
 */
final class FailoverScenario {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverScenario.class);
  private static final String SESSION_SECRET = "bench-failover-session-secret-0123456789";
  private static final int PARTITIONS = 6;

  private FailoverScenario() {
  }

  static JsonObject run(Options options) throws Exception {
    LoadShape shape = new LoadShape(options.integer("users", 60), options.integer("tabs", 2),
        options.integer("roomSize", 10));
    double rate = options.number("rate", 40);
    int kills = options.integer("kills", 5);
    long intervalMs = (long) (options.number("interval", 20) * 1000);
    double seconds = options.number("seconds", kills * intervalMs / 1000.0 + 10);
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
        CompletableFuture<JsonArray> killing = CompletableFuture.supplyAsync(() -> kill(cluster, kills, intervalMs));
        JsonObject figures = BenchRun.await(load.run());
        JsonObject result = new JsonObject().put("users", shape.users()).put("tabs", shape.tabs())
            .put("roomSize", shape.roomSize()).put("sockets", shape.sockets()).put("instances", 2)
            .put("brokers", 3).put("kills", killing.get(5, TimeUnit.MINUTES)).mergeIn(figures);
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
  private static JsonArray kill(ThreeBrokerCluster cluster, int kills, long intervalMs) {
    JsonArray done = new JsonArray();
    try {
      for (int k = 0; k < kills; k++) {
        TimeUnit.MILLISECONDS.sleep(intervalMs / 2);
        int partition = k % PARTITIONS;
        int leader = cluster.leaderOf(Topics.MESSAGES.name(), partition);
        boolean controller = leader == cluster.controller();
        long killedAt = System.currentTimeMillis();
        cluster.kill(leader);
        LOG.info("Kill {}: node {} (leader of {}-{}{})", k + 1, leader, Topics.MESSAGES.name(), partition,
            controller ? ", and the active controller" : "");
        done.add(new JsonObject().put("node", leader).put("partition", partition).put("controller", controller)
            .put("atMs", killedAt));
        TimeUnit.MILLISECONDS.sleep(intervalMs / 4);
        cluster.restart(leader, List.of(Topics.MESSAGES.name()));
        long waited = System.currentTimeMillis() - killedAt;
        TimeUnit.MILLISECONDS.sleep(Math.max(0, intervalMs / 2 - waited));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  private static String summary(JsonObject r) {
    JsonObject latency = r.getJsonObject("latencyMs");
    long controllerKills = r.getJsonArray("kills").stream().filter(k -> ((JsonObject) k).getBoolean("controller"))
        .count();
    return String.format("%d sockets on 2 instances, 3 brokers, %.0f msg/s, %d leader SIGKILLs (%d of them the active"
            + " controller): %d deliveries, %d lost, %d duplicated, %d errors; send-to-receive p50 %.1f p90 %.1f"
            + " p99 %.1f max (longest stall) %.0f ms",
        r.getInteger("sockets"), r.getDouble("targetMsgsPerSecond"), r.getJsonArray("kills").size(), controllerKills,
        r.getLong("deliveries"), r.getLong("lost"), r.getLong("duplicates"), r.getLong("errors"),
        latency.getDouble("p50"), latency.getDouble("p90"), latency.getDouble("p99"), latency.getDouble("max"));
  }
}
