package dev.kaftalk.chat;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * Search limits: config key {@code chat.search}. Every key is optional.
 *
 * @param defaultLimit   results per page when a request names none
 * @param maxLimit       the most results a page may ask for
 * @param maxQueryChars  the longest query accepted, after trimming
 * @param perSecond      sustained searches per user
 * @param burst          searches per user allowed at once before the sustained rate applies
 */
record SearchSettings(int defaultLimit, int maxLimit, int maxQueryChars, int perSecond, int burst) {

  SearchSettings {
    if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
      throw new ConfigException("chat.search.defaultLimit must be between 1 and chat.search.maxLimit, got "
          + defaultLimit + " and " + maxLimit);
    }
    if (maxQueryChars < 1 || perSecond < 1 || burst < 1) {
      throw new ConfigException("chat.search.maxQueryChars, perSecond and burst must be positive");
    }
  }

  static SearchSettings fromJson(JsonObject json) {
    JsonObject c = json == null ? new JsonObject() : json;
    return new SearchSettings(c.getInteger("defaultLimit", 20), c.getInteger("maxLimit", 50),
        c.getInteger("maxQueryChars", 200), c.getInteger("perSecond", 2), c.getInteger("burst", 10));
  }
}
