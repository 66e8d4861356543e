package dev.kaftalk.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads what the audio containers say about themselves from their headers: whether the file is really an audio clip
 * of an allowed codec, and its duration where the container records one. A null duration means "not recorded".
 */
final class AudioProbe {

  private static final int[] MPEG1_L3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  private static final int[] MPEG2_L3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  private static final int[][] SAMPLE_RATES = {{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}};
  private static final int OPUS_RATE = 48_000;
  private static final int MAX_OGG_PAGE = 65_307;
  /** The first byte of every frame header's sync word, where a walk that lost its way looks for the next frame. */
  private static final String SYNC_PROBE = "\u00ff";
  private static final int RESYNC_WINDOW = 4096;

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

  /**
   * Opus or Vorbis in Ogg: the largest granule position of any page (every page is walked, so a last page that
   * claims little cannot hide the pages before it); null for other Ogg streams and for files without a page.
   */
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
    if (rate == 0) {
      return null;
    }
    long granule = 0;
    long position = 0;
    while (position >= 0 && position < file.size()) {
      if (!file.startsWith(position, "OggS")) {
        // Junk between pages: players look for the next capture pattern, and so does this.
        position = file.indexOf("OggS", position + 1, MAX_OGG_PAGE);
        continue;
      }
      ByteBuffer header = file.read(position, 27).order(ByteOrder.LITTLE_ENDIAN);
      if (header.remaining() < 27) {
        break;
      }
      long pageGranule = header.getLong(6);
      if (pageGranule > granule) {
        // -1 (no packet ends on this page) is negative and never counts.
        granule = pageGranule;
      }
      int count = Byte.toUnsignedInt(header.get(26));
      ByteBuffer lacing = file.read(position + 27, count);
      long body = 0;
      while (lacing.hasRemaining()) {
        body += Byte.toUnsignedInt(lacing.get());
      }
      position += 27 + count + body;
    }
    long samples = Math.max(0, granule - preSkip);
    return samples > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE / rate : samples * 1000 / rate;
  }

  /**
   * MPEG audio layer III: the larger of what the Xing/Info header claims and the frames that are really there, counted
   * by walking them (skipping junk between frames as players do).
   */
  static Long mpegDurationMs(FileBytes file) throws IOException {
    long start = 0;
    if (file.startsWith(0, "ID3")) {
      ByteBuffer id3 = file.read(6, 4);
      start = 10 + ((id3.get(0) & 0x7f) << 21 | (id3.get(1) & 0x7f) << 14 | (id3.get(2) & 0x7f) << 7 | id3.get(3) & 0x7f);
    }
    Frame first = Frame.at(file, start);
    if (first == null) {
      return null;
    }
    long claimed = 0;
    long xing = start + 4 + (first.mpeg1() ? (first.mono() ? 17 : 32) : (first.mono() ? 9 : 17));
    if ((file.startsWith(xing, "Xing") || file.startsWith(xing, "Info")) && (file.read(xing + 4, 4).getInt(0) & 1) != 0) {
      claimed = Integer.toUnsignedLong(file.read(xing + 8, 4).getInt(0)) * first.samples() * 1000 / first.sampleRate();
    }
    long micros = 0;
    long position = start;
    while (position < file.size()) {
      Frame frame = Frame.at(file, position);
      if (frame == null) {
        long next = file.indexOf(SYNC_PROBE, position + 1, RESYNC_WINDOW);
        if (next < 0) {
          break;
        }
        position = next;
        continue;
      }
      micros += frame.samples() * 1_000_000L / frame.sampleRate();
      position += frame.length();
    }
    return Math.max(claimed, micros / 1000);
  }

  /** One MPEG audio layer III frame header. */
  private record Frame(boolean mpeg1, boolean mono, int sampleRate, int samples, int length) {

    static Frame at(FileBytes file, long position) throws IOException {
      ByteBuffer head = file.read(position, 4);
      if (head.remaining() < 4) {
        return null;
      }
      int header = head.getInt(0);
      int version = header >>> 19 & 3;
      int layer = header >>> 17 & 3;
      int bitrateIndex = header >>> 12 & 15;
      int rateIndex = header >>> 10 & 3;
      if ((header >>> 21 & 0x7ff) != 0x7ff || version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15
          || rateIndex == 3) {
        return null;
      }
      boolean mpeg1 = version == 3;
      int sampleRate = SAMPLE_RATES[version][rateIndex];
      int kbps = (mpeg1 ? MPEG1_L3_KBPS : MPEG2_L3_KBPS)[bitrateIndex];
      int padding = header >>> 9 & 1;
      int length = (mpeg1 ? 144_000 : 72_000) * kbps / sampleRate + padding;
      return new Frame(mpeg1, (header >>> 6 & 3) == 3, sampleRate, mpeg1 ? 1152 : 576, length);
    }
  }
}
