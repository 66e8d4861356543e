package dev.kaftalk.media;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code media.fetch}: lets members of the media's room download it. Answers with a short-lived store link for the
 * edge to stream from (bytes never cross the event bus), the stored content type and a safe file name.
 */
final class FetchHandler {

  private static final Pattern MEDIA_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
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
    if (!MEDIA_ID.matcher(mediaId).matches()) {
      throw ServiceException.notFound("No such media");
    }
    boolean preview = Boolean.TRUE.equals(body.getValue("preview"));
    String key = MediaStore.key(mediaId, preview);
    return store.stat(key)
        .compose(object -> chat.requireMember(user, object.roomId())
            .compose(v -> store.link(key, linkTtlSeconds))
            .map(url -> new JsonObject().put("url", url).put("contentType", object.contentType())
                .put("size", object.size())
                .put("fileName", mediaId + (preview ? "-preview" : "") + "."
                    + EXTENSIONS.getOrDefault(object.contentType(), "bin"))));
  }
}
