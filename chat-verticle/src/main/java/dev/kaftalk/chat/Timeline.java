package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Topics;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every room's history, materialized from {@link Topics#MESSAGES}; what arrives live is handed to {@link Delivery}.
 *
 * <p>Every instance applies a room's records in the same partition order, so the rule "the first record of an
 * (author, clientMsgId) pair in the room wins, later ones are skipped" gives every instance the same history and
 * sends each message's frame once.
 *
 * <p>Memory: about 190 bytes per message plus its text (one byte per char for Latin-1 text, two otherwise): a
 * {@link StoredMessage} (~64), its clientMsgId string (~40 + length, ~76 for a UUID), the text string's ~40 bytes of
 * overhead and its 4-byte list slot; authors are one shared string per name. The room's {@link DedupIndex} adds
 * ~72 bytes for each of its last 1000 messages. Messages older than the topic's retention are dropped, as Kafka
 * drops them. Measured: a million 50-char messages with UUID clientMsgIds in 100 rooms take 253 MB (253 bytes each,
 * dedup entries included).
 */
final class Timeline {

  private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

  private final Map<String, RoomTimeline> rooms = new HashMap<>();
  private final Map<String, String> authors = new HashMap<>();
  private final Delivery delivery;
  private final int dedupPerRoom;

  Timeline(Delivery delivery, int dedupPerRoom) {
    this.delivery = delivery;
    this.dedupPerRoom = dedupPerRoom;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String type = json.getString("type", "");
    if (type.equals(ChatMessage.RECORD_TYPE)) {
      applyMessage(ChatMessage.fromJson(json), record.offset(), live);
    } else if (live && (type.equals("joined") || type.equals("left"))) {
      String roomId = json.getString("roomId");
      String username = json.getString("username");
      delivery.toMembersAnd(roomId, username, Frames.room(type, roomId, username));
    }
  }

  /** The message an (author, clientMsgId) pair first produced in the room, if still remembered. */
  ChatMessage find(String roomId, String author, String clientMsgId) {
    RoomTimeline room = rooms.get(roomId);
    StoredMessage found = room == null ? null : room.find(author, clientMsgId);
    return found == null ? null : found.toMessage(roomId);
  }

  List<ChatMessage> page(String roomId, Long before, Long after, int limit) {
    RoomTimeline room = rooms.get(roomId);
    return room == null ? List.of()
        : room.page(before, after, limit).stream().map(m -> m.toMessage(roomId)).toList();
  }

  /** The messages at these offsets of the room, in the order given; offsets no longer kept are left out. */
  List<ChatMessage> at(String roomId, List<Long> offsets) {
    RoomTimeline room = rooms.get(roomId);
    return room == null ? List.of() : offsets.stream().map(room::at).filter(Objects::nonNull)
        .map(m -> m.toMessage(roomId)).toList();
  }

  /** Offsets of the room's messages that {@code select} accepts, oldest first. */
  List<Long> offsetsWhere(String roomId, Predicate<StoredMessage> select) {
    RoomTimeline room = rooms.get(roomId);
    return room == null ? List.of() : room.where(select).stream().map(StoredMessage::offset).toList();
  }

  /** Drops messages Kafka no longer keeps; a room left with none keeps no dedup entries either. */
  void trimBefore(long cutoffTs) {
    rooms.values().removeIf(room -> {
      room.trimBefore(cutoffTs);
      return room.isEmpty();
    });
  }

  private void applyMessage(ChatMessage message, long offset, boolean live) {
    String author = authors.computeIfAbsent(message.author(), a -> a);
    StoredMessage stored = StoredMessage.of(message, offset, author);
    if (!rooms.computeIfAbsent(message.roomId(), r -> new RoomTimeline(dedupPerRoom)).append(stored)) {
      LOG.debug("Skipped resend {} of {} in room {}", message.clientMsgId(), author, message.roomId());
      return;
    }
    if (live) {
      delivery.message(message.withCursor(Cursor.format(offset)), offset);
    }
  }
}
