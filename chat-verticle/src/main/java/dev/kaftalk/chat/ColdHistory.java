package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The part of a room's history that memory no longer holds ({@link RoomTimeline#coldBefore()}), read back from the
 * room's partition with the rules the live path applied: messages only, skipped resends left out.
 *
 * <p>Other rooms share the partition, so a scan reads their records too. Scans go in chunks that double from
 * {@value #FIRST_CHUNK} up to {@value #MAX_CHUNK} offsets and never go below the room's first message, so a page is
 * never empty while older messages exist, and a sparse room costs a longer scan rather than a wrong answer.
 */
final class ColdHistory {

  private static final Logger LOG = LoggerFactory.getLogger(ColdHistory.class);
  private static final long FIRST_CHUNK = 1_000;
  private static final long MAX_CHUNK = 64_000;

  private final ColdLog log;

  ColdHistory(ColdLog log) {
    this.log = log;
  }

  /** The last {@code limit} messages of the room before {@code end}, oldest first. */
  Future<List<StoredMessage>> before(RoomTimeline room, long end, int limit) {
    return backward(room, Math.min(end, room.coldBefore()), limit, FIRST_CHUNK, List.of());
  }

  /** The first {@code limit} messages of the room at or after {@code from} and before {@code to} that match. */
  Future<List<StoredMessage>> from(RoomTimeline room, long from, long to, int limit,
      Predicate<StoredMessage> select) {
    return forward(room, Math.max(from, room.firstOffset()), Math.min(to, room.coldBefore()), limit, select,
        FIRST_CHUNK, new ArrayList<>());
  }

  /** The room's messages at these offsets, by offset; offsets that are not (or no longer) its messages are absent. */
  Future<Map<Long, StoredMessage>> at(RoomTimeline room, List<Long> offsets) {
    return collect(room, new TreeSet<>(offsets), new HashMap<>());
  }

  /** The room's messages sent at or after {@code fromTs} that {@code select} accepts, oldest first. */
  Future<List<StoredMessage>> since(RoomTimeline room, long fromTs, Predicate<StoredMessage> select) {
    return log.offsetAt(room.partition(), fromTs).compose(start -> start == null ? Future.succeededFuture(List.of())
        : from(room, start, Long.MAX_VALUE, Integer.MAX_VALUE, select));
  }

  private Future<List<StoredMessage>> backward(RoomTimeline room, long end, int limit, long chunk,
      List<StoredMessage> found) {
    if (found.size() >= limit || end <= room.firstOffset()) {
      return Future.succeededFuture(found.subList(Math.max(0, found.size() - limit), found.size()));
    }
    long start = Math.max(room.firstOffset(), end - chunk);
    return read(room, start, end).compose(older -> {
      List<StoredMessage> merged = new ArrayList<>(older);
      merged.addAll(found);
      return backward(room, start, limit, Math.min(chunk * 2, MAX_CHUNK), merged);
    });
  }

  private Future<List<StoredMessage>> forward(RoomTimeline room, long from, long to, int limit,
      Predicate<StoredMessage> select, long chunk, List<StoredMessage> found) {
    if (found.size() >= limit || from >= to) {
      return Future.succeededFuture(found.size() > limit ? found.subList(0, limit) : found);
    }
    long until = to - from > chunk ? from + chunk : to;
    return read(room, from, until).compose(messages -> {
      messages.stream().filter(select).forEach(found::add);
      return forward(room, until, to, limit, select, Math.min(chunk * 2, MAX_CHUNK), found);
    });
  }

  private Future<Map<Long, StoredMessage>> collect(RoomTimeline room, TreeSet<Long> wanted,
      Map<Long, StoredMessage> found) {
    wanted.headSet(room.firstOffset()).clear();
    wanted.tailSet(room.coldBefore()).clear();
    if (wanted.isEmpty()) {
      return Future.succeededFuture(found);
    }
    long start = wanted.first();
    long end = Math.min(room.coldBefore(), start + FIRST_CHUNK);
    return read(room, start, end).compose(messages -> {
      messages.stream().filter(m -> wanted.contains(m.offset())).forEach(m -> found.put(m.offset(), m));
      wanted.headSet(end).clear();
      return collect(room, wanted, found);
    });
  }

  private Future<List<StoredMessage>> read(RoomTimeline room, long from, long to) {
    String roomId = room.roomId();
    return log.read(room.partition(), from, to, roomId).map(entries -> {
      List<StoredMessage> messages = new ArrayList<>();
      for (ColdLog.Entry entry : entries) {
        StoredMessage message = message(roomId, entry);
        if (message != null && !room.skipped(entry.offset())) {
          messages.add(message);
        }
      }
      return messages;
    });
  }

  private static StoredMessage message(String roomId, ColdLog.Entry entry) {
    try {
      JsonObject json = new JsonObject(entry.value());
      if (!ChatMessage.RECORD_TYPE.equals(json.getString("type"))) {
        return null;
      }
      ChatMessage message = ChatMessage.fromJson(json);
      return roomId.equals(message.roomId()) ? StoredMessage.of(message, entry.offset(), message.author()) : null;
    } catch (RuntimeException e) {
      LOG.debug("Skipped unreadable record {} of room {}: {}", entry.offset(), roomId, e.toString());
      return null;
    }
  }
}
