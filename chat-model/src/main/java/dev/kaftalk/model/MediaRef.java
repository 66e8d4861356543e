package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * A reference to stored media bytes inside a message ({@code {id, kind, contentType, size, width?, height?,
 * durationMs?}}); the bytes themselves never travel through Kafka.
 *
 * @param kind       {@link #IMAGE} or {@link #VOICE}
 * @param width      images only, in pixels; null otherwise
 * @param height     images only, in pixels; null otherwise
 * @param durationMs voice clips only, null when neither the file nor a plausible client value says
 */
public record MediaRef(String id, String kind, String contentType, long size, Integer width, Integer height,
                       Long durationMs) {

  public static final String IMAGE = "image";
  public static final String VOICE = "voice";

  /** A reference on its own; inside a message record it is the {@code media} field. */
  public static final Codec<MediaRef> CODEC = JsonCodec.of(MediaRef::toJson, MediaRef::fromRecord);

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("kind", kind).put("contentType", contentType)
        .put("size", size);
    putIfSet(json, "width", width);
    putIfSet(json, "height", height);
    putIfSet(json, "durationMs", durationMs);
    return json;
  }

  public static MediaRef fromJson(JsonObject json) {
    return new MediaRef(json.getString("id"), json.getString("kind"), json.getString("contentType"),
        json.getLong("size", 0L), json.getInteger("width"), json.getInteger("height"), json.getLong("durationMs"));
  }

  /**
   * Reads a reference the media service wrote, which names its stored object and says what it is.
   *
   * @throws UnreadableRecordException if the id, kind or content type is missing
   * @throws ClassCastException        if a field has the wrong type
   */
  public static MediaRef fromRecord(JsonObject json) {
    return new MediaRef(JsonCodec.required(json, "id"), JsonCodec.required(json, "kind"),
        JsonCodec.required(json, "contentType"), json.getLong("size", 0L), json.getInteger("width"),
        json.getInteger("height"), json.getLong("durationMs"));
  }

  private static void putIfSet(JsonObject json, String key, Number value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
