package dev.kaftalk.web;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Prometheus metrics for {@code /metrics}: JVM metrics plus the edge's HTTP request timings. The registry is
 * added to Micrometer's global registry so the services' meters show up in the same scrape.
 */
final class PrometheusMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  PrometheusMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    Metrics.addRegistry(registry);
  }

  void timeRequest(RoutingContext ctx) {
    Timer.Sample sample = Timer.start(registry);
    ctx.addBodyEndHandler(v -> sample.stop(Timer.builder("http.server.requests")
        .tag("method", ctx.request().method().name())
        .tag("route", routeOf(ctx))
        .tag("status", Integer.toString(ctx.response().getStatusCode()))
        .register(registry)));
    ctx.next();
  }

  void scrape(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
  }

  @Override
  public void close() {
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }

  /** The route pattern rather than the raw path, so that ids in paths do not explode the label set. */
  private static String routeOf(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    return route != null && route.getPath() != null ? route.getPath() : "other";
  }
}
