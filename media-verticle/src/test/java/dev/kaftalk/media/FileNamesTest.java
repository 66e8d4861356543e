package dev.kaftalk.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names files are shown and downloaded under keep nothing that could act as a path, a control or a disguise. */
class FileNamesTest {

  @Test
  void pathsControlsAndBidiOverridesGo() {
    assertEquals("passwd", FileNames.sanitize("../../etc/passwd", "file", "text/plain"));
    assertEquals("evil.txt", FileNames.sanitize("C:\\Users\\x\\ev\u0000il\r\n.txt", "file", "text/plain"));
    assertEquals("invoicefdp.exe", FileNames.sanitize("invoice\u202Efdp.exe", "file", "application/octet-stream"));
    assertEquals("a b.pdf", FileNames.sanitize("  a b.pdf\t", "file", "application/pdf"));
  }

  @Test
  void nothingLeftBecomesKindAndExtension() {
    assertEquals("file.pdf", FileNames.sanitize("", "file", "application/pdf"));
    assertEquals("image.png", FileNames.sanitize("..", "image", "image/png"));
    assertEquals("voice.webm", FileNames.sanitize(null, "voice", "audio/webm"));
    assertEquals("file.bin", FileNames.sanitize("dir/", "file", "application/x-unknown"));
  }

  @Test
  void longNamesKeepTheirExtensionWithin200Characters() {
    String name = FileNames.sanitize("é".repeat(300) + ".docx", "file", "application/zip");
    assertEquals(200, name.codePointCount(0, name.length()));
    assertEquals("é".repeat(195) + ".docx", name);
    String emoji = FileNames.sanitize("😀".repeat(250), "file", "text/plain");
    assertEquals(200, emoji.codePointCount(0, emoji.length()));
  }
}
