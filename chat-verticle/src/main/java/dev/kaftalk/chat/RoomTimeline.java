package dev.kaftalk.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * One room's newest messages in cursor order, with its dedup index. Messages beyond the newest {@code keep} are
 * dropped in steps of a quarter of it (so appending stays cheap) and read back from the room's partition when
 * asked for: the room remembers where that is, where its first message was and which of its records were skipped
 * resends, so that the part read back is exactly what memory would have held.
 */
final class RoomTimeline {

  private final ArrayList<StoredMessage> messages = new ArrayList<>();
  private final String roomId;
  private final DedupIndex dedup;
  private final int keep;
  private final int partition;
  private long firstOffset;
  private long coldBefore;
  /** Offsets of resends skipped by the dedup rule, ascending; only a resend racing its original lands here. */
  private long[] skipped = new long[0];

  RoomTimeline(String roomId, int dedupCapacity, int keep, int partition, long firstOffset) {
    this.roomId = roomId;
    this.dedup = new DedupIndex(dedupCapacity);
    this.keep = keep;
    this.partition = partition;
    this.firstOffset = firstOffset;
    this.coldBefore = firstOffset;
  }

  StoredMessage find(String author, String clientMsgId) {
    return clientMsgId == null ? null : dedup.find(author, clientMsgId);
  }

  /** @return false if it repeats an earlier (author, clientMsgId) of the room, which then is not kept */
  boolean append(StoredMessage message) {
    if (message.clientMsgId() != null && !dedup.add(message)) {
      skipped = Arrays.copyOf(skipped, skipped.length + 1);
      skipped[skipped.length - 1] = message.offset();
      return false;
    }
    messages.add(message);
    if (messages.size() > keep + Math.max(1, keep / 4)) {
      messages.subList(0, messages.size() - keep).clear();
      coldBefore = messages.get(0).offset();
    }
    return true;
  }

  String roomId() {
    return roomId;
  }

  int partition() {
    return partition;
  }

  /** Where the room's first message is (or was, before retention dropped it). */
  long firstOffset() {
    return firstOffset;
  }

  /** The room's messages at offsets in [{@link #firstOffset()}, this) are no longer held in memory. */
  long coldBefore() {
    return coldBefore;
  }

  boolean hasCold() {
    return coldBefore > firstOffset;
  }

  /** Whether the record at {@code offset} was a resend that the dedup rule skipped. */
  boolean skipped(long offset) {
    return Arrays.binarySearch(skipped, offset) >= 0;
  }

  /**
   * Oldest first. With {@code after}: the first {@code limit} messages after it (and before {@code before}, if
   * given). Otherwise the last {@code limit} before {@code before}, or the latest page.
   */
  List<StoredMessage> page(Long before, Long after, int limit) {
    int end = before == null ? messages.size() : firstAtOrAfter(before);
    if (after != null) {
      int start = firstAtOrAfter(after + 1);
      return List.copyOf(messages.subList(start, Math.max(start, Math.min(end, start + limit))));
    }
    return List.copyOf(messages.subList(Math.max(0, end - limit), end));
  }

  /** The message at {@code offset}, or null if there is none (any more). */
  StoredMessage at(long offset) {
    int index = firstAtOrAfter(offset);
    return index < messages.size() && messages.get(index).offset() == offset ? messages.get(index) : null;
  }

  List<StoredMessage> where(Predicate<StoredMessage> select) {
    return messages.stream().filter(select).toList();
  }

  /**
   * Drops messages older than {@code cutoffTs}, as Kafka's retention drops their records; once held ones go, the
   * older part in Kafka (kept as long as its segment) is no longer read back either.
   */
  void trimBefore(long cutoffTs) {
    int expired = 0;
    while (expired < messages.size() && messages.get(expired).ts() < cutoffTs) {
      expired++;
    }
    if (expired > 0) {
      messages.subList(0, expired).clear();
      messages.trimToSize();
      firstOffset = messages.isEmpty() ? coldBefore : messages.get(0).offset();
      coldBefore = firstOffset;
      long first = firstOffset;
      skipped = Arrays.stream(skipped).filter(o -> o >= first).toArray();
    }
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  private int firstAtOrAfter(long offset) {
    int low = 0;
    int high = messages.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (messages.get(mid).offset() < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
