package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the quiet-hours service asks of the timelines, so that it keeps references rather than a second copy of
 * message bodies: the bodies behind its references ({@link Addresses#CHAT_MESSAGES_FETCH}), and after a restart the
 * references the live gate would have held back ({@link Addresses#CHAT_QUIET_BACKLOG}), chosen with the same
 * {@link QuietGate} rule. Both read messages as they stand: edited ones in their final form, deleted ones not at all.
 */
final class QuietQueries {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final QuietGate gate;
  private final Supplier<Future<Void>> handedOutVisible;

  /**
   * @param handedOutVisible completes once every message handed out so far can be read back: the quiet-hours service
   *                         may fetch a message it was handed a moment ago
   */
  QuietQueries(RoomDirectory directory, Timeline timeline, QuietGate gate, Supplier<Future<Void>> handedOutVisible) {
    this.directory = directory;
    this.timeline = timeline;
    this.gate = gate;
    this.handedOutVisible = handedOutVisible;
  }

  /** Rooms the user has left since are skipped: nothing of a room is pushed to someone outside it. */
  Future<JsonObject> fetch(Message<?> msg) {
    return handedOutVisible.get().compose(v -> fetchVisible(msg));
  }

  private Future<JsonObject> fetchVisible(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    List<Future<List<ChatMessage>>> rooms = new ArrayList<>();
    for (Object item : body.getJsonArray("refs", new JsonArray())) {
      JsonObject ref = (JsonObject) item;
      if (directory.isMember(ref.getString("roomId"), user)) {
        List<Long> offsets = ref.getJsonArray("offsets").stream().map(o -> ((Number) o).longValue()).toList();
        rooms.add(timeline.at(ref.getString("roomId"), offsets));
      }
    }
    return Future.all(rooms).map(all -> {
      JsonArray messages = new JsonArray();
      // A message deleted while its reader was quiet never reaches them.
      rooms.forEach(room -> room.result().stream().filter(m -> !m.deleted()).map(ChatMessage::toJson)
          .forEach(messages::add));
      return new JsonObject().put("messages", messages);
    });
  }

  Future<JsonObject> backlog(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    long from = body.getLong("from");
    List<String> roomIds = List.copyOf(directory.roomsOf(user));
    List<Future<List<Long>>> rooms = roomIds.stream().map(roomId -> timeline.offsetsSince(roomId, from,
        m -> !m.author().equals(user) && !m.deleted() && gate.quietAt(user, m.ts()))).toList();
    return Future.all(rooms).map(all -> {
      JsonArray refs = new JsonArray();
      for (int i = 0; i < roomIds.size(); i++) {
        List<Long> offsets = rooms.get(i).result();
        if (!offsets.isEmpty()) {
          refs.add(new JsonObject().put("roomId", roomIds.get(i)).put("offsets", new JsonArray(offsets)));
        }
      }
      return new JsonObject().put("refs", refs);
    });
  }
}
