package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every voice clip's length is measured from its bytes: real files from ffmpeg, and files that lie about it. */
class DurationProbesTest {

  private static final long LONG_MS = 310_000;
  private static final long TOLERANCE_MS = 300;

  @TempDir
  Path dir;

  @Test
  void webmWithAndWithoutADurationElement() throws IOException {
    assertAbout(LONG_MS, webm(resource("long.webm")).durationMs());
    assertAbout(LONG_MS, webm(resource("long-live.webm")).durationMs());
  }

  @Test
  void webmWithClustersOfUnknownSizeLikeMediaRecorder() throws IOException {
    byte[] recorded = unknownClusterSizes(resource("long-live.webm"));
    assertAbout(LONG_MS, webm(recorded).durationMs());
  }

  @Test
  void aDurationElementThatClaimsOneSecondDoesNotHideTheClusters() throws IOException {
    byte[] lying = resource("long.webm");
    int duration = indexOf(lying, new byte[] {0x44, (byte) 0x89, (byte) 0x88}, 0);
    assertTrue(duration > 0, "the file has an 8-byte Duration element");
    ByteBuffer.wrap(lying).putDouble(duration + 3, 1000.0);
    assertAbout(LONG_MS, webm(lying).durationMs());
  }

  @Test
  void aWebmCutShortMeasuresWhatIsThere() throws IOException {
    byte[] whole = resource("long-live.webm");
    WebmProbe.Webm half = webm(Arrays.copyOf(whole, whole.length / 2));
    assertTrue(half.durationMs() > 100_000 && half.durationMs() < 200_000, "half lasted " + half.durationMs());
  }

  @Test
  void mp4PlainAndFragmentedLikeSafari() throws IOException {
    assertAbout(LONG_MS, probe(resource("long.m4a"), Mp4Probe::read).durationMs());
    assertAbout(LONG_MS, probe(resource("long-fragmented.m4a"), Mp4Probe::read).durationMs());
  }

  @Test
  void oggAndMp3() throws IOException {
    assertAbout(LONG_MS, probe(resource("long.ogg"), AudioProbe::oggDurationMs));
    assertAbout(LONG_MS, probe(resource("long.mp3"), AudioProbe::mpegDurationMs));
  }

  @Test
  void theInspectorRefusesEveryFormatOverTheVoiceLimit() throws IOException {
    MediaInspector inspector = new MediaInspector(settings());
    for (String name : new String[] {"long.webm", "long-live.webm", "long.ogg", "long.mp3", "long.m4a",
        "long-fragmented.m4a"}) {
      Path file = Files.write(dir.resolve(name), resource(name));
      ServiceException refused = assertThrows(ServiceException.class, () -> inspector.inspect(file), name);
      assertEquals(413, refused.status, name);
    }
    Path recorded = Files.write(dir.resolve("recorded.webm"), unknownClusterSizes(resource("long-live.webm")));
    assertEquals(413, assertThrows(ServiceException.class, () -> inspector.inspect(recorded)).status);
  }

  @Test
  void theInspectorTellsVoiceFromVideo() throws IOException {
    MediaInspector inspector = new MediaInspector(settings());
    MediaInspector.Inspection clip = inspector.inspect(Files.write(dir.resolve("a.webm"), resource("clip.webm")));
    assertEquals(MediaRef.VOICE, clip.kind());
    assertEquals("audio/webm", clip.contentType());
    assertAbout(1_500, clip.durationMs());
    MediaInspector.Inspection video = inspector.inspect(Files.write(dir.resolve("v.webm"), resource("video.webm")));
    assertEquals(MediaRef.VIDEO, video.kind());
    assertEquals("video/webm", video.contentType());
    assertAbout(1_000, video.durationMs());
  }

  private static MediaSettings settings() {
    return MediaSettings.fromJson(new JsonObject().put("uploadDir", "unused"));
  }

  private static void assertAbout(long expectedMs, Long measuredMs) {
    assertTrue(measuredMs != null && Math.abs(measuredMs - expectedMs) <= TOLERANCE_MS,
        "expected about " + expectedMs + " ms, measured " + measuredMs);
  }

  private WebmProbe.Webm webm(byte[] bytes) throws IOException {
    return probe(bytes, WebmProbe::read);
  }

  private interface Probe<T> {
    T read(FileBytes file) throws IOException;
  }

  private <T> T probe(byte[] bytes, Probe<T> probe) throws IOException {
    Path file = Files.write(Files.createTempFile(dir, "probe", ".bin"), bytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return probe.read(new FileBytes(channel));
    }
  }

  /** Rewrites every cluster's size as "unknown" (all ones, same length), as a live recorder writes them. */
  private static byte[] unknownClusterSizes(byte[] webm) {
    byte[] copy = webm.clone();
    byte[] cluster = {0x1F, 0x43, (byte) 0xB6, 0x75};
    int count = 0;
    for (int at = indexOf(copy, cluster, 0); at >= 0; at = indexOf(copy, cluster, at + 4)) {
      int first = copy[at + 4] & 0xFF;
      int length = Integer.numberOfLeadingZeros(first) - 23;
      copy[at + 4] = (byte) (0xFF >> (length - 1));
      for (int i = 1; i < length; i++) {
        copy[at + 4 + i] = (byte) 0xFF;
      }
      count++;
    }
    assertTrue(count > 100, "clusters rewritten: " + count);
    return copy;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DurationProbesTest.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    }
  }
}
