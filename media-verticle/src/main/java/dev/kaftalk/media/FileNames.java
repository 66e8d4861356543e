package dev.kaftalk.media;

import java.util.Locale;
import java.util.Map;

/** The name a file is shown and downloaded under: the uploader's, made harmless, or one made from its type. */
final class FileNames {

  static final int MAX_LENGTH = 200;

  private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/png", "png"),
      Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"),
      Map.entry("audio/webm", "webm"), Map.entry("audio/ogg", "ogg"), Map.entry("audio/mp4", "m4a"),
      Map.entry("audio/mpeg", "mp3"), Map.entry("audio/wav", "wav"), Map.entry("video/mp4", "mp4"),
      Map.entry("video/webm", "webm"), Map.entry("application/pdf", "pdf"), Map.entry("application/zip", "zip"),
      Map.entry("text/plain", "txt"));

  private FileNames() {
  }

  /**
   * The last path segment of {@code uploaded} without control or bidi-formatting characters, trimmed, at most
   * {@link #MAX_LENGTH} characters (the extension kept); {@code kind.ext} when nothing is left.
   */
  static String sanitize(String uploaded, String kind, String contentType) {
    String name = uploaded == null ? "" : uploaded;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder();
    name.codePoints()
        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
            && Character.getType(c) != Character.SURROGATE && Character.getType(c) != Character.UNASSIGNED)
        .forEach(kept::appendCodePoint);
    name = kept.toString().strip();
    // "." and ".." are path steps, not names; dots alone say nothing either.
    if (name.chars().allMatch(c -> c == '.')) {
      name = "";
    }
    if (name.isEmpty()) {
      return kind + "." + extension(contentType);
    }
    return shorten(name);
  }

  /** The usual extension of a stored type, "bin" for types without one here. */
  static String extension(String contentType) {
    return EXTENSIONS.getOrDefault(contentType == null ? "" : contentType.toLowerCase(Locale.ROOT), "bin");
  }

  private static String shorten(String name) {
    if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
    return name.substring(0, name.offsetByCodePoints(0, keep)) + extension;
  }
}
