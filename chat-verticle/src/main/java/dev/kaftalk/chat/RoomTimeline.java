package dev.kaftalk.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** One room's messages in cursor order, with its dedup index. */
final class RoomTimeline {

  private final ArrayList<StoredMessage> messages = new ArrayList<>();
  private final DedupIndex dedup;

  RoomTimeline(int dedupCapacity) {
    this.dedup = new DedupIndex(dedupCapacity);
  }

  StoredMessage find(String author, String clientMsgId) {
    return clientMsgId == null ? null : dedup.find(author, clientMsgId);
  }

  /** @return false if it repeats an earlier (author, clientMsgId) of the room, which then is not kept */
  boolean append(StoredMessage message) {
    if (message.clientMsgId() != null && !dedup.add(message)) {
      return false;
    }
    messages.add(message);
    return true;
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

  /** Drops messages older than {@code cutoffTs}, as Kafka's retention drops their records. */
  void trimBefore(long cutoffTs) {
    int expired = 0;
    while (expired < messages.size() && messages.get(expired).ts() < cutoffTs) {
      expired++;
    }
    if (expired > 0) {
      messages.subList(0, expired).clear();
      messages.trimToSize();
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
