package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * An account as {@link Topics#ACCOUNTS} holds it: {@code {username, passwordHash, passwordVersion, createdAt,
 * sessionsValidAfter?}}.
 *
 * @param passwordVersion   counts the password changes; only a record of a higher version replaces the hash
 * @param sessionsValidAfter epoch ms until which the user's sessions are ended; 0 (left out of the record) for none
 */
public record AccountRecord(String username, String passwordHash, int passwordVersion, long createdAt,
                            long sessionsValidAfter) {

  public static final Codec<AccountRecord> CODEC = JsonCodec.of(
      account -> {
        JsonObject json = new JsonObject().put("username", account.username)
            .put("passwordHash", account.passwordHash).put("passwordVersion", account.passwordVersion)
            .put("createdAt", account.createdAt);
        return account.sessionsValidAfter > 0 ? json.put("sessionsValidAfter", account.sessionsValidAfter) : json;
      },
      json -> new AccountRecord(JsonCodec.required(json, "username"), JsonCodec.required(json, "passwordHash"),
          json.getInteger("passwordVersion", 0), json.getLong("createdAt", 0L),
          json.getLong("sessionsValidAfter", 0L)));
}
