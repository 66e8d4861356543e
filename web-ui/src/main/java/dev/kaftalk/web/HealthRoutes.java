package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code /health/live} answers while the process serves; {@code /health/ready} asks each service whether its
 * dependency (Kafka, the media bucket) answers and whether the quiet-hours service is serving, and is 200 only
 * when all of them do.
 */
final class HealthRoutes {

  private static final DeliveryOptions PROBE = new DeliveryOptions().setSendTimeout(5_000);
  private static final List<String> PROBED = List.of(Addresses.CHAT_HEALTH, Addresses.MEDIA_HEALTH,
      Addresses.DND_HEALTH);

  private final Vertx vertx;

  HealthRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    List<Future<Health>> probes = PROBED.stream().map(this::probe).toList();
    Future.join(probes).onComplete(done -> {
      List<Health> results = probes.stream().map(Future::result).toList();
      JsonArray checks = new JsonArray(results.stream().map(Health::toJson).toList());
      List<String> down = results.stream().filter(h -> !h.ready()).map(Health::detail).toList();
      if (down.isEmpty()) {
        ctx.json(new JsonObject().put("status", "UP").put("checks", checks));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(ApiError.body("not_ready", String.join("; ", down)).put("status", "DOWN").put("checks", checks));
      }
    });
  }

  private Future<Health> probe(String address) {
    return vertx.eventBus().<JsonObject>request(address, null, PROBE)
        .map(reply -> Health.fromJson(reply.body()))
        .otherwise(e -> Health.down(address, address + " did not answer: " + e.getMessage()));
  }
}
