package dev.kaftalk.dnd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One quiet user's current quiet stretch on this instance: references to what was held back from them, by room.
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

  Stretch(long since, boolean rebuilt) {
    this.since = since;
    this.rebuilt = rebuilt;
  }

  void add(String roomId, long offset) {
    rooms.computeIfAbsent(roomId, r -> new OffsetSet()).add(offset);
  }

  /** Merges refs in the {@code {refs:[{roomId, offsets}]}} shape the chat service answers with. */
  void addAll(JsonArray refs) {
    for (Object item : refs) {
      JsonObject ref = (JsonObject) item;
      ref.getJsonArray("offsets").forEach(o -> add(ref.getString("roomId"), ((Number) o).longValue()));
    }
  }

  int size() {
    return rooms.values().stream().mapToInt(OffsetSet::size).sum();
  }

  /** The same shape, offsets ascending within each room. */
  JsonArray refs() {
    JsonArray refs = new JsonArray();
    rooms.forEach((roomId, set) -> {
      JsonArray offsets = new JsonArray();
      for (long offset : set.toArray()) {
        offsets.add(offset);
      }
      refs.add(new JsonObject().put("roomId", roomId).put("offsets", offsets));
    });
    return refs;
  }
}
