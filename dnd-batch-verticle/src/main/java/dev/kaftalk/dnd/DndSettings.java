package dev.kaftalk.dnd;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * The quiet-hours service's settings: config key {@code dnd}. Every key is optional.
 *
 * @param tickMs         how often quiet stretches are checked for their end; a batch goes out at most this late
 * @param batchSize      most messages in one batch frame
 * @param applyTimeoutMs how long a settings change waits for Kafka's ack and this instance's consumer before 503
 */
record DndSettings(long tickMs, int batchSize, long applyTimeoutMs) {

  DndSettings {
    if (tickMs < 10 || tickMs > 1000) {
      throw new ConfigException("dnd.tickMs must be between 10 and 1000, got " + tickMs);
    }
    if (batchSize < 1 || batchSize > 1000) {
      throw new ConfigException("dnd.batchSize must be between 1 and 1000, got " + batchSize);
    }
    if (applyTimeoutMs < 1) {
      throw new ConfigException("dnd.applyTimeoutMs must be positive, got " + applyTimeoutMs);
    }
  }

  static DndSettings fromJson(JsonObject json) {
    JsonObject d = json == null ? new JsonObject() : json;
    return new DndSettings(d.getLong("tickMs", 200L), d.getInteger("batchSize", 100),
        d.getLong("applyTimeoutMs", 10_000L));
  }
}
