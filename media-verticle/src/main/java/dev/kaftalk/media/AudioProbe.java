package dev.kaftalk.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads what the audio containers say about themselves from their headers: whether the file is really an audio clip
 * of an allowed codec, and its duration where the container records one. A null duration means "not recorded".
 */
final class AudioProbe {

  /** What an ISO-BMFF (mp4/m4a/mov) file holds: its track handler types and the movie duration. */
  record Mp4(Set<String> handlers, Long durationMs) {
    boolean isAudioOnly() {
      return handlers.contains("soun") && !handlers.contains("vide");
    }
  }

  private static final int[] MPEG1_L3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  private static final int[] MPEG2_L3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  private static final int[][] SAMPLE_RATES = {{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}};
  private static final int OPUS_RATE = 48_000;
  private static final int MAX_OGG_PAGE = 65_307;

  private AudioProbe() {
  }

  static Long wavDurationMs(FileBytes file) throws IOException {
    long byteRate = 0;
    long position = 12;
    while (position + 8 <= file.size()) {
      ByteBuffer chunk = file.read(position, 16).order(ByteOrder.LITTLE_ENDIAN);
      long length = Integer.toUnsignedLong(chunk.getInt(4));
      if (file.startsWith(position, "fmt ") && chunk.limit() >= 16) {
        byteRate = Integer.toUnsignedLong(file.read(position + 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
      } else if (file.startsWith(position, "data") && byteRate > 0) {
        // Streamed WAVs often carry a placeholder length; what the file holds is the truth.
        long bytes = Math.min(length, file.size() - position - 8);
        return bytes * 1000 / byteRate;
      }
      position += 8 + length + (length & 1);
    }
    return null;
  }

  static Mp4 mp4(FileBytes file) throws IOException {
    Set<String> handlers = new HashSet<>();
    Long[] duration = {null};
    walkBoxes(file, 0, file.size(), handlers, duration);
    return new Mp4(handlers, duration[0]);
  }

  private static void walkBoxes(FileBytes file, long from, long to, Set<String> handlers, Long[] duration)
      throws IOException {
    long position = from;
    while (position + 8 <= to) {
      ByteBuffer header = file.read(position, 16);
      long size = Integer.toUnsignedLong(header.getInt(0));
      String type = new String(new byte[] {header.get(4), header.get(5), header.get(6), header.get(7)},
          java.nio.charset.StandardCharsets.ISO_8859_1);
      int headerSize = 8;
      if (size == 1 && header.limit() >= 16) {
        size = header.getLong(8);
        headerSize = 16;
      } else if (size == 0) {
        size = to - position;
      }
      if (size < headerSize) {
        return;
      }
      long body = position + headerSize;
      switch (type) {
        case "moov", "trak", "mdia" -> walkBoxes(file, body, Math.min(to, position + size), handlers, duration);
        case "hdlr" -> {
          ByteBuffer hdlr = file.read(body + 8, 4);
          if (hdlr.remaining() == 4) {
            handlers.add(new String(hdlr.array(), java.nio.charset.StandardCharsets.ISO_8859_1));
          }
        }
        case "mvhd" -> duration[0] = movieDurationMs(file.read(body, 32));
        default -> { }
      }
      position += size;
    }
  }

  private static Long movieDurationMs(ByteBuffer mvhd) {
    boolean wide = mvhd.limit() > 0 && mvhd.get(0) == 1;
    if (mvhd.limit() < (wide ? 32 : 20)) {
      return null;
    }
    long timescale = Integer.toUnsignedLong(mvhd.getInt(wide ? 20 : 12));
    long units = wide ? mvhd.getLong(24) : Integer.toUnsignedLong(mvhd.getInt(16));
    return timescale == 0 ? null : units * 1000 / timescale;
  }

  /** Opus or Vorbis in Ogg: the duration from the last page's granule position; null for other Ogg streams. */
  static Long oggDurationMs(FileBytes file) throws IOException {
    if (!file.startsWith(0, "OggS")) {
      return null;
    }
    int segments = Byte.toUnsignedInt(file.read(26, 1).get(0));
    long packet = 27L + segments;
    long rate;
    long preSkip = 0;
    if (file.startsWith(packet, "OpusHead")) {
      rate = OPUS_RATE;
      preSkip = Short.toUnsignedLong(file.read(packet + 10, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(0));
    } else if (file.startsWith(packet, "\u0001vorbis")) {
      rate = Integer.toUnsignedLong(file.read(packet + 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    } else {
      return null;
    }
    long tail = Math.max(0, file.size() - MAX_OGG_PAGE);
    long lastPage = -1;
    for (long at = file.indexOf("OggS", tail, MAX_OGG_PAGE); at >= 0; at = file.indexOf("OggS", at + 4, MAX_OGG_PAGE)) {
      lastPage = at;
    }
    if (lastPage < 0 || rate == 0) {
      return 0L;
    }
    long granule = file.read(lastPage + 6, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return Math.max(0, granule - preSkip) * 1000 / rate;
  }

  /** Chrome's MediaRecorder writes WebM with Opus and no duration; this only checks the codec. */
  static boolean isWebmAudio(FileBytes file) throws IOException {
    return file.indexOf("webm", 0, 64) >= 0 && (file.indexOf("A_OPUS", 0, 4096) >= 0
        || file.indexOf("A_VORBIS", 0, 4096) >= 0) && file.indexOf("V_", 0, 4096) < 0;
  }

  /** MPEG audio layer III: from the Xing/Info frame count when present, else from the constant bit rate. */
  static Long mpegDurationMs(FileBytes file) throws IOException {
    long start = 0;
    if (file.startsWith(0, "ID3")) {
      ByteBuffer id3 = file.read(6, 4);
      start = 10 + ((id3.get(0) & 0x7f) << 21 | (id3.get(1) & 0x7f) << 14 | (id3.get(2) & 0x7f) << 7 | id3.get(3) & 0x7f);
    }
    ByteBuffer head = file.read(start, 4);
    if (head.remaining() < 4) {
      return null;
    }
    int header = head.getInt(0);
    int version = header >>> 19 & 3;
    int layer = header >>> 17 & 3;
    int bitrateIndex = header >>> 12 & 15;
    int rateIndex = header >>> 10 & 3;
    boolean mono = (header >>> 6 & 3) == 3;
    if ((header >>> 21 & 0x7ff) != 0x7ff || version == 1 || layer != 1 || bitrateIndex == 15 || rateIndex == 3) {
      return null;
    }
    int sampleRate = SAMPLE_RATES[version][rateIndex];
    long xing = start + 4 + (version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17));
    if ((file.startsWith(xing, "Xing") || file.startsWith(xing, "Info")) && (file.read(xing + 4, 4).getInt(0) & 1) != 0) {
      long frames = Integer.toUnsignedLong(file.read(xing + 8, 4).getInt(0));
      return frames * (version == 3 ? 1152 : 576) * 1000 / sampleRate;
    }
    int kbps = (version == 3 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex];
    return kbps == 0 ? null : (file.size() - start) * 8 / kbps;
  }
}
