package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One chat message as it stands, as clients see it ({@code {id, roomId, author, ts, cursor, clientMsgId, text?,
 * media?, replyTo?, editedAt?, reactions?, mentions?}}, or the tombstone {@code {id, roomId, author, ts, cursor, deleted:true}})
 * and as it is stored: in {@link Topics#MESSAGES} a message record is the same fields without {@code cursor}, plus
 * {@code type:"message"}; edits, deletes and reactions arrive as later {@link TimelineEvent}s that the history store
 * folds into the stored message, whose record then also holds {@code editedAt}, {@code deleted} and every user of
 * each reaction.
 *
 * <p>Whoever produces a message record stamps {@code id} with a random UUID and {@code ts} with the server's epoch
 * ms. {@code cursor} is only known once the record has an offset, so records carry none.
 *
 * @param clientMsgId the sender's idempotency key: a resend with the same author and clientMsgId in the room is the
 *                    same message
 * @param cursor      opaque, orders the room's messages; null until the record is stored
 * @param replyTo     the message this one answers, or null
 * @param editedAt    when the text was last edited, or null
 * @param deleted     a tombstone: text, media, reply and reactions are gone
 * @param reactions   oldest emoji first
 * @param mentions    the members its text calls by name ({@code @username}, or all of them for {@code @room}), the
 *                    author never; recomputed when the text is edited
 */
public record ChatMessage(String id, String roomId, String author, long ts, String clientMsgId, String cursor,
                          String text, MediaRef media, ReplyRef replyTo, Long editedAt, boolean deleted,
                          List<Reaction> reactions, List<String> mentions) {

  /** The {@code type} of message records in {@link Topics#MESSAGES}; membership events use "joined" and "left". */
  public static final String RECORD_TYPE = "message";

  public ChatMessage {
    reactions = reactions == null ? List.of() : List.copyOf(reactions);
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  /** A message as posted: not edited, deleted nor reacted to. */
  public ChatMessage(String id, String roomId, String author, long ts, String clientMsgId, String cursor, String text,
      MediaRef media, ReplyRef replyTo) {
    this(id, roomId, author, ts, clientMsgId, cursor, text, media, replyTo, null, false, List.of(), List.of());
  }

  /** A message as posted, answering nothing. */
  public ChatMessage(String id, String roomId, String author, long ts, String clientMsgId, String cursor, String text,
      MediaRef media) {
    this(id, roomId, author, ts, clientMsgId, cursor, text, media, null);
  }

  public ChatMessage withCursor(String newCursor) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, newCursor, text, media, replyTo, editedAt, deleted,
        reactions, mentions);
  }

  public ChatMessage edited(String newText, long at, List<String> newMentions) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, cursor, newText, media, replyTo, at, deleted,
        reactions, newMentions);
  }

  /** The tombstone: the resend key stays, so a resend of a deleted message still posts nothing. */
  public ChatMessage tombstone() {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, cursor, null, null, null, null, true, List.of(),
        List.of());
  }

  public ChatMessage withReactions(List<Reaction> newReactions) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, cursor, text, media, replyTo, editedAt, deleted,
        newReactions, mentions);
  }

  public ChatMessage withReplyTo(ReplyRef newReplyTo) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, cursor, text, media, newReplyTo, editedAt, deleted,
        reactions, mentions);
  }

  public ChatMessage withMentions(List<String> newMentions) {
    return new ChatMessage(id, roomId, author, ts, clientMsgId, cursor, text, media, replyTo, editedAt, deleted,
        reactions, newMentions);
  }

  /** The client view shared by every reader (frames); absent fields are left out rather than null. */
  public JsonObject toJson() {
    return toJson(null);
  }

  /**
   * The client view in an answer to {@code viewer} (pages, search, replies): each reaction says whether it is theirs.
   * A null viewer gives the shared view.
   */
  public JsonObject toJson(String viewer) {
    JsonObject json = new JsonObject().put("id", id).put("roomId", roomId).put("author", author).put("ts", ts);
    if (cursor != null) {
      json.put("cursor", cursor);
    }
    if (deleted) {
      return json.put("deleted", true);
    }
    if (clientMsgId != null) {
      json.put("clientMsgId", clientMsgId);
    }
    putContent(json);
    if (!reactions.isEmpty()) {
      json.put("reactions", viewer == null ? Reaction.toJson(reactions) : Reaction.toJson(reactions, viewer));
    }
    return json;
  }

  /** The answer to a request of {@code viewer} about this message: {@code {message}}. */
  public JsonObject toReply(String viewer) {
    return new JsonObject().put("message", toJson(viewer));
  }

  /** The value of its record: in {@link Topics#MESSAGES} for a new message, in the history store as it stands. */
  public JsonObject toRecord() {
    JsonObject json = new JsonObject().put("type", RECORD_TYPE).put("id", id).put("roomId", roomId)
        .put("author", author).put("ts", ts);
    if (clientMsgId != null) {
      json.put("clientMsgId", clientMsgId);
    }
    if (deleted) {
      return json.put("deleted", true);
    }
    putContent(json);
    if (!reactions.isEmpty()) {
      JsonArray all = new JsonArray();
      reactions.forEach(r -> all.add(r.toRecord()));
      json.put("reactions", all);
    }
    return json;
  }

  private void putContent(JsonObject json) {
    if (text != null) {
      json.put("text", text);
    }
    if (media != null) {
      json.put("media", media.toJson());
    }
    if (replyTo != null) {
      json.put("replyTo", replyTo.toJson());
    }
    if (editedAt != null) {
      json.put("editedAt", editedAt);
    }
    if (!mentions.isEmpty()) {
      json.put("mentions", new JsonArray(mentions));
    }
  }

  /**
   * Reads a record of {@link Topics#MESSAGES} or of the history store.
   *
   * @throws UnreadableRecordException if a field has the wrong type, the id, author or room is missing, or the media
   *                                   reference is incomplete
   */
  public static ChatMessage fromRecord(JsonObject json) {
    try {
      JsonObject media = json.getJsonObject("media");
      JsonObject replyTo = json.getJsonObject("replyTo");
      JsonArray reactions = json.getJsonArray("reactions", new JsonArray());
      return new ChatMessage(JsonCodec.required(json, "id"), JsonCodec.required(json, "roomId"),
          JsonCodec.required(json, "author"), json.getLong("ts", 0L), json.getString("clientMsgId"), null,
          json.getString("text"), media == null ? null : MediaRef.fromRecord(media),
          replyTo == null ? null : ReplyRef.fromRecord(replyTo), json.getLong("editedAt"),
          json.getBoolean("deleted", false),
          reactions.stream().map(r -> Reaction.fromRecord((JsonObject) r)).toList(),
          JsonCodec.strings(json, "mentions"));
    } catch (ClassCastException e) {
      throw new UnreadableRecordException("message record with a field of the wrong type");
    }
  }
}
