package dev.kaftalk.dnd;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Frames;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns references into frames on the user's inbox: the bodies come from the chat service's timelines
 * ({@link Addresses#CHAT_MESSAGES_FETCH}), so no second copy of them is kept. A batch is ordered by cursor within
 * each room, rooms by their first message, and split into parts of at most {@code batchSize}.
 */
final class BatchDelivery {

  private final EventBus bus;
  private final int batchSize;

  BatchDelivery(EventBus bus, int batchSize) {
    this.bus = bus;
    this.batchSize = batchSize;
  }

  /** @return how many messages went out */
  Future<Integer> batch(String username, JsonArray refs) {
    return fetch(username, refs).map(messages -> {
      List<JsonObject> ordered = ordered(messages);
      int parts = (ordered.size() + batchSize - 1) / batchSize;
      for (int part = 0; part < parts; part++) {
        JsonArray chunk = new JsonArray(new ArrayList<>(
            ordered.subList(part * batchSize, Math.min(ordered.size(), (part + 1) * batchSize))));
        bus.publish(Addresses.inbox(username), Frames.batch(part + 1, parts, chunk));
      }
      return ordered.size();
    });
  }

  /** A message held back after the user's quiet stretch ended goes out as an ordinary live frame. */
  Future<Void> live(String username, String roomId, long offset) {
    JsonArray refs = new JsonArray().add(new JsonObject().put("roomId", roomId).put("offsets", new JsonArray().add(offset)));
    return fetch(username, refs).map(messages -> {
      messages.forEach(m -> bus.publish(Addresses.inbox(username), Frames.message((JsonObject) m)));
      return null;
    });
  }

  private Future<JsonArray> fetch(String username, JsonArray refs) {
    return bus.<JsonObject>request(Addresses.CHAT_MESSAGES_FETCH,
            new JsonObject().put("username", username).put("refs", refs))
        .map(reply -> reply.body().getJsonArray("messages"));
  }

  /** The chat service answers room by room in cursor order; rooms then go in the order of their first message. */
  private static List<JsonObject> ordered(JsonArray messages) {
    Map<String, List<JsonObject>> byRoom = new LinkedHashMap<>();
    messages.forEach(m -> byRoom.computeIfAbsent(((JsonObject) m).getString("roomId"), r -> new ArrayList<>())
        .add((JsonObject) m));
    return byRoom.values().stream()
        .sorted(Comparator.comparingLong((List<JsonObject> room) -> room.get(0).getLong("ts")))
        .flatMap(List::stream)
        .toList();
  }
}
