package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * How far a user has read in a room, as {@link Topics#READ_POSITIONS} holds it: {@code {roomId, username, cursor,
 * ts}}. One record per user and room (keyed like a membership), so compaction keeps the latest; it only moves
 * forward.
 *
 * @param cursor the cursor of the last message read
 * @param ts     epoch ms of the change
 */
public record ReadPosition(String roomId, String username, String cursor, long ts) {

  public static final Codec<ReadPosition> CODEC = JsonCodec.of(
      p -> new JsonObject().put("roomId", p.roomId).put("username", p.username).put("cursor", p.cursor)
          .put("ts", p.ts),
      json -> new ReadPosition(JsonCodec.required(json, "roomId"), JsonCodec.required(json, "username"),
          JsonCodec.required(json, "cursor"), json.getLong("ts", 0L)));

  public MembershipKey key() {
    return new MembershipKey(roomId, username);
  }
}
