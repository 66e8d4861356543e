package dev.kaftalk.media;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Copies a photo without its metadata: EXIF (GPS position, camera, times), XMP, IPTC and comments go; the pixels are
 * copied byte for byte, never re-encoded. Only the orientation survives, as a minimal EXIF block of that one tag, so
 * the photo still shows upright. Streams the file, whatever its size, through small buffers. JPEG: APP1 (EXIF, XMP),
 * APP13 (IPTC), COM and the MPF APP2 go, and whatever follows the image (MPF's extra pictures); PNG: eXIf, tEXt, zTXt,
 * iTXt; WebP: EXIF and XMP chunks, with the VP8X flags and the RIFF size made to match.
 */
final class MetadataStripper {

  private static final int BUFFER = 64 * 1024;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private MetadataStripper() {
  }

  /**
   * Writes {@code source} without metadata to {@code target}; answers false (and writes nothing) when the type is not
   * one this strips. Fails with IOException on a file that does not follow its format.
   */
  static boolean strip(Path source, String contentType, Path target) throws IOException {
    if (!contentType.equals("image/jpeg") && !contentType.equals("image/png") && !contentType.equals("image/webp")) {
      return false;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source), BUFFER));
         OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), BUFFER)) {
      switch (contentType) {
        case "image/jpeg" -> jpeg(in, out);
        case "image/png" -> png(in, out);
        default -> webp(source, out);
      }
    }
    return true;
  }

  private static void jpeg(DataInputStream in, OutputStream out) throws IOException {
    if (in.readUnsignedShort() != 0xFFD8) {
      throw new IOException("not a JPEG");
    }
    out.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
    boolean orientationKept = false;
    while (true) {
      int marker = nextMarker(in);
      if (marker == 0xD9) {
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        // Anything after the end of the image (MPF's extra pictures with their own EXIF) stays behind.
        return;
      }
      if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
        out.write(new byte[] {(byte) 0xFF, (byte) marker});
        continue;
      }
      int length = in.readUnsignedShort();
      if (length < 2) {
        throw new IOException("broken JPEG segment");
      }
      byte[] body = in.readNBytes(length - 2);
      if (body.length != length - 2) {
        throw new EOFException("JPEG cut short");
      }
      if (marker == 0xE1 || marker == 0xED || marker == 0xFE || marker == 0xE2 && startsWith(body, "MPF\0")) {
        int orientation = marker == 0xE1 && startsWith(body, "Exif\0\0") ? orientation(body, 6) : 1;
        if (orientation != 1 && !orientationKept) {
          byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), orientationTiff(orientation));
          out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (exif.length + 2 >> 8), (byte) (exif.length + 2)});
          out.write(exif);
          orientationKept = true;
        }
        continue;
      }
      out.write(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
      out.write(body);
      if (marker == 0xDA) {
        copyScan(in, out);
      }
    }
  }

  /** The next marker's code, skipping fill bytes. */
  private static int nextMarker(DataInputStream in) throws IOException {
    int b = in.readUnsignedByte();
    if (b != 0xFF) {
      throw new IOException("JPEG marker expected");
    }
    while (b == 0xFF) {
      b = in.readUnsignedByte();
    }
    return b;
  }

  /** Copies entropy-coded data up to the next marker that is not a stuffed byte or a restart, which stays unread. */
  private static void copyScan(DataInputStream in, OutputStream out) throws IOException {
    while (true) {
      in.mark(2);
      int b = in.read();
      if (b < 0) {
        throw new EOFException("JPEG cut short in a scan");
      }
      if (b != 0xFF) {
        out.write(b);
        continue;
      }
      int next = in.read();
      if (next == 0x00 || next >= 0xD0 && next <= 0xD7) {
        out.write(b);
        out.write(next);
        continue;
      }
      in.reset();
      return;
    }
  }

  private static void png(DataInputStream in, OutputStream out) throws IOException {
    byte[] signature = in.readNBytes(8);
    if (!Arrays.equals(signature, PNG_SIGNATURE)) {
      throw new IOException("not a PNG");
    }
    out.write(signature);
    while (true) {
      int length = in.readInt();
      byte[] type = in.readNBytes(4);
      String name = new String(type, StandardCharsets.ISO_8859_1);
      if (length < 0 || type.length != 4) {
        throw new IOException("broken PNG chunk");
      }
      boolean metadata = name.equals("eXIf") || name.equals("tEXt") || name.equals("zTXt") || name.equals("iTXt");
      if (metadata) {
        byte[] data = readExactly(in, length);
        in.readInt();
        int orientation = name.equals("eXIf") ? orientation(data, 0) : 1;
        if (orientation != 1) {
          writePngChunk(out, "eXIf", orientationTiff(orientation));
        }
      } else {
        ByteBuffer head = ByteBuffer.allocate(8).putInt(length).put(type);
        out.write(head.array());
        copy(in, out, length + 4L);
      }
      if (name.equals("IEND")) {
        return;
      }
    }
  }

  private static void writePngChunk(OutputStream out, String type, byte[] data) throws IOException {
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.write(ByteBuffer.allocate(8).putInt(data.length).put(typeBytes).array());
    out.write(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** One RIFF chunk of a WebP: where its header starts and its size with padding. */
  private record Chunk(String name, long at, long padded) {
  }

  /** Two passes over the file: the chunks are listed first, since the RIFF size heads the file. */
  private static void webp(Path source, OutputStream out) throws IOException {
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
      FileBytes file = new FileBytes(channel);
      if (!file.startsWith(0, "RIFF") || !file.startsWith(8, "WEBP")) {
        throw new IOException("not a WebP");
      }
      long riffEnd = Math.min(file.size(),
          8 + Integer.toUnsignedLong(file.read(4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0)));
      List<Chunk> kept = new ArrayList<>();
      int orientation = 1;
      long position = 12;
      while (position + 8 <= riffEnd) {
        ByteBuffer header = file.read(position, 8).order(ByteOrder.LITTLE_ENDIAN);
        String name = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
        long size = Integer.toUnsignedLong(header.getInt(4));
        Chunk chunk = new Chunk(name, position, 8 + size + (size & 1));
        if (name.equals("EXIF")) {
          byte[] exif = file.read(position + 8, (int) Math.min(size, BUFFER)).array();
          orientation = orientation(exif, startsWith(exif, "Exif\0\0") ? 6 : 0);
        } else if (!name.equals("XMP ")) {
          kept.add(chunk);
        }
        position += chunk.padded();
      }
      byte[] exif = orientation == 1 ? null : orientationTiff(orientation);
      long riffSize = 4 + kept.stream().mapToLong(Chunk::padded).sum() + (exif == null ? 0 : 8 + exif.length);
      out.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes(StandardCharsets.ISO_8859_1))
          .putInt((int) riffSize).put("WEBP".getBytes(StandardCharsets.ISO_8859_1)).array());
      for (Chunk chunk : kept) {
        if (chunk.name().equals("VP8X")) {
          byte[] vp8x = file.read(chunk.at(), (int) chunk.padded()).array();
          // Flags: XMP (0x04) is gone, EXIF (0x08) only stays with the orientation.
          vp8x[8] &= (byte) (exif == null ? ~0x0C : ~0x04);
          out.write(vp8x);
        } else {
          copy(Channels.newInputStream(channel.position(chunk.at())), out, chunk.padded());
        }
      }
      if (exif != null) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put("EXIF".getBytes(StandardCharsets.ISO_8859_1))
            .putInt(exif.length).array());
        out.write(exif);
      }
    }
  }

  /** The orientation in a TIFF structure (EXIF) starting at {@code offset}; 1 (upright) when there is none. */
  static int orientation(byte[] exif, int offset) {
    if (exif.length < offset + 8) {
      return 1;
    }
    ByteBuffer tiff = ByteBuffer.wrap(exif, offset, exif.length - offset).slice();
    tiff.order(exif[offset] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long ifd = Integer.toUnsignedLong(tiff.getInt(4));
    if (ifd + 2 > tiff.limit()) {
      return 1;
    }
    int entries = Short.toUnsignedInt(tiff.getShort((int) ifd));
    for (int i = 0; i < entries; i++) {
      int at = (int) ifd + 2 + 12 * i;
      if (at + 12 > tiff.limit()) {
        return 1;
      }
      if (Short.toUnsignedInt(tiff.getShort(at)) == ORIENTATION_TAG) {
        int value = Short.toUnsignedInt(tiff.getShort(at + 8));
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  /** A big-endian TIFF structure with one IFD holding only the orientation. */
  private static byte[] orientationTiff(int orientation) {
    return ByteBuffer.allocate(26)
        .put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8)
        .putShort((short) 1)
        .putShort((short) ORIENTATION_TAG).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
        .putInt(0)
        .array();
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[8192];
    long left = length;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new EOFException("file cut short");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static byte[] readExactly(InputStream in, int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException("file cut short");
    }
    return bytes;
  }

  private static boolean startsWith(byte[] bytes, String ascii) {
    if (bytes.length < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
