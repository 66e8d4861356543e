package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The REST side of the contract the bench needs to set a run up: accounts, rooms, memberships, quiet hours. */
final class Accounts {

  static final String PASSWORD = "bench password";
  private static final String QUIET_HOURS = "/api/settings/quiet-hours";

  private final WebClient http;
  private final int port;

  Accounts(Vertx vertx, int port) {
    this.http = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(16));
    this.port = port;
  }

  /** Registers {@code name} and keeps the session cookie the server set. */
  Future<BenchUser> register(String name) {
    return expect(call(null, HttpMethod.POST, "/api/auth/register",
        new JsonObject().put("username", name).put("password", PASSWORD)), 201)
        .map(r -> new BenchUser(name, sessionCookie(r)));
  }

  /** Creates a room as {@code creator} (who joins it) and returns its id. */
  Future<String> createRoom(BenchUser creator, String name) {
    return expect(call(creator, HttpMethod.POST, "/api/rooms", new JsonObject().put("name", name)), 201)
        .map(r -> r.bodyAsJsonObject().getString("id"));
  }

  Future<Void> join(BenchUser user, String roomId) {
    return expect(call(user, HttpMethod.POST, "/api/rooms/" + roomId + "/join", null), 204).mapEmpty();
  }

  /** Quiet hours off but snoozed until {@code untilMs} (null ends the snooze): quiet now, for a while. */
  Future<Void> snooze(BenchUser user, Long untilMs) {
    JsonObject settings = new JsonObject().put("enabled", false).put("zone", "UTC")
        .put("days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"))
        .put("start", "22:00").put("end", "07:00").put("snoozeUntil", untilMs);
    return expect(call(user, HttpMethod.PUT, QUIET_HOURS, settings), 200).mapEmpty();
  }

  /** Answered by the quiet-hours service after everything handed to it before: "buffered by now". */
  Future<Void> quietHours(BenchUser user) {
    return expect(call(user, HttpMethod.GET, QUIET_HOURS, null), 200).mapEmpty();
  }

  /** A page of the room's history over REST, as the browser asks for it; null cursors are left out. */
  Future<JsonArray> history(BenchUser user, String roomId, String before, String after, int limit) {
    String query = "?limit=" + limit + (before == null ? "" : "&before=" + before)
        + (after == null ? "" : "&after=" + after);
    return expect(call(user, HttpMethod.GET, "/api/rooms/" + roomId + "/messages" + query, null), 200)
        .map(r -> r.bodyAsJsonObject().getJsonArray("messages"));
  }

  /** A page of search results over REST ({@code GET /api/search}), as the browser asks for it; a null room is all. */
  Future<JsonArray> search(BenchUser user, String query, String roomId, int limit) {
    String uri = "/api/search?limit=" + limit + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + (roomId == null ? "" : "&room=" + roomId);
    return expect(call(user, HttpMethod.GET, uri, null), 200).map(r -> r.bodyAsJsonObject().getJsonArray("results"));
  }

  /** Uploads {@code file} to a room as a browser form does (multipart field {@code file}). */
  Future<Void> upload(BenchUser user, String roomId, Path file, String contentType) {
    MultipartForm form = MultipartForm.create()
        .binaryFileUpload("file", file.getFileName().toString(), file.toString(), contentType);
    return expect(http.post(port, "127.0.0.1", "/api/rooms/" + roomId + "/media")
        .putHeader("Cookie", user.cookie()).sendMultipartForm(form), 201).mapEmpty();
  }

  void close() {
    http.close();
  }

  private Future<HttpResponse<Buffer>> call(BenchUser user, HttpMethod method, String path, JsonObject body) {
    var request = http.request(method, port, "127.0.0.1", path);
    if (user != null) {
      request.putHeader("Cookie", user.cookie());
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  /** The {@code name=value} pairs of the Set-Cookie headers, as a browser sends them back. */
  private static String sessionCookie(HttpResponse<Buffer> response) {
    return String.join("; ", response.cookies().stream().map(c -> c.split(";", 2)[0]).toList());
  }

  private static Future<HttpResponse<Buffer>> expect(Future<HttpResponse<Buffer>> response, int status) {
    return response.compose(r -> r.statusCode() == status ? Future.succeededFuture(r)
        : Future.failedFuture("expected " + status + ", got " + r.statusCode() + " " + r.bodyAsString()));
  }
}
