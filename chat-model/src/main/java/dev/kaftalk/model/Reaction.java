package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One emoji on a message and who put it there, oldest first. The store keeps every user (so a toggle off is exact);
 * clients see {@code {emoji, count, users}} with the first {@link #USERS_SHOWN} users.
 */
public record Reaction(String emoji, List<String> users) {

  public static final int USERS_SHOWN = 20;

  public Reaction {
    users = List.copyOf(users);
  }

  public JsonObject toJson() {
    return new JsonObject().put("emoji", emoji).put("count", users.size())
        .put("users", new JsonArray(users.subList(0, Math.min(USERS_SHOWN, users.size()))));
  }

  /**
   * The view of one reader, who may be past the first {@link #USERS_SHOWN}: {@code mine} says whether they reacted,
   * which the shown users alone cannot tell them (and toggling off needs it).
   */
  public JsonObject toJson(String viewer) {
    return toJson().put("mine", users.contains(viewer));
  }

  JsonObject toRecord() {
    return new JsonObject().put("emoji", emoji).put("users", new JsonArray(users));
  }

  static Reaction fromRecord(JsonObject json) {
    JsonArray users = json.getJsonArray("users", new JsonArray());
    return new Reaction(JsonCodec.required(json, "emoji"), users.stream().map(u -> (String) u).toList());
  }

  /** The client view of a message's reactions, shared by every reader. */
  public static JsonArray toJson(List<Reaction> reactions) {
    JsonArray json = new JsonArray();
    reactions.forEach(r -> json.add(r.toJson()));
    return json;
  }

  /** The client view of a message's reactions for {@code viewer}. */
  public static JsonArray toJson(List<Reaction> reactions, String viewer) {
    JsonArray json = new JsonArray();
    reactions.forEach(r -> json.add(r.toJson(viewer)));
    return json;
  }
}
