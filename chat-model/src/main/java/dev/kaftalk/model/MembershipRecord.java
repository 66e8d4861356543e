package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * Whether a user belongs to a room, as {@link Topics#MEMBERSHIPS} holds it: {@code {roomId, username, member, ts}}.
 *
 * @param ts epoch ms of the change
 */
public record MembershipRecord(String roomId, String username, boolean member, long ts) {

  public static final Codec<MembershipRecord> CODEC = JsonCodec.of(
      m -> new JsonObject().put("roomId", m.roomId).put("username", m.username).put("member", m.member)
          .put("ts", m.ts),
      json -> new MembershipRecord(JsonCodec.required(json, "roomId"), JsonCodec.required(json, "username"),
          json.getBoolean("member", false), json.getLong("ts", 0L)));

  public MembershipKey key() {
    return new MembershipKey(roomId, username);
  }
}
