package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What the quiet-hours service asks of the timelines, so that it keeps references rather than a second copy of
 * message bodies: the bodies behind its references ({@link Addresses#CHAT_MESSAGES_FETCH}), and after a restart the
 * references the live gate would have held back ({@link Addresses#CHAT_QUIET_BACKLOG}), chosen with the same
 * {@link QuietGate} rule.
 */
final class QuietQueries {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final QuietGate gate;

  QuietQueries(RoomDirectory directory, Timeline timeline, QuietGate gate) {
    this.directory = directory;
    this.timeline = timeline;
    this.gate = gate;
  }

  /** Rooms the user has left since are skipped: nothing of a room is pushed to someone outside it. */
  Future<JsonObject> fetch(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    JsonArray messages = new JsonArray();
    for (Object item : body.getJsonArray("refs", new JsonArray())) {
      JsonObject ref = (JsonObject) item;
      if (!directory.isMember(ref.getString("roomId"), user)) {
        continue;
      }
      List<Long> offsets = ref.getJsonArray("offsets").stream().map(o -> ((Number) o).longValue()).toList();
      timeline.at(ref.getString("roomId"), offsets).stream().map(ChatMessage::toJson).forEach(messages::add);
    }
    return Future.succeededFuture(new JsonObject().put("messages", messages));
  }

  Future<JsonObject> backlog(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    long from = body.getLong("from");
    JsonArray refs = new JsonArray();
    for (String roomId : directory.roomsOf(user)) {
      List<Long> offsets = timeline.offsetsWhere(roomId,
          m -> m.ts() >= from && !m.author().equals(user) && gate.quietAt(user, m.ts()));
      if (!offsets.isEmpty()) {
        refs.add(new JsonObject().put("roomId", roomId).put("offsets", new JsonArray(offsets)));
      }
    }
    return Future.succeededFuture(new JsonObject().put("refs", refs));
  }
}
