package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code chat.rooms.history}: a page of a room's messages (from memory, or from Kafka for older ones). {@code after} is the reconnect catch-up
 * (exactly what follows the client's last cursor, {@code limit} at a time), {@code before} scrolls back, and neither
 * gives the latest page.
 */
final class HistoryHandler {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final int defaultLimit;
  private final int maxLimit;

  HistoryHandler(RoomDirectory directory, Timeline timeline, int defaultLimit, int maxLimit) {
    this.directory = directory;
    this.timeline = timeline;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Future<JsonObject> history(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = directory.requireMember(Requests.requiredString(body, "roomId"), user).id();
    Long before = Cursor.parseOptional(body.getValue("before"), "before");
    Long after = Cursor.parseOptional(body.getValue("after"), "after");
    int limit = limit(body.getValue("limit"));
    return timeline.page(roomId, before, after, limit).map(page -> {
      JsonArray messages = new JsonArray();
      page.stream().map(ChatMessage::toJson).forEach(messages::add);
      return new JsonObject().put("messages", messages);
    });
  }

  /** Accepts a number or, as a query string gives it, a numeric string. */
  private int limit(Object value) {
    if (value == null) {
      return defaultLimit;
    }
    try {
      int limit = value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
          : Integer.parseInt(value.toString());
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as an out-of-range number.
    }
    throw ServiceException.badRequest("limit must be between 1 and " + maxLimit);
  }
}
