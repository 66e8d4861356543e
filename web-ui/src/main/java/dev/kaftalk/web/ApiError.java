package dev.kaftalk.web;

import io.vertx.core.json.JsonObject;

/** The contract's error body: {@code {"error":{"code":"...","message":"..."}}}. */
final class ApiError {

  private ApiError() {
  }

  static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }
}
