package dev.kaftalk.media;

import dev.kaftalk.model.MediaSettings;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * {@code media.upload}: inspects the file the edge streamed to disk, stores it (and an image's preview) under a new
 * id, then posts the reference through the chat service's door. Whatever fails after the store, the objects are
 * removed again, so a refusal leaves nothing behind.
 */
final class UploadHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

  private final Vertx vertx;
  private final MediaInspector inspector;
  private final MediaStore store;
  private final ChatService chat;
  private final Path uploadDir;

  UploadHandler(Vertx vertx, MediaSettings settings, MediaStore store, ChatService chat) {
    this.vertx = vertx;
    this.inspector = new MediaInspector(settings);
    this.store = store;
    this.chat = chat;
    this.uploadDir = Path.of(settings.uploadDir()).toAbsolutePath().normalize();
  }

  Future<JsonObject> upload(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String roomId = Requests.requiredString(body, "roomId");
    Path file = Path.of(Requests.requiredString(body, "path")).toAbsolutePath().normalize();
    if (!file.startsWith(uploadDir)) {
      throw ServiceException.badRequest("path must be an upload of this instance");
    }
    Long declaredMs = body.getValue("durationMs") instanceof Number n ? n.longValue() : null;
    String id = MediaIds.create(roomId);
    return vertx.executeBlocking(() -> inspector.inspect(file, declaredMs))
        .compose(found -> storeAll(id, file, found)
            .compose(v -> chat.post(user, new JsonObject().put("roomId", roomId)
                .put("clientMsgId", body.getValue("clientMsgId")).put("replyTo", body.getValue("replyTo"))
                .put("media", found.ref(id).toJson())))
            .recover(e -> removeAll(id).transform(ignored -> Future.failedFuture(e))))
        .compose(reply -> {
          JsonObject media = reply.getJsonObject("message").getJsonObject("media");
          if (media != null && id.equals(media.getString("id"))) {
            LOG.info("User {} posted {} {} ({} bytes) to room {}", user, media.getString("kind"), id,
                media.getLong("size"), roomId);
            return Future.succeededFuture(reply);
          }
          // A resend of a clientMsgId already posted: the original stands, this copy goes.
          return removeAll(id).map(reply);
        });
  }

  private Future<Void> storeAll(String id, Path file, MediaInspector.Inspection found) {
    Future<Void> original = store.putFile(MediaStore.key(id, false), file, found.contentType(), found.size());
    Future<Void> preview = found.preview() == null ? Future.succeededFuture()
        : store.putBytes(MediaStore.key(id, true), found.preview().bytes(), found.preview().contentType());
    return Future.all(original, preview)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Storing media {} failed: {}", id, e.toString());
          return Future.failedFuture(ServiceException.unavailable("Could not store the file right now; try again"));
        });
  }

  private Future<Void> removeAll(String id) {
    return Future.join(store.remove(MediaStore.key(id, false)), store.remove(MediaStore.key(id, true)))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("Could not remove media {} after a failed post: {}", id, e.toString()))
        .otherwiseEmpty();
  }
}
