package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;

import java.util.HashMap;
import java.util.Map;

/**
 * The messages handed out live that the store's reads cannot see yet (the {@link HistoryRefresher} makes them
 * visible within its interval), by resend key. A sender's reply, and the resend check before a write, look here
 * first, so that neither waits for a refresh. Event-loop confined.
 */
final class UnrefreshedMessages {

  private record Entry(int partition, long offset, ChatMessage message) {
  }

  private final Map<String, Entry> byResendKey = new HashMap<>();

  void add(int partition, long offset, ChatMessage message) {
    if (message.clientMsgId() != null) {
      byResendKey.putIfAbsent(key(message.roomId(), message.author(), message.clientMsgId()),
          new Entry(partition, offset, message));
    }
  }

  /** Reads now see every record up to these offsets (per partition). */
  void visibleUpTo(Map<Integer, Long> lastOffsets) {
    byResendKey.values().removeIf(entry -> entry.offset() <= lastOffsets.getOrDefault(entry.partition(), -1L));
  }

  /** The message an (author, clientMsgId) pair produced in the room, if reads cannot see it yet; else null. */
  ChatMessage find(String roomId, String author, String clientMsgId) {
    Entry entry = byResendKey.get(key(roomId, author, clientMsgId));
    return entry == null ? null : entry.message();
  }

  private static String key(String roomId, String author, String clientMsgId) {
    return HistoryDocuments.dedupKey(roomId, author, clientMsgId);
  }
}
