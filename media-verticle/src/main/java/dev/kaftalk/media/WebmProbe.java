package dev.kaftalk.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a WebM/Matroska file's tracks and measures how long it plays, from the EBML structure alone. MediaRecorder
 * writes no Duration element and clusters of unknown size, and a Duration element is only what the writer claims, so
 * every cluster is walked: the clip lasts until the end of its latest block. A Duration element longer than that
 * still counts (players show it), so the result is the larger of the two.
 */
final class WebmProbe {

  /** The codec ids of the tracks (A_OPUS, V_VP9...) and the measured duration; null when nothing plays. */
  record Webm(String docType, Set<String> codecs, Long durationMs) {

    boolean hasVideo() {
      return codecs.stream().anyMatch(codec -> codec.startsWith("V_"));
    }

    boolean hasAudio() {
      return codecs.stream().anyMatch(codec -> codec.startsWith("A_"));
    }
  }

  private static final long EBML = 0x1A45DFA3L;
  private static final long DOC_TYPE = 0x4282;
  private static final long SEGMENT = 0x18538067L;
  private static final long INFO = 0x1549A966L;
  private static final long TIMECODE_SCALE = 0x2AD7B1L;
  private static final long DURATION = 0x4489;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAE;
  private static final long CODEC_ID = 0x86;
  private static final long CLUSTER = 0x1F43B675L;
  private static final long CLUSTER_TIMECODE = 0xE7;
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK_GROUP = 0xA0;
  private static final long BLOCK = 0xA1;
  private static final long BLOCK_DURATION = 0x9B;
  private static final long UNKNOWN = -1;
  private static final long DEFAULT_SCALE_NS = 1_000_000;

  /**
   * One element's header: where its body starts and ends (the parent's end when its size is unknown or when the
   * file ends before the element does).
   */
  private record Element(long id, long bodyStart, long end, boolean sized, boolean cutShort) {
  }

  private final FileBytes file;
  private final Set<String> codecs = new HashSet<>();
  private String docType = "";
  private long scaleNs = DEFAULT_SCALE_NS;
  private double declaredDuration;
  private long lastTick;

  private WebmProbe(FileBytes file) {
    this.file = file;
  }

  /** Null when the file is not EBML at all; fails with IllegalArgumentException on a broken structure. */
  static Webm read(FileBytes file) throws IOException {
    return new WebmProbe(file).read();
  }

  private Webm read() throws IOException {
    Element header = element(0, file.size());
    if (header == null || header.id() != EBML) {
      return null;
    }
    for (long at = header.bodyStart(); at < header.end(); ) {
      Element child = require(element(at, header.end()));
      if (child.id() == DOC_TYPE) {
        docType = string(child);
      }
      at = child.end();
    }
    Element segment = element(header.end(), file.size());
    if (segment == null || segment.id() != SEGMENT) {
      return new Webm(docType, codecs, null);
    }
    walkSegment(segment);
    // Saturating: a cluster timecode near 2^64 is a file that claims to play for ever, not an overflow.
    long measuredNs = lastTick > Long.MAX_VALUE / scaleNs ? Long.MAX_VALUE : lastTick * scaleNs;
    long declaredNs = (long) Math.min(Long.MAX_VALUE, Math.max(0, declaredDuration) * scaleNs);
    long durationNs = Math.max(measuredNs, declaredNs);
    return new Webm(docType, codecs, durationNs == 0 ? null : durationNs / 1_000_000);
  }

  private void walkSegment(Element segment) throws IOException {
    long at = segment.bodyStart();
    while (at < segment.end()) {
      Element child = element(at, segment.end());
      if (child == null) {
        return;
      }
      if (child.id() == INFO) {
        readInfo(child);
      } else if (child.id() == TRACKS) {
        readTracks(child);
      } else if (child.id() == CLUSTER) {
        at = walkCluster(child);
        continue;
      } else if (!child.sized()) {
        // Only clusters may be of unknown size in a file we can read to the end.
        return;
      }
      at = child.end();
    }
  }

  private void readInfo(Element info) throws IOException {
    for (long at = info.bodyStart(); at < info.end(); ) {
      Element child = require(element(at, info.end()));
      if (child.id() == TIMECODE_SCALE) {
        long scale = unsigned(child);
        scaleNs = scale > 0 ? scale : DEFAULT_SCALE_NS;
      } else if (child.id() == DURATION) {
        declaredDuration = floating(child);
      }
      at = child.end();
    }
  }

  private void readTracks(Element tracks) throws IOException {
    for (long at = tracks.bodyStart(); at < tracks.end(); ) {
      Element entry = require(element(at, tracks.end()));
      if (entry.id() == TRACK_ENTRY) {
        for (long inner = entry.bodyStart(); inner < entry.end(); ) {
          Element child = require(element(inner, entry.end()));
          if (child.id() == CODEC_ID) {
            codecs.add(string(child));
          }
          inner = child.end();
        }
      }
      at = entry.end();
    }
  }

