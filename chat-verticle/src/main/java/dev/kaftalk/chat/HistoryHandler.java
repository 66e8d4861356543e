package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MediaRef;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Supplier;

/**
 * Pages of a room from the history store, for its members. {@code chat.rooms.history}: its messages; {@code after} is
 * the reconnect catch-up (exactly what follows the client's last cursor, {@code limit} at a time), {@code before}
 * scrolls back, {@code around} opens a permalink (the message and the pages on both sides), and none of them gives the
 * latest page. {@code chat.rooms.media}: its messages with media of a kind, newest first; a deleted message is a
 * tombstone there, with no media, so its files leave the listing as they leave the store.
 */
final class HistoryHandler {

  private static final List<String> MEDIA_KINDS =
      List.of(MediaRef.IMAGE, MediaRef.VOICE, MediaRef.VIDEO, MediaRef.FILE);

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
    return forMember(msg, this::page);
  }

  Future<JsonObject> media(Message<?> msg) {
    return forMember(msg, this::mediaPage);
  }

  private Future<JsonObject> forMember(Message<?> msg, PageRead read) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    return membership.requireMember(Requests.requiredString(body, "roomId"), user)
        .compose(room -> read.page(room.id(), body, user));
  }

  /** A page of one room, for a member. */
  private interface PageRead {
    Future<JsonObject> page(String roomId, JsonObject body, String viewer);
  }

  private Future<JsonObject> page(String roomId, JsonObject body, String viewer) {
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
    return page.map(found -> new JsonObject().put("messages", json(found, viewer)));
  }

  /** Newest first; {@code next}, when there are older ones, is the {@code before} of the next page. */
  private Future<JsonObject> mediaPage(String roomId, JsonObject body, String viewer) {
    List<String> kinds = kinds(body.getValue("kind"));
    Long before = Cursor.parseOptional(body.getValue("before"), "before");
    int limit = PageLimit.parse(body.getValue("limit"), defaultLimit, maxLimit);
    // A file shared a moment ago is in the first page.
    Future<Void> visible = before == null ? handedOutVisible.get() : Future.succeededFuture();
    return visible.compose(v -> timeline.media(roomId, kinds, before, limit + 1)).map(found -> {
      JsonObject answer = new JsonObject().put("messages", json(found.subList(0, Math.min(limit, found.size())), viewer));
      if (found.size() > limit) {
        answer.put("next", found.get(limit - 1).cursor());
      }
      return answer;
    });
  }

  /** One kind, or every kind when absent; @throws ServiceException 400 for anything else */
  private static List<String> kinds(Object value) {
    if (value == null) {
      return MEDIA_KINDS;
    }
    if (value instanceof String kind && MEDIA_KINDS.contains(kind)) {
      return List.of(kind);
    }
    throw ServiceException.badRequest("kind must be one of " + String.join(", ", MEDIA_KINDS));
  }

  private static JsonArray json(List<ChatMessage> found, String viewer) {
    JsonArray messages = new JsonArray();
    found.forEach(message -> messages.add(message.toJson(viewer)));
    return messages;
  }
}
