package dev.kaftalk.web;

import java.nio.charset.StandardCharsets;

/** The {@code Content-Disposition} header of a download (RFC 6266): an ASCII fallback name and the UTF-8 name. */
final class ContentDisposition {

  private static final String HEX = "0123456789ABCDEF";

  private ContentDisposition() {
  }

  /** @param type "inline" or "attachment"; anything else is served as an attachment */
  static String of(String type, String fileName) {
    String disposition = "inline".equals(type) ? "inline" : "attachment";
    String name = fileName == null || fileName.isEmpty() ? "download" : fileName;
    return disposition + "; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncoded(name);
  }

  private static String asciiFallback(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    return ascii.toString();
  }

  /** RFC 5987 value characters: letters, digits and {@code !#$&+-.^_`|~} stay, everything else is %XX of UTF-8. */
  private static String percentEncoded(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return encoded.toString();
  }
}
