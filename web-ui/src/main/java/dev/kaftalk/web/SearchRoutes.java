package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/** The lists of messages across the session user's rooms, search and mentions, passed on to the chat service. */
final class SearchRoutes {

  /** Searches are refused per second, so one second is when the next one may go. */
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ServiceCalls calls;

  SearchRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** Mounted behind {@link RequireSession}. */
  void mount(Router router) {
    router.get("/api/search").handler(this::search);
    router.get("/api/mentions").handler(this::mentions);
  }

  private void mentions(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    RoomRoutes.putIfPresent(query, "before", ctx.request().getParam("before"));
    RoomRoutes.putLimit(ctx, query);
    calls.<JsonObject>asUser(Addresses.CHAT_MENTIONS, query, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    for (String name : new String[] {"q", "room", "before", "tz"}) {
      RoomRoutes.putIfPresent(query, name, ctx.request().getParam(name));
    }
    RoomRoutes.putLimit(ctx, query);
    calls.<JsonObject>asUser(Addresses.CHAT_SEARCH, query, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(e -> {
          if (e instanceof HttpException http && http.getStatusCode() == 429) {
            ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
          }
          ctx.fail(e);
        });
  }
}
