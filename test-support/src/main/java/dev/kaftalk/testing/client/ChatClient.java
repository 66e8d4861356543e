package dev.kaftalk.testing.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;

import java.util.Map;

/**
 * A user of the public contract, as an outside client would be: REST with the session cookie, and the SockJS
 * bridge over its raw WebSocket endpoint. Tests use it to check what a user would see.
 */
public final class ChatClient {

  private final Vertx vertx;
  private final WebClientSession http;
  private final String host;
  private int port;
  private final String username;

  private ChatClient(Vertx vertx, int port, String username) {
    this.vertx = vertx;
    this.host = "127.0.0.1";
    this.port = port;
    this.username = username;
    this.http = WebClientSession.create(WebClient.create(vertx));
  }

  /** Registers a new account and keeps its session cookie. */
  public static Future<ChatClient> register(Vertx vertx, int port, String username, String password) {
    ChatClient client = new ChatClient(vertx, port, username);
    return client.call(HttpMethod.POST, "/api/auth/register", new JsonObject().put("username", username).put("password", password))
        .compose(r -> r.statusCode() == 201 ? Future.succeededFuture(client)
            : Future.failedFuture("register " + username + " answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** Logs an existing account in and keeps its session cookie. */
  public static Future<ChatClient> login(Vertx vertx, int port, String username, String password) {
    ChatClient client = new ChatClient(vertx, port, username);
    return client.call(HttpMethod.POST, "/api/auth/login", new JsonObject().put("username", username).put("password", password))
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(client)
            : Future.failedFuture("login " + username + " answered " + r.statusCode() + " " + r.bodyAsString()));
  }

  /** Someone who never signed in. */
  public static ChatClient anonymous(Vertx vertx, int port) {
    return new ChatClient(vertx, port, null);
  }

  public String username() {
    return username;
  }

  /** Points this client at another instance; the session cookie stays valid there. */
  public ChatClient moveTo(int otherPort) {
    this.port = otherPort;
    return this;
  }

  public int port() {
    return port;
  }

  public Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = http.request(method, port, host, path);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> get(String path) {
    return call(HttpMethod.GET, path, null);
  }

  public Future<JsonObject> createRoom(String name) {
    return expect(call(HttpMethod.POST, "/api/rooms", new JsonObject().put("name", name)), 201).map(HttpResponse::bodyAsJsonObject);
  }

  public Future<Void> join(String roomId) {
    return expect(call(HttpMethod.POST, "/api/rooms/" + roomId + "/join", null), 204).mapEmpty();
  }

  public Future<Void> leave(String roomId) {
    return expect(call(HttpMethod.POST, "/api/rooms/" + roomId + "/leave", null), 204).mapEmpty();
  }

  public Future<JsonArray> rooms() {
    return expect(get("/api/rooms"), 200).map(HttpResponse::bodyAsJsonArray);
  }

  /** {@code query} such as {@code "after=12&limit=200"}, or empty for the latest page. */
  public Future<JsonArray> history(String roomId, String query) {
    String path = "/api/rooms/" + roomId + "/messages" + (query.isEmpty() ? "" : "?" + query);
    return expect(get(path), 200).map(r -> r.bodyAsJsonObject().getJsonArray("messages"));
  }

  /**
   * Uploads {@code bytes} to a room as a browser form would: multipart field {@code file} named {@code fileName}
   * with the declared {@code contentType}, plus the extra form {@code fields} (durationMs, clientMsgId).
   */
  public Future<HttpResponse<Buffer>> upload(String roomId, String fileName, Buffer bytes, String contentType,
                                             Map<String, String> fields) {
    MultipartForm form = MultipartForm.create();
    fields.forEach(form::attribute);
    form.binaryFileUpload("file", fileName, bytes, contentType);
    return http.post(port, host, "/api/rooms/" + roomId + "/media").sendMultipartForm(form);
  }

  /** Uploads a file streamed from disk (the client holds no copy of it), with no extra form fields. */
  public Future<HttpResponse<Buffer>> uploadFile(String roomId, java.nio.file.Path file, String contentType) {
    MultipartForm form = MultipartForm.create()
        .binaryFileUpload("file", file.getFileName().toString(), file.toString(), contentType);
    return http.post(port, host, "/api/rooms/" + roomId + "/media").sendMultipartForm(form);
  }

  /** A raw request, for bodies no well-behaved client would send. */
  public Future<HttpResponse<Buffer>> sendRaw(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> request = http.request(method, port, host, path);
    headers.forEach(request::putHeader);
    return request.sendBuffer(body);
  }

  /** Opens the bridge with this user's session cookie and registers the user's own inbox. */
  public Future<BridgeConnection> connect() {
    WebSocketClient ws = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(host).setPort(port).setURI("/eventbus/websocket")
        .addHeader("Cookie", sessionCookie());
    return ws.connect(options).map(socket -> new BridgeConnection(vertx, ws, socket))
        .compose(bridge -> bridge.register("client.inbox." + username).map(bridge));
  }

  /** The raw {@code Cookie} header value a browser would send. */
  public String sessionCookie() {
    StringBuilder header = new StringBuilder();
    http.cookieStore().get(false, host, "/").forEach(c -> {
      if (!header.isEmpty()) {
        header.append("; ");
      }
      header.append(c.name()).append('=').append(c.value());
    });
    return header.toString();
  }

  private static Future<HttpResponse<Buffer>> expect(Future<HttpResponse<Buffer>> response, int status) {
    return response.compose(r -> r.statusCode() == status ? Future.succeededFuture(r)
        : Future.failedFuture("expected " + status + " but got " + r.statusCode() + " " + r.bodyAsString()));
  }
}
