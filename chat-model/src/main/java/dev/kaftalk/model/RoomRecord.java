package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/** A room as {@link Topics#ROOMS} holds it: {@code {id, name, createdBy, createdAt}}. */
public record RoomRecord(String id, String name, String createdBy, long createdAt) {

  /** Reads need only the id: a room written without a name is shown by its id. */
  public static final Codec<RoomRecord> CODEC = JsonCodec.of(
      room -> new JsonObject().put("id", room.id).put("name", room.name).put("createdBy", room.createdBy)
          .put("createdAt", room.createdAt),
      json -> {
        String id = JsonCodec.required(json, "id");
        return new RoomRecord(id, json.getString("name", id), json.getString("createdBy"),
            json.getLong("createdAt", 0L));
      });
}
