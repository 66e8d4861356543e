package dev.kaftalk.app;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Who may do what, for every REST route the edge serves and every bridge address of the contract, from one table:
 * an anonymous caller, a signed-in user who is not a member of the room (or not the owner of what is asked for), and
 * the member. A route or bridge address missing from the table fails the test, so a new one must be added here.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class AuthorizationMatrixIT {

  private static final String PASSWORD = "correct horse battery";
  /** Not applicable: routes anyone may call (sign-up and sign-in) are checked as the anonymous caller only. */
  private static final int PUBLIC = 0;

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();
  private static int port;

  @BeforeAll
  static void port() {
    port = app.port();
  }

  /**
   * What the callers work on: a room only the member is in, a room anyone may join, a media item and a text message
   * of the member's in the first.
   */
  private record Scene(String room, String openRoom, String mediaId, String mediaCursor, String messageId,
                       String member, String outsider, String invitee) {
  }

  /** One REST route: how to call it as a given client, and the status each caller must get. */
  private record RestRow(BiFunction<ChatClient, Scene, Future<HttpResponse<Buffer>>> call, int anonymous,
                         int outsider, int member) {
  }

  private static Map<String, RestRow> restTable() {
    Map<String, RestRow> table = new LinkedHashMap<>();
    table.put("POST /api/auth/register", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/auth/register",
        new JsonObject().put("username", SharedInfra.unique("new")).put("password", PASSWORD)), 201, PUBLIC, PUBLIC));
    table.put("POST /api/auth/login", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/auth/login",
        new JsonObject().put("username", "nobody-" + SharedInfra.unique("x")).put("password", PASSWORD)), 401, PUBLIC,
        PUBLIC));
    table.put("GET /api/me", new RestRow((c, s) -> c.get("/api/me"), 401, 200, 200));
    // Public: who is signed in, if anyone (username null for a visitor).
    table.put("GET /api/session", new RestRow((c, s) -> c.get("/api/session"), 200, 200, 200));
    table.put("GET /api/rooms", new RestRow((c, s) -> c.get("/api/rooms"), 401, 200, 200));
    table.put("POST /api/rooms", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/rooms",
        new JsonObject().put("name", SharedInfra.unique("r"))), 401, 201, 201));
    table.put("POST /api/rooms/:id/join", new RestRow((c, s) -> c.call(HttpMethod.POST,
        "/api/rooms/" + s.openRoom() + "/join", null), 401, 204, 204));
    table.put("POST /api/rooms/:id/leave", new RestRow((c, s) -> c.call(HttpMethod.POST,
        "/api/rooms/" + s.openRoom() + "/leave", null), 401, 204, 204));
    table.put("POST /api/rooms/:id/invite", new RestRow((c, s) -> c.call(HttpMethod.POST,
        "/api/rooms/" + s.room() + "/invite", new JsonObject().put("username", s.invitee())), 401, 403, 204));
    // The outsider starts a conversation with the member; the member asking for the same one gets it back.
    table.put("POST /api/dms", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/dms", new JsonObject()
        .put("usernames", new JsonArray().add(s.member().equals(c.username()) ? s.outsider() : s.member()))), 401, 201,
        200));
    table.put("GET /api/rooms/:id/messages", new RestRow((c, s) -> c.get("/api/rooms/" + s.room() + "/messages"),
        401, 403, 200));
    table.put("GET /api/rooms/:id/media", new RestRow((c, s) -> c.get("/api/rooms/" + s.room() + "/media?kind=image"),
        401, 403, 200));
    table.put("GET /api/search", new RestRow((c, s) -> c.get("/api/search?q=hello&room=" + s.room()), 401, 403,
        200));
    // Asked for a room's members (the @ autocomplete): only a member; without room= anyone signed in (UsersIT).
    table.put("GET /api/users", new RestRow((c, s) -> c.get("/api/users?q=m&room=" + s.room()), 401, 403, 200));
    // Anyone signed in has a list of mentions; it holds only the rooms the caller is in (MentionsIT).
    table.put("GET /api/mentions", new RestRow((c, s) -> c.get("/api/mentions"), 401, 200, 200));
    table.put("GET /api/settings/quiet-hours", new RestRow((c, s) -> c.get("/api/settings/quiet-hours"), 401, 200,
        200));
    table.put("PUT /api/settings/quiet-hours", new RestRow((c, s) -> c.call(HttpMethod.PUT,
        "/api/settings/quiet-hours", new JsonObject().put("enabled", false).put("zone", "UTC")
            .put("days", new JsonArray().add("MON")).put("start", "22:00").put("end", "07:00")
            .putNull("snoozeUntil")), 401, 200, 200));
    table.put("POST /api/rooms/:id/media", new RestRow((c, s) -> c.upload(s.room(), "dot.png",
        MediaFixtures.image("png", 8, 8), "image/png", Map.of()), 401, 403, 201));
    table.put("GET /api/media/:id", new RestRow((c, s) -> c.get("/api/media/" + s.mediaId()), 401, 403, 200));
    table.put("GET /api/media/:id/preview", new RestRow((c, s) -> c.get("/api/media/" + s.mediaId() + "/preview"),
        401, 403, 200));
    table.put("PUT /api/rooms/:id/read", new RestRow((c, s) -> c.call(HttpMethod.PUT,
        "/api/rooms/" + s.room() + "/read", new JsonObject().put("cursor", s.mediaCursor())), 401, 403, 200));
    table.put("PUT /api/rooms/:id/notifications", new RestRow((c, s) -> c.call(HttpMethod.PUT,
        "/api/rooms/" + s.room() + "/notifications", new JsonObject().put("level", "mentions")), 401, 403, 200));
    table.put("PATCH /api/rooms/:id/messages/:messageId", new RestRow((c, s) -> c.call(HttpMethod.PATCH,
        "/api/rooms/" + s.room() + "/messages/" + s.messageId(), new JsonObject().put("text", "edited")), 401, 403,
        200));
    table.put("DELETE /api/rooms/:id/messages/:messageId", new RestRow((c, s) -> c.call(HttpMethod.DELETE,
        "/api/rooms/" + s.room() + "/messages/" + s.messageId(), null), 401, 403, 204));
    // The caller keeps its password (and gets a new cookie); every other session of it ends.
    table.put("POST /api/auth/password", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/auth/password",
        new JsonObject().put("currentPassword", PASSWORD).put("newPassword", PASSWORD)), 401, 200, 200));
    // Last: it ends the caller's sessions.
    table.put("POST /api/auth/logout", new RestRow((c, s) -> c.call(HttpMethod.POST, "/api/auth/logout", null), 401,
        204, 204));
    return table;
  }

  @Test
  void everyRouteAndBridgeAddressRefusesWhoMayNotAndServesWhoMay(Vertx vertx) throws IllegalAccessException {
    Map<String, RestRow> table = restTable();
    assertEquals(app.kaftalk().apiRoutes(), new TreeSet<>(table.keySet()), "every REST route needs a row in the table");
    assertEquals(bridgeAddressesOfTheContract(), Set.of(Addresses.CHAT_SEND, Addresses.CHAT_TYPING,
        Addresses.CHAT_EDIT, Addresses.CHAT_DELETE, Addresses.CHAT_REACT, Addresses.INBOX_PREFIX,
        Addresses.BRIDGE_SYNC),
        "every bridge address of the contract needs a check below");

    ChatClient member = await(ChatClient.register(vertx, port, SharedInfra.unique("mia"), PASSWORD));
    ChatClient outsider = await(ChatClient.register(vertx, port, SharedInfra.unique("otto"), PASSWORD));
    String room = await(member.createRoom(SharedInfra.unique("private"))).getString("id");
    String openRoom = await(member.createRoom(SharedInfra.unique("open"))).getString("id");
    HttpResponse<Buffer> uploaded = await(member.upload(room, "seed.png", MediaFixtures.image("png", 16, 16),
        "image/png", Map.of()));
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
    String messageId = checkBridge(vertx, member, outsider, room);
    JsonObject seed = uploaded.bodyAsJsonObject().getJsonObject("message");
    ChatClient invitee = await(ChatClient.register(vertx, port, SharedInfra.unique("ivy"), PASSWORD));
    Scene scene = new Scene(room, openRoom, seed.getJsonObject("media").getString("id"), seed.getString("cursor"),
        messageId, member.username(), outsider.username(), invitee.username());

    List<String> wrong = new ArrayList<>();
    table.forEach((route, row) -> {
      // A fresh client each time: signing up or in keeps a cookie.
      expect(wrong, route, "anonymous", await(row.call().apply(ChatClient.anonymous(vertx, port), scene)),
          row.anonymous());
      if (row.outsider() != PUBLIC) {
        expect(wrong, route, "outsider", await(row.call().apply(outsider, scene)), row.outsider());
        expect(wrong, route, "member", await(row.call().apply(member, scene)), row.member());
      }
    });
    assertEquals(List.of(), wrong);
  }

  /**
   * A private room and a direct message do not exist for someone outside them: not listed, and every call naming
   * one, REST or bridge, is 404 as for a room that never was; no frame of theirs (messages, presence, directory)
   * reaches the outsider's socket.
   */
  @Test
  void privateRoomsAndDirectMessagesDoNotExistForOutsiders(Vertx vertx) {
    ChatClient member = await(ChatClient.register(vertx, port, SharedInfra.unique("pia"), PASSWORD));
    ChatClient partner = await(ChatClient.register(vertx, port, SharedInfra.unique("pat"), PASSWORD));
    ChatClient outsider = await(ChatClient.register(vertx, port, SharedInfra.unique("oz"), PASSWORD));
    BridgeConnection outsiderSocket = await(outsider.connect());
    BridgeConnection memberSocket = await(member.connect());
    HttpResponse<Buffer> created = await(member.call(HttpMethod.POST, "/api/rooms",
        new JsonObject().put("name", SharedInfra.unique("secret")).put("private", true)));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    HttpResponse<Buffer> started = await(DirectMessagesIT.start(member, partner.username()));
    assertEquals(201, started.statusCode(), started.bodyAsString());
    List<String> hidden = List.of(created.bodyAsJsonObject().getString("id"),
        started.bodyAsJsonObject().getJsonObject("room").getString("id"));
    await(member.call(HttpMethod.POST, "/api/rooms/" + hidden.get(0) + "/invite",
        new JsonObject().put("username", partner.username())));

    List<String> wrong = new ArrayList<>();
    for (String room : hidden) {
      JsonObject seed = await(member.upload(room, "seed.png", MediaFixtures.image("png", 8, 8), "image/png", Map.of()))
          .bodyAsJsonObject().getJsonObject("message");
      String media = seed.getJsonObject("media").getString("id");
      String messageId = await(memberSocket.request(Addresses.CHAT_SEND, ChatContractIT.message(room, "whisper",
          SharedInfra.unique("w")))).getJsonObject("message").getString("id");
      BridgeConnection partnerSocket = await(partner.connect());
      await(partnerSocket.close());
      String message = "/api/rooms/" + room + "/messages/" + messageId;
      Map<String, Future<HttpResponse<Buffer>>> calls = new LinkedHashMap<>();
      calls.put("join", outsider.call(HttpMethod.POST, "/api/rooms/" + room + "/join", null));
      calls.put("leave", outsider.call(HttpMethod.POST, "/api/rooms/" + room + "/leave", null));
      calls.put("invite", outsider.call(HttpMethod.POST, "/api/rooms/" + room + "/invite",
          new JsonObject().put("username", outsider.username())));
      calls.put("history", outsider.get("/api/rooms/" + room + "/messages"));
      calls.put("media listing", outsider.get("/api/rooms/" + room + "/media?kind=image"));
      calls.put("search", outsider.get("/api/search?q=whisper&room=" + room));
      calls.put("upload", outsider.upload(room, "dot.png", MediaFixtures.image("png", 8, 8), "image/png", Map.of()));
      calls.put("media", outsider.get("/api/media/" + media));
      calls.put("preview", outsider.get("/api/media/" + media + "/preview"));
      calls.put("read", outsider.call(HttpMethod.PUT, "/api/rooms/" + room + "/read",
          new JsonObject().put("cursor", seed.getString("cursor"))));
      calls.put("notifications", outsider.call(HttpMethod.PUT, "/api/rooms/" + room + "/notifications",
          new JsonObject().put("level", "none")));
      calls.put("edit", outsider.call(HttpMethod.PATCH, message, new JsonObject().put("text", "mine")));
      calls.put("delete", outsider.call(HttpMethod.DELETE, message, null));
      calls.forEach((what, call) -> expect(wrong, what + " " + room, "outsider", await(call), 404));
      JsonObject target = new JsonObject().put("roomId", room).put("messageId", messageId);
      for (Map.Entry<String, JsonObject> bridgeCall : Map.of(
          Addresses.CHAT_SEND, ChatContractIT.message(room, "let me in", SharedInfra.unique("o")),
          Addresses.CHAT_EDIT, target.copy().put("text", "mine"),
          Addresses.CHAT_DELETE, target,
          Addresses.CHAT_REACT, target.copy().put("emoji", "\uD83D\uDC4D").put("on", true)).entrySet()) {
        Throwable refused = await(outsiderSocket.request(bridgeCall.getKey(), bridgeCall.getValue())
            .transform(ar -> Future.succeededFuture(ar.cause())));
        if (!(refused instanceof ReplyException reply) || reply.failureCode() != 404) {
          wrong.add(bridgeCall.getKey() + " " + room + " as outsider: " + refused);
        }
      }
      outsiderSocket.tell(Addresses.CHAT_TYPING, new JsonObject().put("roomId", room));
    }
    JsonArray listed = await(outsider.rooms());
    JsonArray searched = await(outsider.get("/api/search?q=whisper")).bodyAsJsonObject().getJsonArray("results");
    // Before looking at what reached the outsider's socket, wait for a frame of its own sent after everything above.
    String last = await(DirectMessagesIT.start(outsider, member.username())).bodyAsJsonObject().getJsonObject("room")
        .getString("id");
    await(outsiderSocket.awaitFrame(f -> f.encode().contains(last)));
    await(Future.all(memberSocket.close(), outsiderSocket.close()));

    assertEquals(List.of(), wrong);
    assertEquals(List.of(), listed.stream().filter(r -> hidden.contains(((JsonObject) r).getString("id"))).toList());
    assertEquals(new JsonArray(), searched);
    assertEquals(List.of(), outsiderSocket.frames().stream()
        .filter(f -> hidden.stream().anyMatch(id -> f.encode().contains(id))).toList(),
        "no frame of a hidden room reached the outsider");
  }

  /**
   * Anonymous sockets never open; the outsider cannot send into the room, type into it, listen to the member's
   * inbox (its sync speaks of its own socket only), or edit, delete or react to the member's message; the member can
   * do all of it.
   *
   * @return the id of the member's message, left for the REST rows
   */
  private static String checkBridge(Vertx vertx, ChatClient member, ChatClient outsider, String room) {
    Throwable anonymousSocket = await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket"))
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, anonymousSocket).getStatus());

    BridgeConnection memberSocket = await(member.connect());
    BridgeConnection outsiderSocket = await(outsider.connect());
    Throwable outsiderSend = await(outsiderSocket.request(Addresses.CHAT_SEND,
        ChatContractIT.message(room, "let me in", "o1")).transform(ar -> Future.succeededFuture(ar.cause())));
    assertEquals(403, assertInstanceOf(ReplyException.class, outsiderSend).failureCode());
    Throwable foreignInbox = await(outsiderSocket.register(Addresses.inbox(member.username()))
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertNotNull(foreignInbox, "registering another user's inbox is refused");
    // The sync tells a socket about its own registration only, whatever its body names.
    assertEquals(new JsonObject().put("inbox", true), await(outsiderSocket.request(Addresses.BRIDGE_SYNC,
        new JsonObject().put("username", member.username()).put("inbox", Addresses.inbox(member.username())))));

    // Typing signals of a room travel in one partition, in order: the member's own comes after the outsider's.
    outsiderSocket.tell(Addresses.CHAT_TYPING, new JsonObject().put("roomId", room));
    ChatClient second = await(ChatClient.register(vertx, port, SharedInfra.unique("max"), PASSWORD));
    await(second.join(room));
    BridgeConnection secondSocket = await(second.connect());
    secondSocket.tell(Addresses.CHAT_TYPING, new JsonObject().put("roomId", room));
    await(memberSocket.awaitFrame(f -> "typing".equals(f.getString("type"))
        && second.username().equals(f.getString("username"))));
    assertEquals(List.of(), memberSocket.frames().stream().filter(f -> "typing".equals(f.getString("type"))
        && outsider.username().equals(f.getString("username"))).toList(), "the outsider's typing reached the room");

    JsonObject sent = await(memberSocket.request(Addresses.CHAT_SEND, ChatContractIT.message(room, "mine", "m1")));
    assertEquals(member.username(), sent.getJsonObject("message").getString("author"));
    JsonObject target = new JsonObject().put("roomId", room).put("messageId", sent.getJsonObject("message")
        .getString("id"));
    JsonObject reaction = target.copy().put("emoji", "\uD83D\uDC4D").put("on", true);
    for (Map.Entry<String, JsonObject> change : Map.of(Addresses.CHAT_EDIT, target.copy().put("text", "mine now"),
        Addresses.CHAT_DELETE, target, Addresses.CHAT_REACT, reaction).entrySet()) {
      Throwable refused = await(outsiderSocket.request(change.getKey(), change.getValue())
          .transform(ar -> Future.succeededFuture(ar.cause())));
      assertEquals(403, assertInstanceOf(ReplyException.class, refused).failureCode(), change.getKey());
    }
    JsonObject reacted = await(memberSocket.request(Addresses.CHAT_REACT, reaction));
    assertEquals(1, reacted.getJsonObject("message").getJsonArray("reactions").getJsonObject(0).getInteger("count"));
    JsonObject edited = await(memberSocket.request(Addresses.CHAT_EDIT, target.copy().put("text", "mine, edited")));
    assertEquals("mine, edited", edited.getJsonObject("message").getString("text"));
    JsonObject other = await(memberSocket.request(Addresses.CHAT_SEND, ChatContractIT.message(room, "gone", "m2")));
    JsonObject deleted = await(memberSocket.request(Addresses.CHAT_DELETE, target.copy()
        .put("messageId", other.getJsonObject("message").getString("id"))));
    assertEquals(Boolean.TRUE, deleted.getJsonObject("message").getBoolean("deleted"));
    await(Future.all(memberSocket.close(), outsiderSocket.close(), secondSocket.close()));
    return sent.getJsonObject("message").getString("id");
  }

  private static void expect(List<String> wrong, String route, String caller, HttpResponse<Buffer> response,
                             int status) {
    if (response.statusCode() != status) {
      wrong.add(route + " as " + caller + ": " + response.statusCode() + " (expected " + status + ") "
          + response.bodyAsString());
    }
  }

  /** The contract's bridge addresses: the {@code server.*} and {@code client.*} constants of {@link Addresses}. */
  private static Set<String> bridgeAddressesOfTheContract() throws IllegalAccessException {
    Set<String> addresses = new TreeSet<>();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          && field.get(null) instanceof String value && (value.startsWith("server.") || value.startsWith("client."))) {
        addresses.add(value);
      }
    }
    return addresses;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
