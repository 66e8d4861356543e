package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/** Rooms, their history and their shared media, passed on to the chat service for the session user. */
final class RoomRoutes {

  private final ServiceCalls calls;

  RoomRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** Mounted behind {@link RequireSession}. */
  void mount(Router router) {
    router.get("/api/rooms").handler(this::list);
    router.post("/api/rooms").handler(JsonBody.handler()).handler(this::create);
    router.post("/api/rooms/:id/join").handler(ctx -> membership(ctx, Addresses.ROOMS_JOIN));
    router.post("/api/rooms/:id/leave").handler(ctx -> membership(ctx, Addresses.ROOMS_LEAVE));
    router.post("/api/rooms/:id/invite").handler(JsonBody.handler()).handler(this::invite);
    router.post("/api/dms").handler(JsonBody.handler()).handler(this::startDirectMessage);
    router.get("/api/rooms/:id/messages").handler(this::history);
    router.get("/api/rooms/:id/media").handler(this::media);
    router.patch("/api/rooms/:id/messages/:messageId").handler(JsonBody.handler()).handler(this::edit);
    router.delete("/api/rooms/:id/messages/:messageId").handler(this::delete);
    router.put("/api/rooms/:id/read").handler(JsonBody.handler()).handler(this::read);
    router.put("/api/rooms/:id/notifications").handler(JsonBody.handler()).handler(this::notifications);
  }

  private void list(RoutingContext ctx) {
    calls.<JsonArray>asUser(Addresses.ROOMS_LIST, null, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    JsonObject room = new JsonObject().put("name", body.getValue("name"));
    if (body.containsKey("private")) {
      room.put("private", body.getValue("private"));
    }
    calls.<JsonObject>asUser(Addresses.ROOMS_CREATE, room, RequireSession.user(ctx))
        .onSuccess(created -> {
          ctx.response().setStatusCode(201);
          ctx.json(created);
        })
        .onFailure(ctx::fail);
  }

  private void membership(RoutingContext ctx, String address) {
    calls.asUser(address, roomOf(ctx), RequireSession.user(ctx))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void invite(RoutingContext ctx) {
    JsonObject invite = roomOf(ctx).put("username", JsonBody.object(ctx).getValue("username"));
    calls.asUser(Addresses.ROOMS_INVITE, invite, RequireSession.user(ctx))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** 201 when this request started the conversation, 200 when it existed: {@code {room}} either way. */
  private void startDirectMessage(RoutingContext ctx) {
    JsonObject people = new JsonObject().put("usernames", JsonBody.object(ctx).getValue("usernames"));
    calls.<JsonObject>asUser(Addresses.DMS_START, people, RequireSession.user(ctx))
        .onSuccess(started -> {
          ctx.response().setStatusCode(started.getBoolean("created", false) ? 201 : 200);
          ctx.json(new JsonObject().put("room", started.getJsonObject("room")));
        })
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    page(ctx, Addresses.ROOMS_HISTORY, "before", "after", "around");
  }

  private void media(RoutingContext ctx) {
    page(ctx, Addresses.ROOMS_MEDIA, "kind", "before");
  }

  /** A page of the room: the query's {@code params} that are present, and its {@code limit}, passed on as they are. */
  private void page(RoutingContext ctx, String address, String... params) {
    JsonObject query = roomOf(ctx);
    for (String param : params) {
      putIfPresent(query, param, ctx.request().getParam(param));
    }
    putLimit(ctx, query);
    calls.<JsonObject>asUser(address, query, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    JsonObject edit = messageOf(ctx).put("text", JsonBody.object(ctx).getValue("text"));
    calls.<JsonObject>asUser(Addresses.CHAT_EDIT, edit, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    calls.asUser(Addresses.CHAT_DELETE, messageOf(ctx), RequireSession.user(ctx))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void read(RoutingContext ctx) {
    JsonObject read = roomOf(ctx).put("cursor", JsonBody.object(ctx).getValue("cursor"));
    calls.<JsonObject>asUser(Addresses.ROOMS_READ, read, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void notifications(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    JsonObject choice = roomOf(ctx).put("level", body.getValue("level")).put("muteUntil", body.getValue("muteUntil"));
    calls.<JsonObject>asUser(Addresses.ROOMS_NOTIFICATIONS, choice, RequireSession.user(ctx))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static JsonObject messageOf(RoutingContext ctx) {
    return roomOf(ctx).put("messageId", ctx.pathParam("messageId"));
  }

  private static JsonObject roomOf(RoutingContext ctx) {
    return new JsonObject().put("roomId", ctx.pathParam("id"));
  }

  static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** The query's {@code limit}, if given, as the whole number the services expect. */
  static void putLimit(RoutingContext ctx, JsonObject query) {
    String limit = ctx.request().getParam("limit");
    if (limit != null) {
      try {
        query.put("limit", Integer.parseInt(limit));
      } catch (NumberFormatException e) {
        throw new HttpException(400, "limit must be a whole number.");
      }
    }
  }
}
