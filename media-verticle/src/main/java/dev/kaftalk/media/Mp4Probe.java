package dev.kaftalk.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ISO-BMFF (mp4/m4a/mov) file's tracks and measures how long it plays from its sample tables and, for
 * fragmented files (Safari's MediaRecorder, whose movie header says 0), from its fragments. The headers' own durations
 * count too, so the result is the longest of everything the file says it plays.
 */
final class Mp4Probe {

  /** The track handler types ("soun", "vide"), the sample formats ("mp4a", "avc1"...) and the duration. */
  record Mp4(Set<String> handlers, Set<String> formats, Long durationMs) {

    boolean isAudioOnly() {
      return handlers.contains("soun") && !handlers.contains("vide");
    }
  }

  /** What one track says about its own length, in its own time scale. */
  private static final class Track {
    long timescale;
    long ticks;
    long defaultSampleDuration;
    long fragmentEnd;

    void lasts(long candidate) {
      ticks = Math.max(ticks, candidate);
    }
  }

  private static final int WINDOW = 64 * 1024;

  private final FileBytes file;
  private final Set<String> handlers = new HashSet<>();
  private final Set<String> formats = new HashSet<>();
  private final Map<Long, Track> tracks = new HashMap<>();
  private long movieMs;
  private Track current;
  /** The sample duration of the fragment being read, for runs that give none of their own. */
  private long fragmentDefault;

  private Mp4Probe(FileBytes file) {
    this.file = file;
  }

  static Mp4 read(FileBytes file) throws IOException {
    Mp4Probe probe = new Mp4Probe(file);
    probe.walk(0, file.size());
    long longest = probe.movieMs;
    for (Track track : probe.tracks.values()) {
      if (track.timescale > 0) {
        longest = Math.max(longest, Math.max(track.ticks, track.fragmentEnd) / track.timescale * 1000
            + Math.max(track.ticks, track.fragmentEnd) % track.timescale * 1000 / track.timescale);
      }
    }
    return new Mp4(probe.handlers, probe.formats, longest == 0 ? null : longest);
  }

  private void walk(long from, long to) throws IOException {
    long position = from;
    while (position + 8 <= to) {
      ByteBuffer header = file.read(position, 16);
      long size = Integer.toUnsignedLong(header.getInt(0));
      String type = fourCc(header, 4);
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
      long end = Math.min(to, position + size);
      switch (type) {
        case "trak" -> {
          current = new Track();
          walk(body, end);
        }
        case "moov", "mdia", "minf", "stbl", "mvex", "moof" -> walk(body, end);
        case "traf" -> {
          current = null;
          walk(body, end);
        }
        case "tkhd" -> trackHeader(body);
        case "mvhd" -> movieMs = Math.max(movieMs, movieHeaderMs(file.read(body, 32)));
        case "mdhd" -> mediaHeader(body);
        case "hdlr" -> {
          ByteBuffer hdlr = file.read(body + 8, 4);
          if (hdlr.remaining() == 4) {
            handlers.add(fourCc(hdlr, 0));
          }
        }
        case "stsd" -> {
          ByteBuffer entry = file.read(body + 12, 4);
          if (entry.remaining() == 4) {
            formats.add(fourCc(entry, 0));
          }
        }
        case "stts" -> sampleTimes(body, end);
        case "trex" -> trackDefaults(body);
        case "tfhd" -> fragmentHeader(body);
        case "tfdt" -> fragmentStart(body);
        case "trun" -> fragmentRun(body, end);
        default -> { }
      }
      position += size;
    }
  }

  private void trackHeader(long body) throws IOException {
    ByteBuffer tkhd = file.read(body, 24);
    boolean wide = tkhd.limit() > 0 && tkhd.get(0) == 1;
    int at = wide ? 20 : 12;
    if (current != null && tkhd.limit() >= at + 4) {
      tracks.put(Integer.toUnsignedLong(tkhd.getInt(at)), current);
    }
  }

  private void mediaHeader(long body) throws IOException {
    ByteBuffer mdhd = file.read(body, 32);
    boolean wide = mdhd.limit() > 0 && mdhd.get(0) == 1;
    if (current == null || mdhd.limit() < (wide ? 32 : 20)) {
      return;
    }
    current.timescale = Integer.toUnsignedLong(mdhd.getInt(wide ? 20 : 12));
    current.lasts(capped(wide ? mdhd.getLong(24) : Integer.toUnsignedLong(mdhd.getInt(16))));
  }

  /** Sums the decoding time table: what the samples really last. */
  private void sampleTimes(long body, long end) throws IOException {
    if (current == null) {
      return;
    }
    long entries = Integer.toUnsignedLong(file.read(body + 4, 4).getInt(0));
    long total = 0;
    long at = body + 8;
    for (long i = 0; i < entries && at + 8 <= end; ) {
      ByteBuffer window = file.read(at, (int) Math.min(WINDOW, end - at));
      if (window.remaining() < 8) {
        break;
      }
      while (window.remaining() >= 8 && i < entries) {
        total = saturatingAdd(total,
            saturatingMultiply(Integer.toUnsignedLong(window.getInt()), Integer.toUnsignedLong(window.getInt())));
        i++;
        at += 8;
      }
    }
    current.lasts(total);
  }

  private void trackDefaults(long body) throws IOException {
    ByteBuffer trex = file.read(body, 16);
    if (trex.limit() == 16) {
      Track track = tracks.get(Integer.toUnsignedLong(trex.getInt(4)));
      if (track != null) {
        track.defaultSampleDuration = Integer.toUnsignedLong(trex.getInt(12));
      }
    }
  }

  private void fragmentHeader(long body) throws IOException {
    ByteBuffer tfhd = file.read(body, 32);
    if (tfhd.limit() < 8) {
      return;
    }
    int flags = tfhd.getInt(0) & 0xFFFFFF;
    current = tracks.get(Integer.toUnsignedLong(tfhd.getInt(4)));
    if (current == null) {
      return;
    }
    int at = 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
    fragmentDefault = (flags & 0x08) != 0 && tfhd.limit() >= at + 4
        ? Integer.toUnsignedLong(tfhd.getInt(at)) : current.defaultSampleDuration;
  }

  private void fragmentStart(long body) throws IOException {
    ByteBuffer tfdt = file.read(body, 12);
    if (current == null || tfdt.limit() < 8) {
      return;
    }
    boolean wide = tfdt.get(0) == 1;
    current.fragmentEnd = Math.max(current.fragmentEnd,
        capped(wide && tfdt.limit() >= 12 ? tfdt.getLong(4) : Integer.toUnsignedLong(tfdt.getInt(4))));
  }

  /** Adds a run's sample durations (each its own, or the fragment's default) to where its track had got to. */
  private void fragmentRun(long body, long end) throws IOException {
    ByteBuffer head = file.read(body, 8);
    if (current == null || head.limit() < 8) {
      return;
    }
    int flags = head.getInt(0) & 0xFFFFFF;
    long samples = Integer.toUnsignedLong(head.getInt(4));
    long at = body + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
    long total;
    if ((flags & 0x100) == 0) {
      total = saturatingMultiply(samples, fragmentDefault);
    } else {
      int stride = 4 * Integer.bitCount(flags & 0xF00);
      total = 0;
      for (long i = 0; i < samples && at + stride <= end; ) {
        ByteBuffer window = file.read(at, (int) Math.min(WINDOW - WINDOW % stride, end - at));
        if (window.remaining() < stride) {
          break;
        }
        while (window.remaining() >= stride && i < samples) {
          int sampleStart = window.position();
          total = saturatingAdd(total, Integer.toUnsignedLong(window.getInt(sampleStart)));
          window.position(sampleStart + stride);
          i++;
          at += stride;
        }
      }
    }
    current.fragmentEnd = saturatingAdd(current.fragmentEnd, capped(total));
  }

  private static long movieHeaderMs(ByteBuffer mvhd) {
    boolean wide = mvhd.limit() > 0 && mvhd.get(0) == 1;
    if (mvhd.limit() < (wide ? 32 : 20)) {
      return 0;
    }
    long timescale = Integer.toUnsignedLong(mvhd.getInt(wide ? 20 : 12));
    long units = capped(wide ? mvhd.getLong(24) : Integer.toUnsignedLong(mvhd.getInt(16)));
    return timescale == 0 ? 0 : units / timescale * 1000 + units % timescale * 1000 / timescale;
  }

  private static long capped(long value) {
    return value < 0 || value > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : value;
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 || sum > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : sum;
  }

  private static long saturatingMultiply(long a, long b) {
    return a != 0 && b > Long.MAX_VALUE / 4 / a ? Long.MAX_VALUE / 4 : a * b;
  }

  private static String fourCc(ByteBuffer buffer, int at) {
    return new String(new byte[] {buffer.get(at), buffer.get(at + 1), buffer.get(at + 2), buffer.get(at + 3)},
        StandardCharsets.ISO_8859_1);
  }
}
