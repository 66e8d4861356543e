package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The frames sent to {@code client.inbox.<username>}, in the shapes the public contract names. */
public final class Frames {

  private Frames() {
  }

  public static JsonObject message(ChatMessage message) {
    return new JsonObject().put("type", "message").put("message", message.toJson());
  }

  public static JsonObject typing(String roomId, String username) {
    return new JsonObject().put("type", "typing").put("roomId", roomId).put("username", username);
  }

  public static JsonObject presence(String roomId, String username, boolean online) {
    return new JsonObject().put("type", "presence").put("roomId", roomId).put("username", username)
        .put("online", online);
  }

  /** @param event "joined" or "left" */
  public static JsonObject room(String event, String roomId, String username) {
    return new JsonObject().put("type", "room").put("event", event).put("roomId", roomId).put("username", username);
  }

  /** Part {@code part} of {@code parts} of what arrived while the user was quiet; messages in client view. */
  public static JsonObject batch(int part, int parts, JsonArray messages) {
    return new JsonObject().put("type", "batch").put("reason", "quiet-hours-ended").put("part", part)
        .put("parts", parts).put("messages", messages);
  }
}
