package dev.kaftalk.app;

import dev.kaftalk.chat.ChatVerticle;
import dev.kaftalk.dnd.DndBatchVerticle;
import dev.kaftalk.media.MediaVerticle;
import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.HttpSettings;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.S3Settings;
import dev.kaftalk.model.Topics;
import dev.kaftalk.web.WebSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.CompletionException;

/**
 * One running Kaftalk instance: embedded infrastructure when configured so, topics, and the verticles,
 * deployed services first and the HTTP edge last so that it only takes traffic once they answer.
 */
public final class Kaftalk implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kaftalk.class);

  private final EmbeddedInfra infra;
  private final Vertx vertx;
  private final EdgeVerticles edge;
  private final JsonObject config;

  private Kaftalk(JsonObject config, EmbeddedInfra infra, Vertx vertx, EdgeVerticles edge) {
    this.config = config;
    this.infra = infra;
    this.vertx = vertx;
    this.edge = edge;
  }

  /**
   * Starts everything and returns once the edge serves. Blocking; throws with a one-line reason on bad
   * configuration or unreachable infrastructure.
   */
  public static Kaftalk start(JsonObject config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * As {@link #start(JsonObject)}, with the clock that decides quiet hours (tests pass one they control).
   */
  public static Kaftalk start(JsonObject config, Clock clock) {
    return start(config, clock, kaftalk -> { });
  }

  /**
   * As {@link #start(JsonObject, Clock)}.
   *
   * @param running given the started instance before it says it is ready, e.g. for a shutdown hook: whoever acts on
   *                the ready line (a supervisor's SIGTERM) must find it stoppable
   */
  public static Kaftalk start(JsonObject config, Clock clock, Consumer<Kaftalk> running) {
    long started = System.currentTimeMillis();
    StartupPhases phases = new StartupPhases();
    phases.beforeStart();
    JsonObject conf = config.copy();
    if (conf.getString("instanceId") == null) {
      conf.put("instanceId", UUID.randomUUID().toString().substring(0, 8));
    }
    // Validate what can be validated before anything starts.
    HttpSettings.fromJson(conf.getJsonObject("http"));
    SessionSecret.fillIn(conf);
    fillInUploadDir(conf);
    fillInHistoryDir(conf);
    WebSettings.fromJson(conf.getJsonObject("web"));
    EmbeddedInfra infra = EmbeddedInfra.startMissing(conf, phases);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = InstanceMetrics.vertx(meters, conf.getString("instanceId"));
    EdgeVerticles edge = new EdgeVerticles(meters);
    try {
      KafkaSettings kafka = KafkaSettings.fromJson(conf.getJsonObject("kafka"));
      S3Settings s3 = S3Settings.fromJson(conf.getJsonObject("s3"));
      phases.async("topics", () -> new TopicProvisioner(kafka, conf.getLong("startupTimeoutMs", 30_000L))
              .ensureTopics(vertx, Topics.ALL))
          // Quiet hours before chat: the chat service's live gate hands it what it holds back from the start. Media
          // needs neither to start (its first S3 client takes seconds), so it starts alongside; the edge comes last.
          .compose(v -> Future.all(
              phases.async("quiet hours", () -> deploy(vertx, new DndBatchVerticle(clock), part(conf, "kafka", "dnd")))
                  .compose(dnd -> phases.async("chat",
                      () -> deploy(vertx, new ChatVerticle(clock, meters), part(conf, "kafka", "chat")))),
              phases.async("media", () -> deploy(vertx, new MediaVerticle(), part(conf, "kafka", "s3", "media")))))
          .compose(v -> Future.all(
              phases.async("edge", () -> edge.deploy(vertx, part(conf, "http", "web", "media"))),
              phases.async("chat probe", () -> firstChatProbe(vertx))))
          .toCompletionStage().toCompletableFuture().join();
      Kaftalk kaftalk = new Kaftalk(conf, infra, vertx, edge);
      running.accept(kaftalk);
      LOG.info("Kaftalk ready at http://localhost:{} (kafka {}, s3 {}, {} ms)", edge.port(),
          infra.describeKafka(kafka.bootstrapServers()), infra.describeS3(s3.endpoint()),
          System.currentTimeMillis() - started);
      return kaftalk;
    } catch (RuntimeException e) {
      closeQuietly(vertx, infra);
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  /** The REST endpoints the edge serves, as {@code "METHOD /path/:param"}. */
  public java.util.Set<String> apiRoutes() {
    return edge.apiRoutes();
  }

  public int httpPort() {
    return edge.port();
  }

  /** The configuration in effect, with the addresses of any embedded Kafka and S3 filled in. */
  public JsonObject config() {
    return config.copy();
  }

  /** Undeploys the verticles (flushing their producers), then stops the embedded infrastructure. */
  @Override
  public void close() {
    closeQuietly(vertx, infra);
    LOG.info("Kaftalk stopped");
  }

  private static void closeQuietly(Vertx vertx, EmbeddedInfra infra) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
    }
    infra.close();
  }

  /**
   * Runs the chat service's health probe once beside the edge's deployment. Its first run opens the service's Kafka
   * admin connection (metadata, then the broker), which otherwise the first {@code /health/ready} waited for.
   * Readiness itself still asks on every call, so a probe that fails here is only logged.
   */
  private static Future<Void> firstChatProbe(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.CHAT_HEALTH, null)
        .map(reply -> Health.fromJson(reply.body()))
        .transform(probe -> {
          if (probe.failed() || !probe.result().ready()) {
            LOG.warn("The chat service's first health probe failed: {}",
                probe.failed() ? probe.cause().getMessage() : probe.result().detail());
          }
          return Future.succeededFuture();
        });
  }

  private static Future<String> deploy(Vertx vertx, Deployable verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  /** Uploads wait under the data directory unless configured elsewhere; the edge writes there, media reads. */
  private static void fillInUploadDir(JsonObject conf) {
    JsonObject media = conf.getJsonObject("media", new JsonObject());
    if (media.getString("uploadDir") == null) {
      media.put("uploadDir", Path.of(conf.getString("dataDir", "./data"), "uploads").toString());
    }
    conf.put("media", media);
    MediaSettings.fromJson(media);
  }

  /** The history store lives under the data directory unless configured elsewhere. */
  private static void fillInHistoryDir(JsonObject conf) {
    JsonObject chat = conf.getJsonObject("chat", new JsonObject());
    if (chat.getString("historyDir") == null) {
      chat.put("historyDir", Path.of(conf.getString("dataDir", "./data"), "history").toString());
    }
    conf.put("chat", chat);
  }

  /** The slice of the configuration one verticle sees: the named sections plus the instance id. */
  private static JsonObject part(JsonObject conf, String... sections) {
    JsonObject part = new JsonObject().put("instanceId", conf.getString("instanceId"));
    for (String section : sections) {
      part.put(section, conf.getJsonObject(section, new JsonObject()).copy());
    }
    return part;
  }
}
