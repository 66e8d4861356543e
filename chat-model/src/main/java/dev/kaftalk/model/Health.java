package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/** One service's answer to a readiness probe. */
public record Health(String component, boolean ready, String detail) {

  public static Health up(String component, String detail) {
    return new Health(component, true, detail);
  }

  public static Health down(String component, String detail) {
    return new Health(component, false, detail);
  }

  public JsonObject toJson() {
    return new JsonObject().put("component", component).put("ready", ready).put("detail", detail);
  }

  public static Health fromJson(JsonObject json) {
    return new Health(json.getString("component"), json.getBoolean("ready", false), json.getString("detail"));
  }
}
