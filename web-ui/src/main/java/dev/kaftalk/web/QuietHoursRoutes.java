package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The session user's quiet-hours settings, passed on to the quiet-hours service. */
final class QuietHoursRoutes {

  private static final String PATH = "/api/settings/quiet-hours";

  private final ServiceCalls calls;

  QuietHoursRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** Mounted behind {@link RequireSession}. */
  void mount(Router router) {
    router.get(PATH).handler(ctx -> answer(ctx, Addresses.DND_SETTINGS_GET, null));
    router.put(PATH).handler(JsonBody.handler()).handler(ctx -> answer(ctx, Addresses.DND_SETTINGS_PUT, JsonBody.object(ctx)));
  }

  private void answer(RoutingContext ctx, String address, JsonObject body) {
    calls.<JsonObject>asUser(address, body, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
