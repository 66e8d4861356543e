package dev.kaftalk.testing.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded generator of malformed requests against the public contract: wrong JSON types, huge numbers, deep
 * nesting, invalid UTF-8, truncated and oversize bodies, unknown bridge frame types (names, and values that are
 * not strings), bogus cursors and path tricks in ids. The same seed gives the same sequence, so a failure reproduces.
 */
public final class MalformedInputs {

  /** One REST request to make. */
  public record RestProbe(HttpMethod method, String path, String contentType, Buffer body) {

    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 120 ? body.getString(0, 120) + "..." : body.toString();
      return method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path) + " [" + contentType + "] "
          + shown;
    }
  }

  private static final List<String> ADDRESSES = List.of("server.chat.send", "server.chat.typing",
      "server.chat.edit", "server.chat.delete", "server.chat.react", "media.delete", "chat.rooms.list", "chat.account.login", "edge.bridge.send", "client.inbox.", "", "server.chat.send\u0000");
  /** Every this many REST probes, one asks for a room's media listing. */
  private static final int MEDIA_LISTING_EVERY = 16;
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "text/plain", "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded",
      "application/octet-stream", "");

  private final Random random;
  /**
   * The media listing's probes draw from their own sequence, so that the other probes stay those every earlier run
   * of a seed sent (a failure found with a seed reproduces with it).
   */
  private final Random listingRandom;
  private int restProbes;
  private final String memberRoom;
  private final String foreignRoom;

  public MalformedInputs(long seed, String memberRoom, String foreignRoom) {
    this.random = new Random(seed);
    this.listingRandom = new Random(~seed);
    this.memberRoom = memberRoom;
    this.foreignRoom = foreignRoom;
  }

  public RestProbe rest() {
    if (++restProbes % MEDIA_LISTING_EVERY == 0) {
      return mediaListing();
    }
    String room = pick(List.of(memberRoom, foreignRoom, id()));
    return switch (random.nextInt(15)) {
      case 0 -> new RestProbe(HttpMethod.POST, "/api/auth/register", contentType(), body(this::credentials));
      case 1 -> new RestProbe(HttpMethod.POST, "/api/auth/login", contentType(), body(this::credentials));
      case 2 -> new RestProbe(HttpMethod.POST, "/api/rooms", contentType(), body(() -> new JsonObject().put("name", value())));
      case 3 -> new RestProbe(HttpMethod.POST, "/api/rooms/" + room + pick(List.of("/join", "/leave")), contentType(),
          random.nextBoolean() ? null : body(() -> new JsonObject().put("roomId", value())));
      case 4 -> new RestProbe(HttpMethod.GET, "/api/rooms/" + room + "/messages?" + historyQuery(), null, null);
      case 5 -> new RestProbe(pick(List.of(HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.PUT, HttpMethod.OPTIONS)),
          "/api/" + pick(List.of("rooms", "me", "auth/login", "rooms/" + room)), contentType(), body(this::anyJson));
      case 6 -> new RestProbe(HttpMethod.GET, "/api/" + id() + "/" + id(), null, null);
      case 7 -> new RestProbe(HttpMethod.POST, "/api/rooms/" + room + "/media", "multipart/form-data; boundary=zz",
          multipart());
      case 8 -> new RestProbe(HttpMethod.GET, "/api/media/" + pick(List.of(room + "." + id(), id(), room + ".."))
          + pick(List.of("", "/preview", "/../../x")), null, null);
      case 9 -> new RestProbe(HttpMethod.POST, "/api/auth/password", contentType(),
          body(() -> new JsonObject().put("currentPassword", value()).put("newPassword", value())));
      case 10 -> new RestProbe(pick(List.of(HttpMethod.PUT, HttpMethod.GET)), "/api/settings/quiet-hours", contentType(),
          body(this::quietHours));
      case 11 -> new RestProbe(HttpMethod.GET, "/api/search?" + searchQuery(room), null, null);
      case 12 -> new RestProbe(HttpMethod.GET, "/api/users?" + pick(List.of("q=", "q=%40", "q=a&q=")) + queryValue(),
          null, null);
      case 13 -> new RestProbe(pick(List.of(HttpMethod.PATCH, HttpMethod.DELETE)), "/api/rooms/" + room
          + "/messages/" + id(), contentType(), body(() -> new JsonObject().put("text", value())));
      case 14 -> new RestProbe(HttpMethod.PUT, "/api/rooms/" + room + "/read", contentType(),
          body(() -> new JsonObject().put("cursor", value())));
      default -> new RestProbe(HttpMethod.POST, "/api/auth/logout-nope", contentType(), body(this::anyJson));
    };
  }

  /** A text frame for the bridge's raw WebSocket endpoint; the caller keeps frames within the size limit. */
  public String bridgeFrame() {
    return switch (random.nextInt(7)) {
      case 0 -> truncated(sendFrame().encode());
      case 1 -> new JsonObject().put("type", random.nextBoolean()
              ? pick(List.of("sned", "", "rec", "err", "ping ", "REGISTER"))
              : pick(List.of(-1L, Long.MAX_VALUE, true, false, 1.5e300, new JsonObject().put("send", 1),
                  new JsonArray().add("send"))))
          .put("address", pick(ADDRESSES)).encode();
      case 2 -> new JsonObject().put("type", pick(List.of("register", "unregister")))
          .put("address", pick(ADDRESSES) + (random.nextBoolean() ? "someone" : id())).encode();
      case 3 -> sendFrame().put("replyAddress", random.nextBoolean() ? "r".repeat(37 + random.nextInt(200)) : value())
          .encode();
      case 4 -> sendFrame().put("headers", new JsonObject().put("kaftalk-user", "someone-else")).encode();
      case 5 -> deepNesting(200 + random.nextInt(5_000));
      default -> sendFrame().encode();
    };
  }

  public boolean nextBoolean(int oneIn) {
    return random.nextInt(oneIn) == 0;
  }

  private JsonObject sendFrame() {
    JsonObject body = new JsonObject().put("roomId", pick(List.of(memberRoom, foreignRoom, id())))
        .put("text", value()).put("clientMsgId", value());
    if (random.nextBoolean()) {
      // Edits, deletes and reactions name a message, an emoji and a switch.
      body.put("messageId", value()).put("emoji", pick(List.of("\uD83D\uDC4D", "\uD83D\uDC4D\uD83D\uDC4D", "ok",
          "\u200D", "1\uFE0F\u20E3"))).put("on", value());
    }
    if (random.nextBoolean()) {
      body.put(pick(List.of("roomId", "text", "clientMsgId", "messageId", "emoji", "on")), anyJson());
    }
    return new JsonObject().put("type", pick(List.of("send", "publish"))).put("address", pick(ADDRESSES))
        .put("body", random.nextInt(5) == 0 ? value() : body);
  }

  /** Multipart bodies with odd names, types, fields and bytes, some cut off or malformed. */
  private Buffer multipart() {
    String fileName = pick(List.of("cat.png", "../../etc/passwd", "a\"b.png", "%00.png", "x".repeat(2_000), "",
        "..\\..\\win.ini", "invoice\u202Efdp.exe", "\u00dcberblick \u2013 Q3.xlsx", "."));
    String field = pick(List.of("file", "File", "", "file\"; filename=\"y", "durationMs", "waveform"));
    byte[] content = new byte[random.nextInt(4_096)];
    random.nextBytes(content);
    if (random.nextBoolean()) {
      // A PNG signature in front of junk: the type check must look past the first bytes.
      System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, content, 0,
          Math.min(8, content.length));
    }
    Buffer body = Buffer.buffer();
    if (random.nextBoolean()) {
      body.appendString("--zz\r\nContent-Disposition: form-data; name=\"durationMs\"\r\n\r\n" + value() + "\r\n");
    }
    if (random.nextBoolean()) {
      // A waveform of any JSON type, size or shape: only 64 integers 0-255 pass, anything else is a 400.
      Object waveform = random.nextBoolean() ? anyJson() : new io.vertx.core.json.JsonArray(
          java.util.Collections.nCopies(pick(List.of(0, 63, 64, 65, 100_000)), pick(List.of(-1, 0, 255, 256))));
      body.appendString("--zz\r\nContent-Disposition: form-data; name=\"waveform\"\r\n\r\n" + waveform + "\r\n");
    }
    body.appendString("--zz\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + pick(List.of("image/png", "text/html", "audio/ogg", "", "x/" + id())) + "\r\n\r\n")
        .appendBytes(content).appendString("\r\n");
    if (!nextBoolean(4)) {
      body.appendString("--zz--\r\n");
    }
    return random.nextInt(5) == 0 ? body.getBuffer(0, random.nextInt(body.length() + 1)) : body;
  }

  /** Quiet-hours settings with any field missing, of a wrong type or out of range. */
  private JsonObject quietHours() {
    JsonObject settings = new JsonObject();
    for (String field : List.of("enabled", "zone", "days", "start", "end", "snoozeUntil", "skipUntil")) {
      if (random.nextInt(4) > 0) {
        settings.put(field, random.nextBoolean() ? value() : plausible(field));
      }
    }
    return settings;
  }

  private Object plausible(String field) {
    return switch (field) {
      case "enabled" -> random.nextBoolean();
      case "zone" -> pick(List.of("UTC", "Europe/Berlin", "Mars/Olympus", "../../etc/passwd", "+25:00"));
      case "days" -> new JsonArray(List.of(pick(List.of("MON", "SUN", "mon", "HOLIDAY"))));
      case "start", "end" -> pick(List.of("22:00", "07:00", "24:00", "7:5", "23:59:59", "-01:00"));
      default -> pick(List.of(Long.MAX_VALUE, -1L, 0L, 4_102_444_800_000L));
    };
  }

  private JsonObject credentials() {
    return new JsonObject().put("username", value()).put("password", value());
  }

  private Buffer body(Supplier<Object> json) {
    return switch (random.nextInt(6)) {
      case 0 -> Buffer.buffer(truncated(String.valueOf(encode(json.get()))));
      case 1 -> invalidUtf8();
      case 2 -> Buffer.buffer(deepNesting(1_000 + random.nextInt(20_000)));
      case 3 -> Buffer.buffer(encode(anyJson()));
      default -> Buffer.buffer(encode(json.get()));
    };
  }

  private String historyQuery() {
    return pick(List.of("before=", "after=", "around=", "limit=", "before=1&after=", "around=1&before=", "limit=-"))
        + queryValue();
  }

  /** {@code GET /api/rooms/{id}/media} with a kind, cursor or page size of a type or range the field does not take. */
  private RestProbe mediaListing() {
    List<Object> values = List.of("", "image", "IMAGE", "file", "voice,video", "null", "true", "-1", "0", "1.5",
        "1e3", "99999999999999999999", Long.toString(Long.MAX_VALUE), "%5B1%5D", "%7B%7D", "image%00", "%2e%2e%2f",
        "9".repeat(400), "x".repeat(5_000));
    List<String> room = List.of(memberRoom, foreignRoom, "..", "a".repeat(300));
    List<String> fields = List.of("kind", "before", "limit");
    StringBuilder query = new StringBuilder();
    int fieldCount = 1 + listingRandom.nextInt(3);
    for (int i = 0; i < fieldCount; i++) {
      query.append(i == 0 ? "" : "&").append(fields.get(listingRandom.nextInt(fields.size()))).append('=')
          .append(values.get(listingRandom.nextInt(values.size())));
    }
    return new RestProbe(HttpMethod.GET, "/api/rooms/" + room.get(listingRandom.nextInt(room.size())) + "/media?"
        + query, null, null);
  }

  /** A search whose query, room, cursor, limit or zone is of any type, often not the one the field wants. */
  private String searchQuery(String room) {
    return pick(List.of("q=", "q=from:", "q=in:%22", "q=before:", "q=has:", "q=hello&room=" + room + "&before=",
        "q=hello&limit=", "q=hello&tz=")) + queryValue();
  }

  private String queryValue() {
    return String.valueOf(value()).replace("%", "%25").replace("&", "%26").replace("#", "%23").replace(" ", "%20")
        .replace("+", "%2B");
  }

  /** A value of a random JSON type, often not the one a field wants. */
  private Object value() {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> random.nextLong();
      case 2 -> "9".repeat(1 + random.nextInt(400));
      case 3 -> random.nextDouble() * Double.MAX_VALUE;
      case 4 -> random.nextBoolean();
      case 5 -> new JsonArray().add(id()).add(new JsonObject());
      case 6 -> "x".repeat(random.nextInt(70_000));
      case 7 -> pick(List.of("../../etc/passwd", "%2e%2e%2f", "a\u0000b", "\uD83D\uDE00", "<script>", " ", "-1"));
      default -> id();
    };
  }

  private Object anyJson() {
    Object value = value();
    return random.nextBoolean() ? value : new JsonArray().add(value).add(value());
  }

  private String id() {
    return pick(List.of("..", "%2F..%2F", "room%00", "a".repeat(300), "12345678-1234-1234-1234-123456789012",
        "%F0%28%8C%28", "r" + random.nextInt(1000)));
  }

  private String contentType() {
    return pick(CONTENT_TYPES);
  }

  private String truncated(String text) {
    return text.isEmpty() ? text : text.substring(0, random.nextInt(text.length()));
  }

  private static String deepNesting(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private Buffer invalidUtf8() {
    byte[] bytes = ("{\"username\":\"" + id() + "\"}").getBytes(StandardCharsets.UTF_8);
    bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x40));
    bytes[random.nextInt(bytes.length)] = (byte) 0xFF;
    return Buffer.buffer(bytes);
  }

  private static String encode(Object json) {
    return json instanceof JsonObject o ? o.encode() : json instanceof JsonArray a ? a.encode()
        : json instanceof String s ? new JsonArray().add(s).encode().substring(1).replaceAll("]$", "")
        : String.valueOf(json);
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
