package dev.kaftalk.media;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Removes stored media once the messages that reference them have left the room history (Kafka's retention of
 * {@code chat.messages}). A periodic sweep rather than a bucket lifecycle rule, because the embedded store
 * (s3proxy) does not implement lifecycle configuration; every instance may sweep, deleting is idempotent.
 */
final class MediaSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(MediaSweeper.class);

  private final MediaStore store;
  private final Duration retention;
  private final Clock clock;

  MediaSweeper(MediaStore store, Duration retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  Future<Integer> sweep() {
    return store.removeOlderThan(clock.instant().minus(retention))
        .onSuccess(removed -> {
          if (removed > 0) {
            LOG.info("Removed {} media objects older than the room history's retention", removed);
          }
        })
        .onFailure(e -> LOG.warn("Media sweep failed: {}", e.toString()));
  }
}
