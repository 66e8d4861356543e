package dev.kaftalk.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Positional reads of small windows of an uploaded file, so that probing never loads the whole file. */
final class FileBytes {

  private final FileChannel channel;
  private final long size;

  FileBytes(FileChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
  }

  long size() {
    return size;
  }

  /** Up to {@code length} bytes at {@code position}, fewer at the end of the file; big-endian. */
  ByteBuffer read(long position, int length) throws IOException {
    int wanted = (int) Math.max(0, Math.min(length, size - position));
    ByteBuffer buffer = ByteBuffer.allocate(wanted);
    while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
      // keep reading until the window is full
    }
    return buffer.flip().order(ByteOrder.BIG_ENDIAN);
  }

  /** Whether the bytes at {@code position} spell {@code ascii}. */
  boolean startsWith(long position, String ascii) throws IOException {
    ByteBuffer window = read(position, ascii.length());
    if (window.remaining() < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (window.get(i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The first position of {@code ascii} within the first {@code within} bytes, or -1. */
  long indexOf(String ascii, long from, int within) throws IOException {
    ByteBuffer window = read(from, within);
    byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + needle.length <= window.limit(); i++) {
      for (int j = 0; j < needle.length; j++) {
        if (window.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return from + i;
    }
    return -1;
  }
}
