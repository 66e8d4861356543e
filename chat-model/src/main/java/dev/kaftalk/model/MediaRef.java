package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * A reference to stored media bytes inside a message; the bytes themselves never travel through Kafka.
 *
 * @param durationMs voice clips only, null otherwise
 */
public record MediaRef(String id, String kind, String contentType, long size, Long durationMs) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("kind", kind).put("contentType", contentType)
        .put("size", size);
    return durationMs == null ? json : json.put("durationMs", durationMs);
  }

  public static MediaRef fromJson(JsonObject json) {
    return new MediaRef(json.getString("id"), json.getString("kind"), json.getString("contentType"),
        json.getLong("size", 0L), json.getLong("durationMs"));
  }
}
