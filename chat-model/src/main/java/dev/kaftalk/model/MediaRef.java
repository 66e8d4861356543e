package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A reference to stored media bytes inside a message ({@code {id, kind, contentType, size, name?, width?, height?,
 * durationMs?, waveform?}}); the bytes themselves never travel through Kafka.
 *
 * @param kind       {@link #IMAGE}, {@link #VOICE}, {@link #VIDEO} or {@link #FILE}
 * @param width      images only, in pixels; null otherwise
 * @param height     images only, in pixels; null otherwise
 * @param durationMs voice clips (measured from the file) and videos; null when unknown
 * @param name       the uploader's file name, sanitized; null in references written before names were kept
 * @param waveform   voice clips only: {@link #WAVEFORM_POINTS} amplitudes 0-255; null when unknown
 */
public record MediaRef(String id, String kind, String contentType, long size, Integer width, Integer height,
                       Long durationMs, String name, List<Integer> waveform) {

  public static final String IMAGE = "image";
  public static final String VOICE = "voice";
  public static final String VIDEO = "video";
  public static final String FILE = "file";
  public static final int WAVEFORM_POINTS = 64;

  /** A reference without a name or waveform, as images and voice clips had before files. */
  public MediaRef(String id, String kind, String contentType, long size, Integer width, Integer height,
                  Long durationMs) {
    this(id, kind, contentType, size, width, height, durationMs, null, null);
  }

  public MediaRef {
    waveform = waveform == null ? null : List.copyOf(waveform);
  }

  /** A reference on its own; inside a message record it is the {@code media} field. */
  public static final Codec<MediaRef> CODEC = JsonCodec.of(MediaRef::toJson, MediaRef::fromRecord);

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("kind", kind).put("contentType", contentType)
        .put("size", size);
    putIfSet(json, "width", width);
    putIfSet(json, "height", height);
    putIfSet(json, "durationMs", durationMs);
    if (name != null) {
      json.put("name", name);
    }
    if (waveform != null) {
      json.put("waveform", new JsonArray(waveform));
    }
    return json;
  }

  public static MediaRef fromJson(JsonObject json) {
    return new MediaRef(json.getString("id"), json.getString("kind"), json.getString("contentType"),
        json.getLong("size", 0L), json.getInteger("width"), json.getInteger("height"), json.getLong("durationMs"),
        json.getString("name"), waveform(json));
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
        json.getInteger("height"), json.getLong("durationMs"), json.getString("name"), waveform(json));
  }

  /**
   * A waveform as a client sends it: exactly {@link #WAVEFORM_POINTS} integers 0-255.
   *
   * @throws IllegalArgumentException with a message for the client otherwise
   */
  public static List<Integer> requireWaveform(Object value) {
    if (!(value instanceof JsonArray points) || points.size() != WAVEFORM_POINTS || !points.stream()
        .allMatch(point -> point instanceof Integer amplitude && amplitude >= 0 && amplitude <= 255)) {
      throw new IllegalArgumentException("waveform must be a JSON array of " + WAVEFORM_POINTS
          + " integers from 0 to 255");
    }
    return points.stream().map(Integer.class::cast).toList();
  }

  /** @throws ClassCastException if the waveform is not an array of integers */
  private static List<Integer> waveform(JsonObject json) {
    JsonArray values = json.getJsonArray("waveform");
    if (values == null) {
      return null;
    }
    return values.stream().map(value -> {
      if (!(value instanceof Integer point)) {
        throw new ClassCastException("a waveform holds integers, not " + value);
      }
      return point;
    }).toList();
  }

  private static void putIfSet(JsonObject json, String key, Number value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
