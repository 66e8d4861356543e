package dev.kaftalk.dnd;

import java.util.Arrays;

/**
 * A sorted set of one room's message offsets in a primitive array: 8 bytes a message (plus up to half again of
 * spare capacity), since a quiet user's buffer keeps references only. Live references arrive in offset order and
 * are appended; a restart's rebuild merges older ones in, duplicates dropped.
 */
final class OffsetSet {

  private long[] offsets = new long[8];
  private int size;

  void add(long offset) {
    if (size > 0 && offsets[size - 1] >= offset) {
      int at = Arrays.binarySearch(offsets, 0, size, offset);
      if (at < 0) {
        insert(-at - 1, offset);
      }
      return;
    }
    insert(size, offset);
  }

  /** @return whether it held {@code offset} */
  boolean remove(long offset) {
    int at = Arrays.binarySearch(offsets, 0, size, offset);
    if (at < 0) {
      return false;
    }
    System.arraycopy(offsets, at + 1, offsets, at, size - at - 1);
    size--;
    return true;
  }

  int size() {
    return size;
  }

  long[] toArray() {
    return Arrays.copyOf(offsets, size);
  }

  private void insert(int index, long offset) {
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, size + (size >> 1) + 1);
    }
    System.arraycopy(offsets, index, offsets, index + 1, size - index);
    offsets[index] = offset;
    size++;
  }
}
