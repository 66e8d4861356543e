package dev.kaftalk.web;

import dev.kaftalk.model.HttpSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: the one HTTP server, serving the browser app, health, metrics and the SockJS event-bus bridge.
 * It holds no chat state; it passes commands on to the services over the event bus.
 */
public final class EdgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticle.class);

  private HttpServer server;
  private PrometheusMetrics metrics;

  @Override
  public Future<?> start() {
    HttpSettings http = HttpSettings.fromJson(config().getJsonObject("http"));
    metrics = new PrometheusMetrics();
    Router router = Router.router(vertx);
    router.route().handler(metrics::timeRequest);
    new HealthRoutes(vertx).mount(router);
    router.get("/metrics").handler(metrics::scrape);
    router.route("/eventbus/*").subRouter(EventBusBridge.router(vertx, http));
    router.route("/vendor/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    router.route().handler(StaticHandler.create("webroot"));
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(http.host())
        .setPort(http.port())
        .setMaxWebSocketFrameSize(http.maxFrameBytes())
        .setMaxWebSocketMessageSize(http.maxFrameBytes()));
    return server.requestHandler(router)
        .listen()
        .onSuccess(s -> LOG.info("HTTP edge listening on {}:{}", http.host(), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    metrics.close();
    return Future.succeededFuture();
  }

  /** The port actually bound, which differs from the configured one when that is 0. */
  public int port() {
    return server.actualPort();
  }
}
