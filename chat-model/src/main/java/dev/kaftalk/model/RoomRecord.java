package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * A room as {@link Topics#ROOMS} holds it: {@code {id, name, createdBy, createdAt, kind?, private?, members?}}.
 * {@code kind} is "room" (absent in records written before direct messages existed) or "dm"; a private room and
 * every direct message are shown only to their members; {@code members} is the fixed set of people of a direct
 * message (empty for rooms).
 *
 * @param createdBy the creator, who may delete others' messages; null for a direct message, where nobody moderates
 */
public record RoomRecord(String id, String name, String createdBy, long createdAt, Kind kind, boolean privateRoom,
                         List<String> members) {

  /** What a room is; written lowercase. */
  public enum Kind {
    ROOM, DM;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String json) {
      return "dm".equals(json) ? DM : ROOM;
    }
  }

  /** Reads need only the id: a room written without a name is shown by its id. */
  public static final Codec<RoomRecord> CODEC = JsonCodec.of(
      room -> {
        JsonObject json = new JsonObject().put("id", room.id).put("name", room.name).put("createdBy", room.createdBy)
            .put("createdAt", room.createdAt);
        // A public room is written as it was before kinds existed.
        if (room.kind == Kind.DM) {
          json.put("kind", room.kind.json()).put("members", new JsonArray(room.members));
        }
        if (room.privateRoom) {
          json.put("private", true);
        }
        return json;
      },
      json -> {
        String id = JsonCodec.required(json, "id");
        JsonArray members = json.getJsonArray("members", new JsonArray());
        return new RoomRecord(id, json.getString("name", id), json.getString("createdBy"),
            json.getLong("createdAt", 0L), Kind.of(json.getString("kind")), json.getBoolean("private", false),
            members.stream().map(String.class::cast).toList());
      });

  public RoomRecord {
    members = List.copyOf(members);
  }

  /** A public room, listed to everyone and open to join. */
  public RoomRecord(String id, String name, String createdBy, long createdAt) {
    this(id, name, createdBy, createdAt, Kind.ROOM, false, List.of());
  }

  /** A private room or a direct message: its existence is only known to its members. */
  public boolean hidden() {
    return privateRoom || kind == Kind.DM;
  }
}
