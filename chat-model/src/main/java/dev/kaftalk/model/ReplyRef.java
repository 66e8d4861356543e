package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * What a reply quotes of the message it answers: {@code {id, cursor, author, excerpt}}. The excerpt is the start of
 * the original's text as it stands ({@link #EXCERPT_CHARS} at most, so it follows edits), "Photo", "Voice clip",
 * "Video" or the file's name for media, and {@link #DELETED} once the original is deleted.
 */
public record ReplyRef(String id, String cursor, String author, String excerpt) {

  public static final int EXCERPT_CHARS = 140;
  public static final String DELETED = "deleted";

  /** The quote of {@code original}, which carries its cursor. */
  public static ReplyRef of(ChatMessage original) {
    String excerpt;
    if (original.deleted()) {
      excerpt = DELETED;
    } else if (original.media() != null) {
      excerpt = mediaExcerpt(original.media());
    } else {
      String text = original.text() == null ? "" : original.text();
      // Cut on a code point boundary, so an emoji is never split in half.
      excerpt = text.codePointCount(0, text.length()) <= EXCERPT_CHARS ? text
          : text.substring(0, text.offsetByCodePoints(0, EXCERPT_CHARS));
    }
    return new ReplyRef(original.id(), original.cursor(), original.author(), excerpt);
  }

  private static String mediaExcerpt(MediaRef media) {
    return switch (media.kind()) {
      case MediaRef.VOICE -> "Voice clip";
      case MediaRef.VIDEO -> "Video";
      case MediaRef.FILE -> media.name() == null ? "File" : media.name();
      default -> "Photo";
    };
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("cursor", cursor).put("author", author).put("excerpt", excerpt);
  }

  static ReplyRef fromRecord(JsonObject json) {
    return new ReplyRef(JsonCodec.required(json, "id"), json.getString("cursor"), json.getString("author"),
        json.getString("excerpt", ""));
  }
}
