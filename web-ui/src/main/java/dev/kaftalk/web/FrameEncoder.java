package dev.kaftalk.web;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Writes the bridge's {@code rec} envelopes as {@link FrameText} parts. A room message reaches every socket of every
 * member as the same frame instance ({@link dev.kaftalk.model.SharedFrames}), so the body is encoded once (and
 * escaped once for SockJS) and only the short envelope start per address, which a socket keeps for its inbox. A frame
 * delivered with a copy per consumer simply misses the one-entry cache.
 */
final class FrameEncoder {

  /** What closes an envelope after its body. */
  static final FrameText END = new FrameText("}");

  /** The last body encoded and its text; one immutable pair, so a reader on any thread sees a consistent one. */
  private record Encoded(Object body, FrameText text) {
  }

  private volatile Encoded last = new Encoded(null, null);

  /** The start of an envelope of {@code type} on {@code address}: its type, its address and the key of its body. */
  static FrameText head(String type, String address) {
    return new FrameText("{\"type\":" + Json.encode(type) + ",\"address\":" + Json.encode(address) + ",\"body\":");
  }

  /** {@code body}'s JSON text, encoded once however many sockets get it in a row. */
  FrameText body(JsonObject body) {
    Encoded cached = last;
    if (cached.body() != body) {
      cached = new Encoded(body, new FrameText(body.encode()));
      last = cached;
    }
    return cached.text();
  }

  /**
   * {@code envelope}, a {@code {type, address, body}} the bridge built, possibly with headers: its parts when its body
   * is an object (so a shared body is encoded once), or the whole envelope as one part.
   */
  FrameText[] parts(JsonObject envelope) {
    if (envelope.size() != 3 || !(envelope.getValue("body") instanceof JsonObject body)) {
      return new FrameText[] {new FrameText(envelope.encode())};
    }
    return new FrameText[] {head(envelope.getString("type"), envelope.getString("address")), body(body), END};
  }
}
