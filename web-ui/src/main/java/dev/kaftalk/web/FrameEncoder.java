package dev.kaftalk.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Writes the bridge's {@code rec} envelopes. A room message reaches every socket of every member as the same frame
 * instance ({@link dev.kaftalk.model.SharedFrames}), so the body is encoded once and only the short envelope around
 * it per socket. A frame delivered with a copy per consumer simply misses the one-entry cache.
 */
final class FrameEncoder {

  /** The last body encoded and its JSON; one immutable pair, so a reader on any thread sees a consistent one. */
  private record Encoded(Object body, String json) {
  }

  private volatile Encoded last = new Encoded(null, null);

  /** The bytes of {@code envelope}, a {@code {type, address, body}} the bridge built, possibly with headers. */
  Buffer encode(JsonObject envelope) {
    if (envelope.size() != 3 || !(envelope.getValue("body") instanceof JsonObject body)) {
      return Buffer.buffer(envelope.encode());
    }
    return encode(envelope.getString("type"), envelope.getString("address"), body);
  }

  /** The bytes the bridge would write for {@code body} received on {@code address}, as {@link #encode(JsonObject)}. */
  Buffer received(String address, JsonObject body) {
    return encode("rec", address, body);
  }

  private Buffer encode(String type, String address, JsonObject body) {
    Encoded cached = last;
    if (cached.body() != body) {
      cached = new Encoded(body, body.encode());
      last = cached;
    }
    return Buffer.buffer("{\"type\":" + Json.encode(type) + ",\"address\":" + Json.encode(address) + ",\"body\":"
        + cached.json() + "}");
  }
}
