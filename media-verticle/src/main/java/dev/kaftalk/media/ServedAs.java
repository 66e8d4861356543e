package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a download is served: only images, audio and video of the formats the browser plays are shown inline; every
 * other file is an attachment, and a type a browser could render as a page (HTML, SVG, XML, scripts) is labelled
 * {@code application/octet-stream}, whatever the bytes are.
 *
 * @param inline whether {@code Content-Disposition} is {@code inline} rather than {@code attachment}
 */
record ServedAs(String contentType, boolean inline, String fileName) {

  static final String OCTET_STREAM = "application/octet-stream";

  private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
      "audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav", "video/mp4", "video/webm");
  private static final Set<String> LABELLED = Set.of("application/pdf", "application/zip", "application/gzip",
      "application/x-7z-compressed", "application/x-tar", "application/x-bzip2", "text/plain", "text/csv",
      "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/rtf");
  private static final List<String> LABELLED_FAMILIES = List.of("image/", "audio/", "video/",
      "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.");
  private static final List<String> RENDERABLE = List.of("html", "xml", "svg", "script", "xsl");

  /**
   * @param stored   the content type the object was stored with (detected from its bytes)
   * @param facts    what was stored beside it; null for media stored before facts were kept (images and voice)
   * @param fallback the name to use when the facts have none
   */
  static ServedAs decide(String stored, MediaStore.Facts facts, String fallback) {
    String type = stored == null ? OCTET_STREAM : stored.toLowerCase(Locale.ROOT);
    boolean file = facts != null && MediaRef.FILE.equals(facts.kind());
    boolean inline = !file && INLINE.contains(type);
    String name = facts != null && facts.name() != null ? facts.name() : fallback;
    return new ServedAs(inline || isLabelled(type) ? type : OCTET_STREAM, inline, name);
  }

  private static boolean isLabelled(String type) {
    if (RENDERABLE.stream().anyMatch(type::contains)) {
      return false;
    }
    return LABELLED.contains(type) || LABELLED_FAMILIES.stream().anyMatch(type::startsWith);
  }
}
