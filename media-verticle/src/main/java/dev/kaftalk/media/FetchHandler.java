package dev.kaftalk.media;

import dev.kaftalk.model.Requests;
import io.minio.Http;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;


/**
 * {@code media.fetch}: lets members of the media's room download it. Answers with a short-lived store link for the
 * edge to stream from (bytes never cross the event bus), and how to serve it ({@link ServedAs}): content type,
 * {@code inline} or {@code attachment}, and the file name.
 */
final class FetchHandler {

  private final MediaStore store;
  private final ChatService chat;
  private final int linkTtlSeconds;

  FetchHandler(MediaStore store, ChatService chat, int linkTtlSeconds) {
    this.store = store;
    this.chat = chat;
    this.linkTtlSeconds = linkTtlSeconds;
  }

  Future<JsonObject> fetch(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String mediaId = Requests.requiredString(body, "mediaId");
    String roomId = MediaIds.roomOf(mediaId);
    boolean preview = Boolean.TRUE.equals(body.getValue("preview"));
    String key = MediaStore.key(mediaId, preview);
    // Membership first: whether a media id exists is none of a non-member's business.
    return chat.requireMember(user, roomId)
        .compose(v -> Future.all(store.stat(key), preview ? Future.succeededFuture() : store.facts(mediaId)))
        .compose(found -> {
          MediaStore.StoredObject object = found.resultAt(0);
          String generated = mediaId.substring(roomId.length() + 1) + (preview ? "-preview" : "") + "."
              + FileNames.extension(object.contentType());
          ServedAs served = ServedAs.decide(object.contentType(), found.resultAt(1), generated);
          return store.link(Http.Method.GET, key, linkTtlSeconds)
              .map(url -> new JsonObject().put("url", url).put("contentType", served.contentType())
                  .put("size", object.size()).put("fileName", served.fileName())
                  .put("disposition", served.inline() ? "inline" : "attachment"));
        });
  }
}
