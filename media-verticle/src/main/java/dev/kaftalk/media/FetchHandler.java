package dev.kaftalk.media;

import dev.kaftalk.model.Requests;
import io.minio.Http;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * {@code media.fetch}: lets members of the media's room download it. Answers with a short-lived store link for the
 * edge to stream from (bytes never cross the event bus), the stored content type and a safe file name.
 */
final class FetchHandler {

  private static final Map<String, String> EXTENSIONS = Map.of("image/png", "png", "image/jpeg", "jpg",
      "image/gif", "gif", "image/webp", "webp", "audio/webm", "webm", "audio/ogg", "ogg", "audio/mp4", "m4a",
      "audio/mpeg", "mp3", "audio/wav", "wav");

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
        .compose(v -> store.stat(key))
        .compose(object -> store.link(Http.Method.GET, key, linkTtlSeconds)
            .map(url -> new JsonObject().put("url", url).put("contentType", object.contentType())
                .put("size", object.size())
                .put("fileName", mediaId.substring(roomId.length() + 1) + (preview ? "-preview" : "") + "."
                    + EXTENSIONS.getOrDefault(object.contentType(), "bin"))));
  }
}