  /** Walks a cluster's blocks; returns where the next segment-level element starts. */
  private long walkCluster(Element cluster) throws IOException {
    long clusterTick = 0;
    long at = cluster.bodyStart();
    while (at < cluster.end()) {
      Element child = element(at, cluster.end());
      if (child == null || child.cutShort()) {
        // A recording cut short: what is complete plays, the rest is not there.
        return cluster.end();
      }
      if (!cluster.sized() && isSegmentLevel(child.id())) {
        // A cluster of unknown size ends where the next cluster (or cues, tags...) begins.
        return at;
      }
      if (child.id() == CLUSTER_TIMECODE) {
        clusterTick = unsigned(child);
      } else if (child.id() == SIMPLE_BLOCK) {
        endsAt(clusterTick + blockOffset(child), 0);
      } else if (child.id() == BLOCK_GROUP) {
        readBlockGroup(child, clusterTick);
      }
      at = child.end();
    }
    return cluster.end();
  }

  private void readBlockGroup(Element group, long clusterTick) throws IOException {
    long start = -1;
    long duration = 0;
    for (long at = group.bodyStart(); at < group.end(); ) {
      Element child = require(element(at, group.end()));
      if (child.id() == BLOCK) {
        start = clusterTick + blockOffset(child);
      } else if (child.id() == BLOCK_DURATION) {
        duration = unsigned(child);
      }
      at = child.end();
    }
    if (start >= 0) {
      endsAt(start, duration);
    }
  }

  private void endsAt(long tick, long duration) {
    lastTick = Math.max(lastTick, tick + duration);
  }

  /** A block's timecode relative to its cluster: a signed 16-bit value after the track number. */
  private long blockOffset(Element block) throws IOException {
    ByteBuffer head = file.read(block.bodyStart(), 10);
    int trackLength = vintLength(head.remaining() > 0 ? head.get(0) : 0);
    if (trackLength == 0 || head.remaining() < trackLength + 2) {
      throw new IllegalArgumentException("broken block");
    }
    return head.getShort(trackLength);
  }

  private static boolean isSegmentLevel(long id) {
    return id == CLUSTER || id == INFO || id == TRACKS || id == 0x1C53BB6BL || id == 0x1254C367L
        || id == 0x1043A770L || id == 0x1941A469L || id == 0x114D9B74L;
  }

  /** The element at {@code at}, or null when the bytes left cannot hold a header. */
  private Element element(long at, long parentEnd) throws IOException {
    ByteBuffer head = file.read(at, 12);
    if (head.remaining() < 2) {
      return null;
    }
    int idLength = vintLength(head.get(0));
    if (idLength == 0 || idLength > 4 || head.remaining() < idLength + 1) {
      throw new IllegalArgumentException("broken element id at " + at);
    }
    long id = 0;
    for (int i = 0; i < idLength; i++) {
      id = id << 8 | Byte.toUnsignedInt(head.get(i));
    }
    int sizeLength = vintLength(head.get(idLength));
    if (sizeLength == 0 || head.remaining() < idLength + sizeLength) {
      throw new IllegalArgumentException("broken element size at " + at);
    }
    long size = Byte.toUnsignedInt(head.get(idLength)) & (0xFF >> sizeLength);
    boolean allOnes = size == (0xFF >> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      int b = Byte.toUnsignedInt(head.get(idLength + i));
      allOnes &= b == 0xFF;
      size = size << 8 | b;
    }
    long bodyStart = at + idLength + sizeLength;
    if (allOnes) {
      return new Element(id, bodyStart, parentEnd, false, false);
    }
    if (size < 0 || size > parentEnd - bodyStart) {
      // Truncated at the end (a recording cut short) reads as far as it goes; the rest is not there to play.
      return new Element(id, bodyStart, parentEnd, true, true);
    }
    return new Element(id, bodyStart, bodyStart + size, true, false);
  }

  private static Element require(Element element) {
    if (element == null) {
      throw new IllegalArgumentException("truncated element");
    }
    return element;
  }

  private static int vintLength(byte first) {
    int b = Byte.toUnsignedInt(first);
    return b == 0 ? 0 : Integer.numberOfLeadingZeros(b) - 23;
  }

  /** An unsigned integer, capped so that sums of timecodes cannot overflow. */
  private long unsigned(Element element) throws IOException {
    ByteBuffer body = file.read(element.bodyStart(), (int) Math.min(8, element.end() - element.bodyStart()));
    long value = 0;
    while (body.hasRemaining()) {
      value = value << 8 | Byte.toUnsignedInt(body.get());
    }
    return value < 0 || value > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : value;
  }

  private double floating(Element element) throws IOException {
    long length = element.end() - element.bodyStart();
    ByteBuffer body = file.read(element.bodyStart(), 8);
    if (length == 4 && body.remaining() >= 4) {
      return body.getFloat(0);
    }
    return length == 8 && body.remaining() == 8 ? body.getDouble(0) : 0;
  }

  private String string(Element element) throws IOException {
    ByteBuffer body = file.read(element.bodyStart(), (int) Math.min(64, element.end() - element.bodyStart()));
    StringBuilder text = new StringBuilder();
    while (body.hasRemaining()) {
      byte b = body.get();
      if (b == 0) {
        break;
      }
      text.append((char) (b & 0xFF));
    }
    return text.toString();
  }
}
