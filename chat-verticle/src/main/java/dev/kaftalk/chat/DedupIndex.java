package dev.kaftalk.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One room's recent (author, clientMsgId) pairs and the message each first produced, so that a resend is answered
 * with the original instead of posting again.
 *
 * <p>Bounded to the room's last {@code capacity} messages that carry a clientMsgId (default 1000, config
 * {@code chat.dedupPerRoom}): a resend older than that posts again. Each entry costs about 72 bytes (a 40-byte
 * linked map entry, a 24-byte key sharing the message's strings, and its table slot), so at most about 72 KB per
 * room with the default. The eviction order is the room's partition order, which every instance sees the same, so
 * all instances agree on which resends are duplicates.
 */
final class DedupIndex {

  private record Key(String author, String clientMsgId) {
  }

  private final Map<Key, StoredMessage> entries;

  DedupIndex(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, StoredMessage> eldest) {
        return size() > capacity;
      }
    };
  }

  StoredMessage find(String author, String clientMsgId) {
    return entries.get(new Key(author, clientMsgId));
  }

  /** @return false if the pair is already known, in which case nothing changes */
  boolean add(StoredMessage message) {
    return entries.putIfAbsent(new Key(message.author(), message.clientMsgId()), message) == null;
  }
}
