package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Attention;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the quiet-hours service asks of the timelines, so that it keeps references rather than a second copy of
 * message bodies: the bodies behind its references ({@link Addresses#CHAT_MESSAGES_FETCH}), and after a restart the
 * references the live gate would have held back ({@link Addresses#CHAT_QUIET_BACKLOG}), chosen and marked notifying
 * with the same {@link MemberAttention} rule, urgent grants included. Both read messages as they stand: edited ones in
 * their final form, deleted ones not at all.
 */
final class QuietQueries {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final MemberAttention attention;
  private final UrgentLedger urgent;
  private final Supplier<Future<Void>> handedOutVisible;

  /**
   * @param handedOutVisible completes once every message handed out so far can be read back: the quiet-hours service
   *                         may fetch a message it was handed a moment ago
   */
  QuietQueries(RoomDirectory directory, Timeline timeline, MemberAttention attention, UrgentLedger urgent,
      Supplier<Future<Void>> handedOutVisible) {
    this.directory = directory;
    this.timeline = timeline;
    this.attention = attention;
    this.urgent = urgent;
    this.handedOutVisible = handedOutVisible;
  }

  /**
   * Rooms the user has left since are skipped: nothing of a room is pushed to someone outside it. The reply's
   * {@code notifying} lists the ids of the messages among them whose offsets the refs' {@code notify} named.
   */
  Future<JsonObject> fetch(Message<?> msg) {
    return handedOutVisible.get().compose(v -> fetchVisible(msg));
  }

  private Future<JsonObject> fetchVisible(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    List<Future<List<ChatMessage>>> rooms = new ArrayList<>();
    Set<String> notify = new HashSet<>();
    for (Object item : body.getJsonArray("refs", new JsonArray())) {
      JsonObject ref = (JsonObject) item;
      if (directory.isMember(ref.getString("roomId"), user)) {
        List<Long> offsets = ref.getJsonArray("offsets").stream().map(o -> ((Number) o).longValue()).toList();
        rooms.add(timeline.at(ref.getString("roomId"), offsets));
        ref.getJsonArray("notify", new JsonArray()).forEach(o -> notify.add(ref.getString("roomId") + "/" + Cursor.format(((Number) o).longValue())));
      }
    }
    return Future.all(rooms).map(all -> {
      JsonArray messages = new JsonArray();
      JsonArray notifying = new JsonArray();
      // A message deleted while its reader was quiet never reaches them.
      rooms.forEach(room -> room.result().stream().filter(m -> !m.deleted()).forEach(m -> {
        messages.add(m.toJson(user));
        if (notify.contains(m.roomId() + "/" + m.cursor())) {
          notifying.add(m.id());
        }
      }));
      return new JsonObject().put("messages", messages).put("notifying", notifying);
    });
  }

  Future<JsonObject> backlog(Message<?> msg) {
    JsonObject body = Requests.body(msg);
    String user = Requests.requiredString(body, "username");
    long from = body.getLong("from");
    List<String> roomIds = List.copyOf(directory.roomsOf(user));
    List<Future<List<ChatMessage>>> rooms = roomIds.stream().map(roomId -> timeline.messagesSince(roomId, from,
        m -> !m.author().equals(user) && !m.deleted())).toList();
    return Future.all(rooms).map(all -> {
      JsonArray refs = new JsonArray();
      for (int i = 0; i < roomIds.size(); i++) {
        JsonArray offsets = new JsonArray();
        JsonArray notify = new JsonArray();
        for (ChatMessage m : rooms.get(i).result()) {
          Attention decided = attention.of(user, m, urgent.granted(user, m.id()));
          if (!decided.live()) {
            offsets.add(Long.parseLong(m.cursor()));
            if (decided.notifies()) {
              notify.add(Long.parseLong(m.cursor()));
            }
          }
        }
        if (!offsets.isEmpty()) {
          refs.add(new JsonObject().put("roomId", roomIds.get(i)).put("offsets", offsets).put("notify", notify));
        }
      }
      return new JsonObject().put("refs", refs);
    });
  }
}
