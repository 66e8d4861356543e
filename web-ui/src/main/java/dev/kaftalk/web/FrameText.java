package dev.kaftalk.web;

import java.nio.charset.StandardCharsets;

/**
 * A part of a bridge frame's JSON text, as bytes, and the same text escaped as SockJS carries it inside its
 * {@code a["..."]} array (what vertx-web's {@code JsonCodec} writes: {@code "} and {@code \} and control characters
 * escaped as JSON does, every character outside US-ASCII as {@code \}{@code uXXXX}). Escaping works character by
 * character, so the parts of a frame can be escaped apart and concatenated: a room message's body is escaped once for
 * all its SockJS sockets, each socket's envelope start once for the socket's life.
 */
final class FrameText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String text;
  private final byte[] utf8;
  /** Computed by the first SockJS socket that needs it; frames are shared by the edge instances' event loops. */
  private volatile byte[] escaped;

  FrameText(String text) {
    this.text = text;
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON text as UTF-8, as the raw WebSocket transport sends it. */
  byte[] utf8() {
    return utf8;
  }

  /** The text escaped for a SockJS message array, ASCII only. */
  byte[] escaped() {
    byte[] done = escaped;
    if (done == null) {
      done = escape(text);
      escaped = done;
    }
    return done;
  }

  private static byte[] escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x80) {
            out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
