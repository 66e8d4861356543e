package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
 * <p>Memory: each room holds its newest {@code keepPerRoom} messages (up to a quarter more between trims) and reads
 * older ones back from Kafka ({@link ColdHistory}), so memory is bounded by rooms x keepPerRoom, not by traffic.
 * About 190 bytes per held message plus its text (one byte per char for Latin-1 text, two otherwise): a
 * {@link StoredMessage} (~64), its clientMsgId string (~40 + length, ~76 for a UUID), the text string's ~40 bytes of
 * overhead and its 4-byte list slot; authors are one shared string per name. The room's {@link DedupIndex} adds
 * ~72 bytes for each of its last 1000 messages. Measured: a million 50-char messages with UUID clientMsgIds take
 * 253 MB (253 bytes each, dedup entries included), so 2000 held messages are about 0.5 MB per busy room.
 */
final class Timeline {

  private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

  private final Map<String, RoomTimeline> rooms = new HashMap<>();
  private final Map<String, String> authors = new HashMap<>();
  private final Delivery delivery;
  private final ColdHistory cold;
  private final int dedupPerRoom;
  private final int keepPerRoom;

  Timeline(Delivery delivery, ColdHistory cold, int dedupPerRoom, int keepPerRoom) {
    this.delivery = delivery;
    this.cold = cold;
    this.dedupPerRoom = dedupPerRoom;
    this.keepPerRoom = keepPerRoom;
  }

  void apply(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String type = json.getString("type", "");
    if (type.equals(ChatMessage.RECORD_TYPE)) {
      applyMessage(ChatMessage.fromJson(json), record.partition(), record.offset(), live);
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

  /** As {@link RoomTimeline#page}, whether the page lies in memory, in Kafka or across both. */
  Future<List<ChatMessage>> page(String roomId, Long before, Long after, int limit) {
    RoomTimeline room = rooms.get(roomId);
    if (room == null) {
      return Future.succeededFuture(List.of());
    }
    List<StoredMessage> held = room.page(before, after, limit);
    Future<List<StoredMessage>> page;
    if (after != null && after + 1 < room.coldBefore()) {
      page = cold.from(room, after + 1, before == null ? Long.MAX_VALUE : before, limit, m -> true)
          .map(older -> joined(older, held).subList(0, Math.min(limit, older.size() + held.size())));
    } else if (after == null && held.size() < limit && room.hasCold()) {
      page = cold.before(room, before == null ? Long.MAX_VALUE : before, limit - held.size())
          .map(older -> joined(older, held));
    } else {
      page = Future.succeededFuture(held);
    }
    return page.map(messages -> messages.stream().map(m -> m.toMessage(roomId)).toList());
  }

  /** The messages at these offsets of the room, in the order given; offsets no longer kept are left out. */
  Future<List<ChatMessage>> at(String roomId, List<Long> offsets) {
    RoomTimeline room = rooms.get(roomId);
    if (room == null) {
      return Future.succeededFuture(List.of());
    }
    Map<Long, StoredMessage> held = new HashMap<>();
    offsets.forEach(offset -> {
      StoredMessage message = room.at(offset);
      if (message != null) {
        held.put(offset, message);
      }
    });
    List<Long> older = offsets.stream().filter(o -> !held.containsKey(o) && o < room.coldBefore()).toList();
    Future<Map<Long, StoredMessage>> fromKafka = older.isEmpty() ? Future.succeededFuture(Map.of())
        : cold.at(room, older);
    return fromKafka.map(read -> offsets.stream().map(o -> held.containsKey(o) ? held.get(o) : read.get(o))
        .filter(Objects::nonNull).map(m -> m.toMessage(roomId)).toList());
  }

  /** Offsets of the room's messages sent at or after {@code fromTs} that {@code select} accepts, oldest first. */
  Future<List<Long>> offsetsSince(String roomId, long fromTs, Predicate<StoredMessage> select) {
    RoomTimeline room = rooms.get(roomId);
    if (room == null) {
      return Future.succeededFuture(List.of());
    }
    Predicate<StoredMessage> since = m -> m.ts() >= fromTs && select.test(m);
    List<StoredMessage> held = room.where(since);
    Future<List<StoredMessage>> all = room.hasCold()
        ? cold.since(room, fromTs, since).map(older -> joined(older, held)) : Future.succeededFuture(held);
    return all.map(messages -> messages.stream().map(StoredMessage::offset).toList());
  }

  /** Drops messages Kafka no longer keeps; a room left with none keeps no dedup entries either. */
  void trimBefore(long cutoffTs) {
    rooms.values().removeIf(room -> {
      room.trimBefore(cutoffTs);
      return room.isEmpty();
    });
  }

  private void applyMessage(ChatMessage message, int partition, long offset, boolean live) {
    String author = authors.computeIfAbsent(message.author(), a -> a);
    StoredMessage stored = StoredMessage.of(message, offset, author);
    RoomTimeline room = rooms.computeIfAbsent(message.roomId(),
        r -> new RoomTimeline(r, dedupPerRoom, keepPerRoom, partition, offset));
    if (!room.append(stored)) {
      LOG.debug("Skipped resend {} of {} in room {}", message.clientMsgId(), author, message.roomId());
      return;
    }
    if (live) {
      delivery.message(message.withCursor(Cursor.format(offset)), offset);
    }
  }

  private static List<StoredMessage> joined(List<StoredMessage> older, List<StoredMessage> newer) {
    List<StoredMessage> all = new ArrayList<>(older.size() + newer.size());
    all.addAll(older);
    all.addAll(newer);
    return all;
  }
}
