package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code chat.rooms.history}: a page of a room's messages from the history store. {@code after} is the reconnect
 * catch-up (exactly what follows the client's last cursor, {@code limit} at a time), {@code before} scrolls back,
 * {@code around} opens a permalink (the message and the pages on both sides), and none of them gives the latest page.
 */
final class HistoryHandler {

  private final Membership membership;
  private final Timeline timeline;
  private final Supplier<Future<Void>> handedOutVisible;
  private final int defaultLimit;
  private final int maxLimit;

  /**
   * @param handedOutVisible completes once every message handed out so far can be read back: a page that reaches the
   *                         newest end (the latest page, or a catch-up) then holds every message whose frame a
   *                         reconnecting socket may have missed
   */
  HistoryHandler(Membership membership, Timeline timeline, Supplier<Future<Void>> handedOutVisible,
      int defaultLimit, int maxLimit) {
    this.membership = membership;
    this.timeline = timeline;
    this.handedOutVisible = handedOutVisible;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Future<JsonObject> history(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    return membership.requireMember(Requests.requiredString(body, "roomId"), user)
        .compose(room -> page(room.id(), body));
  }

  private Future<JsonObject> page(String roomId, JsonObject body) {
    Long before = Cursor.parseOptional(body.getValue("before"), "before");
    Long after = Cursor.parseOptional(body.getValue("after"), "after");
    Long around = Cursor.parseOptional(body.getValue("around"), "around");
    int limit = PageLimit.parse(body.getValue("limit"), defaultLimit, maxLimit);
    if (around != null && (before != null || after != null)) {
      throw ServiceException.badRequest("around cannot be combined with before or after");
    }
    Future<List<ChatMessage>> page = around != null ? timeline.around(roomId, around, limit)
        : before == null ? handedOutVisible.get().compose(v -> timeline.page(roomId, null, after, limit))
        : timeline.page(roomId, before, after, limit);
    return page.map(found -> {
      JsonArray messages = new JsonArray();
      found.stream().map(ChatMessage::toJson).forEach(messages::add);
      return new JsonObject().put("messages", messages);
    });
  }
}
