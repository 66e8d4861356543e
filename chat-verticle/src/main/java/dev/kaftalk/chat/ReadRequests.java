package dev.kaftalk.chat;

import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.ReadPosition;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Moving a user's read position, and the room list's {@code lastRead} and {@code unread} that follow from it. */
final class ReadRequests {

  private static final Timeline.Unread NOTHING_UNREAD = new Timeline.Unread(0, 0);

  private final ReadPositions positions;
  private final Membership membership;
  private final Timeline timeline;
  private final Supplier<Future<Void>> handedOutVisible;
  private final EventLog log;
  private final Clock clock;

  /**
   * @param handedOutVisible completes once every message handed out so far can be read back: an unread count asked
   *                         right after a message arrived counts it
   */
  ReadRequests(ReadPositions positions, Membership membership, Timeline timeline,
               Supplier<Future<Void>> handedOutVisible, EventLog log, Clock clock) {
    this.positions = positions;
    this.membership = membership;
    this.timeline = timeline;
    this.handedOutVisible = handedOutVisible;
    this.log = log;
    this.clock = clock;
  }

  /** {@code PUT /api/rooms/{id}/read}: moves the user's position forward, once it is in Kafka and applied here. */
  Future<JsonObject> read(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = Requests.requiredString(body, "roomId");
    Long cursor = Cursor.parseOptional(body.getValue("cursor"), "cursor");
    if (cursor == null) {
      throw ServiceException.badRequest("cursor is required");
    }
    return membership.requireMember(roomId, user).compose(room -> {
      MembershipKey key = new MembershipKey(room.id(), user);
      Long now = positions.of(room.id(), user);
      if (now != null && now >= cursor) {
        return Future.succeededFuture(answer(room.id(), now));
      }
      // Only a message of the room can be read up to: a position past the room's end would be kept (positions only
      // move forward) and would hide every message still to come.
      return handedOutVisible.get()
          .compose(v -> timeline.at(room.id(), List.of(cursor)))
          .compose(found -> {
            if (found.isEmpty()) {
              throw ServiceException.badRequest("cursor is not a message of this room");
            }
            return write(key, cursor);
          })
          .compose(v -> keepFurthestLast(key, cursor))
          .map(v -> answer(room.id(), positions.of(room.id(), user)));
    });
  }

  private Future<Void> write(MembershipKey key, long cursor) {
    ReadPosition position = new ReadPosition(key.roomId(), key.username(), Cursor.format(cursor), clock.millis());
    return log.send(Topics.READ_POSITIONS, key, position).compose(log::applied).mapEmpty();
  }

  /**
   * Compaction keeps only a key's last record. If another device moved further while this position was on its way
   * (both checked before either landed), this one came last and would win after compaction or a restart: the
   * position is written again as far as it reached, so the last record is the furthest.
   */
  private Future<Void> keepFurthestLast(MembershipKey key, long written) {
    long furthest = positions.of(key.roomId(), key.username());
    return furthest > written ? write(key, furthest) : Future.succeededFuture();
  }

  /** The room list with {@code lastRead}, {@code unread} and {@code mentions} on the rooms {@code user} is in. */
  Future<JsonArray> withUnread(String user, JsonArray rooms) {
    Map<String, Long> joined = new HashMap<>();
    for (Object item : rooms) {
      JsonObject room = (JsonObject) item;
      if (room.getBoolean("joined", false)) {
        Long lastRead = positions.of(room.getString("id"), user);
        joined.put(room.getString("id"), lastRead == null ? -1L : lastRead);
      }
    }
    return handedOutVisible.get().compose(v -> timeline.unread(user, joined)).map(unread -> {
      for (Object item : rooms) {
        JsonObject room = (JsonObject) item;
        Long lastRead = joined.get(room.getString("id"));
        if (lastRead != null) {
          if (lastRead >= 0) {
            room.put("lastRead", Cursor.format(lastRead));
          }
          Timeline.Unread counts = unread.getOrDefault(room.getString("id"), NOTHING_UNREAD);
          room.put("unread", counts.messages()).put("mentions", counts.mentions());
        }
      }
      return rooms;
    });
  }

  private static JsonObject answer(String roomId, long cursor) {
    return new JsonObject().put("roomId", roomId).put("cursor", Cursor.format(cursor));
  }
}
