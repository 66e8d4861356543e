package dev.kaftalk.app;

import dev.kaftalk.embedded.FreePorts;
import dev.kaftalk.model.HttpSettings;
import dev.kaftalk.web.EdgeVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP edge as {@code http.edgeInstances} verticles on one port: Vert.x hands each new connection to the next
 * of them, each on its own event loop, so the bridge's per-socket work (frames, envelopes, flushes) uses every core
 * instead of sharing one loop with a service.
 */
final class EdgeVerticles {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticles.class);

  private final PrometheusMeterRegistry meters;
  private final List<EdgeVerticle> deployed = new CopyOnWriteArrayList<>();

  EdgeVerticles(PrometheusMeterRegistry meters) {
    this.meters = meters;
  }

  Future<String> deploy(Vertx vertx, JsonObject config) {
    JsonObject http = config.getJsonObject("http");
    HttpSettings settings = HttpSettings.fromJson(http);
    int instances = settings.edgeInstances();
    // Vert.x shares a server among verticle instances by its port, and port 0 would give each a random one of its
    // own: so "any free port" is picked here, once.
    if (instances > 1) {
      http.put("port", FreePorts.orPick(settings.port()));
    }
    return vertx.deployVerticle(() -> {
          EdgeVerticle edge = new EdgeVerticle(meters);
          deployed.add(edge);
          return edge;
        }, new DeploymentOptions().setConfig(config).setInstances(instances))
        .onSuccess(id -> LOG.info("HTTP edge listening on port {}, {} instances (event loops)", port(), instances));
  }

  /** Every instance serves the same routes on the same port; the first answers for all. */
  int port() {
    return deployed.get(0).port();
  }

  Set<String> apiRoutes() {
    return deployed.get(0).apiRoutes();
  }
}
