package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The frames sent to {@code client.inbox.<username>}, in the shapes the public contract names. */
public final class Frames {

  private Frames() {
  }

  /**
   * @param message the client view of a message, as the chat service answered it
   * @param notify  whether the browser calls the user for it ({@link Attention})
   */
  public static JsonObject message(JsonObject message, Attention.Notify notify) {
    return new JsonObject().put("type", "message").put("message", message).put("notify", notify.wire());
  }

  /**
   * An urgent break-through: a message pushed into the user's quiet hours because they allowed {@code by} to.
   *
   * @param reason {@code dm} or {@code mention}
   */
  public static JsonObject urgent(JsonObject message, String by, String reason) {
    return message(message, Attention.Notify.URGENT).put("urgent", new JsonObject().put("by", by).put("reason", reason));
  }

  /** A message's text changed; {@code message} as it stands now. */
  public static JsonObject edited(ChatMessage message) {
    return new JsonObject().put("type", "edited").put("message", message.toJson());
  }

  /** A message became a tombstone; its cursor stays valid. */
  public static JsonObject deleted(ChatMessage tombstone) {
    return new JsonObject().put("type", "deleted").put("roomId", tombstone.roomId()).put("messageId", tombstone.id())
        .put("cursor", tombstone.cursor());
  }

  /** The user read up to {@code cursor} in a room, maybe in another tab or on another device. */
  public static JsonObject read(String roomId, String cursor) {
    return new JsonObject().put("type", "read").put("roomId", roomId).put("cursor", cursor);
  }

  /** The user's notification level in a room changed (on any device); to that user's sockets. */
  public static JsonObject notifications(String roomId, JsonObject setting) {
    return setting.copy().put("type", "notifications").put("roomId", roomId);
  }

  /** A message's reactions as they stand now. */
  public static JsonObject reactions(ChatMessage message) {
    return new JsonObject().put("type", "reactions").put("roomId", message.roomId()).put("messageId", message.id())
        .put("reactions", Reaction.toJson(message.reactions()));
  }

  public static JsonObject typing(String roomId, String username) {
    return new JsonObject().put("type", "typing").put("roomId", roomId).put("username", username);
  }

  /** @param quietUntil the end of the user's current quiet stretch (epoch ms), or null when not quiet */
  public static JsonObject presence(String roomId, String username, boolean online, Long quietUntil) {
    return new JsonObject().put("type", "presence").put("roomId", roomId).put("username", username)
        .put("online", online).put("quiet", quiet(quietUntil));
  }

  /** How others see a user's quiet hours: {@code {until}} or null, never the schedule. */
  public static JsonObject quiet(Long quietUntil) {
    return quietUntil == null ? null : new JsonObject().put("until", quietUntil);
  }

  /** @param event "joined" or "left" */
  public static JsonObject room(String event, String roomId, String username) {
    return new JsonObject().put("type", "room").put("event", event).put("roomId", roomId).put("username", username);
  }

  /**
   * A room was created or its member count changed: every signed-in user's room list (joined or not) shows it at
   * once; a private room's or direct message's frame goes to its members only. Carries no per-user field, so one
   * frame serves everyone.
   */
  public static JsonObject directory(RoomRecord room, int memberCount) {
    return new JsonObject().put("type", "directory")
        .put("room", new JsonObject().put("id", room.id()).put("name", room.name()).put("memberCount", memberCount)
            .put("kind", room.kind().json()).put("private", room.hidden()));
  }

  /** The user's quiet-hours settings changed (in another tab, on another device): {@code quietHours} as GET shows them. */
  public static JsonObject settings(JsonObject quietHours) {
    return new JsonObject().put("type", "settings").put("quietHours", quietHours);
  }

  /**
   * Part {@code part} of {@code parts} of what arrived while the user was quiet; messages in client view.
   *
   * @param notify how many of these messages notify ({@link Attention}): the browser calls the user once if any do
   */
  public static JsonObject batch(int part, int parts, JsonArray messages, int notify) {
    return new JsonObject().put("type", "batch").put("reason", "quiet-hours-ended").put("part", part)
        .put("parts", parts).put("messages", messages).put("notify", notify);
  }
}
