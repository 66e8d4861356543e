package dev.kaftalk.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;

/**
 * The Vert.x instance of one Kaftalk instance, reporting Vert.x's own metrics (event bus, HTTP server and
 * WebSockets, pools, JVM) into that instance's registry, next to Kaftalk's meters.
 */
final class InstanceMetrics {

  private InstanceMetrics() {
  }

  static Vertx vertx(PrometheusMeterRegistry meters, String instanceId) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Named per instance: several instances in one JVM (as in tests) must not share or close each other's.
        .setRegistryName("kaftalk-" + instanceId)
        // Not the event-bus address: every user has an inbox address, which would explode the label set.
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_SIDE, Label.EB_FAILURE,
            Label.POOL_TYPE, Label.POOL_NAME));
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(meters))
        .build();
  }
}
