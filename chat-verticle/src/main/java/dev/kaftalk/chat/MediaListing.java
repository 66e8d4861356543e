package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code chat.rooms.media}: a room's shared media, newest first, a page at a time, from the history store. A deleted
 * message is a tombstone there, with no media, so its files leave the listing as they leave the store.
 */
final class MediaListing {

  static final List<String> KINDS = List.of(MediaRef.IMAGE, MediaRef.VOICE, MediaRef.VIDEO, MediaRef.FILE);

  private final Membership membership;
  private final Timeline timeline;
  private final Supplier<Future<Void>> handedOutVisible;
  private final int defaultLimit;
  private final int maxLimit;

  /**
   * @param handedOutVisible completes once every message handed out so far can be read back: a file shared (or
   *                         deleted) a moment ago is in the first page
   */
  MediaListing(Membership membership, Timeline timeline, Supplier<Future<Void>> handedOutVisible, int defaultLimit,
      int maxLimit) {
    this.membership = membership;
    this.timeline = timeline;
    this.handedOutVisible = handedOutVisible;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Future<JsonObject> list(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    return membership.requireMember(Requests.requiredString(body, "roomId"), user)
        .compose(room -> page(room.id(), body));
  }

  private Future<JsonObject> page(String roomId, JsonObject body) {
    List<String> kinds = kinds(body.getValue("kind"));
    Long before = Cursor.parseOptional(body.getValue("before"), "before");
    int limit = PageLimit.parse(body.getValue("limit"), defaultLimit, maxLimit);
    Future<Void> visible = before == null ? handedOutVisible.get() : Future.succeededFuture();
    return visible.compose(v -> timeline.media(roomId, kinds, before, limit + 1)).map(found -> {
      JsonArray messages = new JsonArray();
      found.stream().limit(limit).map(ChatMessage::toJson).forEach(messages::add);
      JsonObject answer = new JsonObject().put("messages", messages);
      if (found.size() > limit) {
        answer.put("next", found.get(limit - 1).cursor());
      }
      return answer;
    });
  }

  /** One kind, or every kind when absent; @throws ServiceException 400 for anything else */
  private static List<String> kinds(Object value) {
    if (value == null) {
      return KINDS;
    }
    if (value instanceof String kind && KINDS.contains(kind)) {
      return List.of(kind);
    }
    throw ServiceException.badRequest("kind must be one of " + String.join(", ", KINDS));
  }
}
