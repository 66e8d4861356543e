package dev.kaftalk.dnd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One quiet user's current quiet stretch on this instance: references to what was held back from them, by room, and
 * which of them notify ({@link dev.kaftalk.model.Attention}): a second offset set per room, for the notifying ones only.
 *
 * @see OffsetSet for the memory cost
 */
final class Stretch {

  /** Epoch ms the stretch began; a rebuild after a restart asks for what arrived since. */
  final long since;
  /** False until a stretch found open at start-up has been refilled from the timelines; it cannot close before. */
  boolean rebuilt;
  boolean rebuilding;
  private final Map<String, OffsetSet> rooms = new LinkedHashMap<>();
  private final Map<String, OffsetSet> notifying = new HashMap<>();

  Stretch(long since, boolean rebuilt) {
    this.since = since;
    this.rebuilt = rebuilt;
  }

  void add(String roomId, long offset, boolean notify) {
    rooms.computeIfAbsent(roomId, r -> new OffsetSet()).add(offset);
    if (notify) {
      notifying.computeIfAbsent(roomId, r -> new OffsetSet()).add(offset);
    }
  }

  /** Takes a message out (an urgent break-through delivered it live); @return whether it was held */
  boolean remove(String roomId, long offset) {
    OffsetSet room = rooms.get(roomId);
    OffsetSet notifies = notifying.get(roomId);
    if (notifies != null) {
      notifies.remove(offset);
    }
    return room != null && room.remove(offset);
  }

  /**
   * Merges refs in the {@code {refs:[{roomId, offsets, notify?}]}} shape the chat service answers with, {@code notify}
   * the notifying ones among {@code offsets}.
   */
  void addAll(JsonArray refs) {
    for (Object item : refs) {
      JsonObject ref = (JsonObject) item;
      String roomId = ref.getString("roomId");
      ref.getJsonArray("offsets").forEach(o -> add(roomId, ((Number) o).longValue(), false));
      ref.getJsonArray("notify", new JsonArray()).forEach(o -> add(roomId, ((Number) o).longValue(), true));
    }
  }

  int size() {
    return rooms.values().stream().mapToInt(OffsetSet::size).sum();
  }

  /** The same shape, offsets ascending within each room; {@code notify} only where some notify. */
  JsonArray refs() {
    JsonArray refs = new JsonArray();
    rooms.forEach((roomId, set) -> {
      JsonObject ref = new JsonObject().put("roomId", roomId).put("offsets", json(set));
      OffsetSet notifies = notifying.get(roomId);
      refs.add(notifies == null || notifies.size() == 0 ? ref : ref.put("notify", json(notifies)));
    });
    return refs;
  }

  private static JsonArray json(OffsetSet set) {
    JsonArray offsets = new JsonArray();
    for (long offset : set.toArray()) {
      offsets.add(offset);
    }
    return offsets;
  }
}
