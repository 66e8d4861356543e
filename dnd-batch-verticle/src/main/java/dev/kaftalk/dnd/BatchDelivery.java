package dev.kaftalk.dnd;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Attention;
import dev.kaftalk.model.Frames;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /** @return how many messages went out; each part counts its messages that notify ({@code notify}) */
  Future<Integer> batch(String username, JsonArray refs) {
    return fetch(username, refs).map(fetched -> {
      List<JsonObject> ordered = ordered(fetched.getJsonArray("messages"));
      Set<Object> notifying = new HashSet<>(fetched.getJsonArray("notifying").getList());
      int parts = (ordered.size() + batchSize - 1) / batchSize;
      for (int part = 0; part < parts; part++) {
        List<JsonObject> chunk = ordered.subList(part * batchSize, Math.min(ordered.size(), (part + 1) * batchSize));
        int notify = (int) chunk.stream().filter(m -> notifying.contains(m.getString("id"))).count();
        bus.publish(Addresses.inbox(username), Frames.batch(part + 1, parts, new JsonArray(new ArrayList<>(chunk)),
            notify));
      }
      return ordered.size();
    });
  }

  /** A message held back after the user's quiet stretch ended goes out as an ordinary live frame. */
  Future<Void> live(String username, String roomId, long offset, boolean notify) {
    Attention.Notify call = notify ? Attention.Notify.NORMAL : Attention.Notify.NONE;
    return one(username, roomId, offset).map(message -> publish(username, Frames.message(message, call)));
  }

  /** An urgent break-through {@code {roomId, offset, by, reason}}, live into the user's quiet hours. */
  Future<Void> urgent(String username, JsonObject grant) {
    return one(username, grant.getString("roomId"), grant.getLong("offset")).map(message -> publish(username,
        Frames.urgent(message, grant.getString("by"), grant.getString("reason"))));
  }

  /** The message at {@code offset}, or null when it is gone (deleted, or the user left the room). */
  private Future<JsonObject> one(String username, String roomId, long offset) {
    JsonArray refs = new JsonArray().add(new JsonObject().put("roomId", roomId).put("offsets", new JsonArray().add(offset)));
    return fetch(username, refs).map(fetched -> fetched.getJsonArray("messages").isEmpty() ? null
        : fetched.getJsonArray("messages").getJsonObject(0));
  }

  private Void publish(String username, JsonObject frame) {
    if (frame.getJsonObject("message") != null) {
      bus.publish(Addresses.inbox(username), frame);
    }
    return null;
  }

  private Future<JsonObject> fetch(String username, JsonArray refs) {
    return bus.<JsonObject>request(Addresses.CHAT_MESSAGES_FETCH,
            new JsonObject().put("username", username).put("refs", refs))
        .map(reply -> reply.body());
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
