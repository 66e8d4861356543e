package dev.kaftalk.media;

import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code media.delete}: the message holding this media was deleted, so its original, its preview and its facts
 * leave the store. Removing an object that is not there succeeds, so a repeated request is harmless; a later
 * download is 404.
 */
final class DeleteHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteHandler.class);

  private final MediaStore store;

  DeleteHandler(MediaStore store) {
    this.store = store;
  }

  Future<JsonObject> delete(Message<?> msg) {
    String mediaId = Requests.requiredString(Requests.body(msg), "mediaId");
    MediaIds.roomOf(mediaId);
    return store.removeMedia(mediaId)
        .map(done -> {
          LOG.info("Removed media {} from the store", mediaId);
          return new JsonObject();
        });
  }
}
