package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * One chat message, as clients see it ({@code {id, roomId, author, ts, cursor, clientMsgId, text?, media?}}) and as
 * it is stored in {@link Topics#MESSAGES} (the same fields without {@code cursor}, plus {@code type:"message"}).
 *
 * <p>Whoever produces a message record stamps {@code id} with a random UUID and {@code ts} with the server's epoch
 * ms; the chat service relies on the id being a UUID to keep it in two longs. {@code cursor} is only known once the
 * record has an offset, so records carry none.
 *
 * @param clientMsgId the sender's idempotency key: a resend with the same author and clientMsgId in the room is the
 *                    same message
 * @param cursor      opaque, orders the room's messages; null until the record is stored
 */
public record ChatMessage(String id, String roomId, String author, long ts, String clientMsgId, String cursor,
                          String text, MediaRef media) {

  /** The {@code type} of message records in {@link Topics#MESSAGES}; membership events use "joined" and "left". */
  public static final String RECORD_TYPE = "message";

  public ChatMessage withCursor(String newCursor) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, newCursor, text, media);
  }

  /** The client view; absent fields are left out rather than null. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("roomId", roomId).put("author", author).put("ts", ts);
    if (cursor != null) {
      json.put("cursor", cursor);
    }
    if (clientMsgId != null) {
      json.put("clientMsgId", clientMsgId);
    }
    if (text != null) {
      json.put("text", text);
    }
    if (media != null) {
      json.put("media", media.toJson());
    }
    return json;
  }

  /** The value of its record in {@link Topics#MESSAGES}. */
  public JsonObject toRecord() {
    JsonObject json = toJson().put("type", RECORD_TYPE);
    json.remove("cursor");
    return json;
  }

  /**
   * Reads a record of {@link Topics#MESSAGES}.
   *
   * @throws UnreadableRecordException if a field has the wrong type, the id, author or room is missing, or the media
   *                                   reference is incomplete
   */
  public static ChatMessage fromRecord(JsonObject json) {
    try {
      JsonObject media = json.getJsonObject("media");
      return new ChatMessage(JsonCodec.required(json, "id"), JsonCodec.required(json, "roomId"),
          JsonCodec.required(json, "author"), json.getLong("ts", 0L), json.getString("clientMsgId"), null,
          json.getString("text"), media == null ? null : MediaRef.fromRecord(media));
    } catch (ClassCastException e) {
      throw new UnreadableRecordException("message record with a field of the wrong type");
    }
  }

  /** Reads either form; a record has no cursor. */
  public static ChatMessage fromJson(JsonObject json) {
    JsonObject media = json.getJsonObject("media");
    return new ChatMessage(json.getString("id"), json.getString("roomId"), json.getString("author"),
        json.getLong("ts", 0L), json.getString("clientMsgId"), json.getString("cursor"), json.getString("text"),
        media == null ? null : MediaRef.fromJson(media));
  }
}
