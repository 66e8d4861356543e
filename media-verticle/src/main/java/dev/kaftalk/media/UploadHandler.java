package dev.kaftalk.media;

import dev.kaftalk.model.MediaRef;
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
import java.util.List;

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
    String uploadedName = body.getValue("name") instanceof String name ? name : null;
    Object sentWaveform = body.getValue("waveform");
    List<Integer> waveform;
    try {
      waveform = sentWaveform == null ? null : MediaRef.requireWaveform(sentWaveform);
    } catch (IllegalArgumentException e) {
      throw ServiceException.badRequest(e.getMessage());
    }
    String id = MediaIds.create(roomId);
    return vertx.executeBlocking(() -> inspector.inspect(file))
        .compose(found -> {
          // Only a voice clip has a waveform; the browser drew it from the audio it recorded or played.
          MediaRef ref = found.ref(id, FileNames.sanitize(uploadedName, found.kind(), found.contentType()),
              MediaRef.VOICE.equals(found.kind()) ? waveform : null);
          return storeAll(id, file, found, ref)
            .compose(v -> chat.post(user, new JsonObject().put("roomId", roomId)
                .put("clientMsgId", body.getValue("clientMsgId")).put("replyTo", body.getValue("replyTo"))
                .put("media", ref.toJson())))
            .recover(e -> removeAll(id).transform(ignored -> Future.failedFuture(e)));
        })
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

  private Future<Void> storeAll(String id, Path file, MediaInspector.Inspection found, MediaRef ref) {
    Future<Void> original = store.putFile(MediaStore.key(id, false), found.stored(), found.contentType(), found.size())
        .eventually(() -> found.stored().equals(file) ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
              MediaInspector.deleteQuietly(found.stored());
              return null;
            }));
    Future<Void> preview = found.preview() == null ? Future.succeededFuture()
        : store.putBytes(MediaStore.key(id, true), found.preview().bytes(), found.preview().contentType());
    Future<Void> facts = store.putFacts(id, MediaStore.Facts.of(ref));
    return Future.all(original, preview, facts)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Storing media {} failed: {}", id, e.toString());
          return Future.failedFuture(ServiceException.unavailable("Could not store the file right now; try again"));
        });
  }

  private Future<Void> removeAll(String id) {
    return store.removeMedia(id)
        .onFailure(e -> LOG.warn("Could not remove media {} after a failed post: {}", id, e.toString()))
        .otherwiseEmpty();
  }
}
