package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Finding people by name, passed on to the chat service for the session user. */
final class UserRoutes {

  private final ServiceCalls calls;

  UserRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** Mounted behind {@link RequireSession}. */
  void mount(Router router) {
    router.get("/api/users").handler(this::find);
  }

  private void find(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    RoomRoutes.putIfPresent(query, "q", ctx.request().getParam("q"));
    RoomRoutes.putIfPresent(query, "room", ctx.request().getParam("room"));
    calls.<JsonArray>asUser(Addresses.USERS_FIND, query, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
