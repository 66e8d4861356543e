package dev.kaftalk.web;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSettingsTest {

  @Test
  void defaultsApplyWhenOnlyTheSecretIsSet() {
    WebSettings web = WebSettings.fromJson(new JsonObject().put("sessionSecret", EdgeFixture.SECRET)
        .putNull("sessionTtlHours"));
    assertEquals(168, web.sessionTtlHours());
    assertEquals(10, web.loginAttemptsPerMinute());
    assertEquals(List.of(), web.allowedOrigins());
    assertFalse(web.cookieSecure());
    assertFalse(web.trustForwardedHeaders());
    assertFalse(web.toString().contains(EdgeFixture.SECRET), "the secret stays out of logs");
  }

  @Test
  void aMissingOrShortSecretStopsStartUp() {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> WebSettings.fromJson(new JsonObject().putNull("sessionSecret")));
    assertTrue(missing.getMessage().contains("web.sessionSecret"), missing.getMessage());
    assertThrows(ConfigException.class, () -> WebSettings.fromJson(new JsonObject().put("sessionSecret", "short")));
  }

  @Test
  void badValuesNameTheirKey() {
    JsonObject base = new JsonObject().put("sessionSecret", EdgeFixture.SECRET);
    assertEquals("web.sessionTtlHours must be a whole number, got lots", assertThrows(ConfigException.class,
        () -> WebSettings.fromJson(base.copy().put("sessionTtlHours", "lots"))).getMessage());
    assertTrue(assertThrows(ConfigException.class,
        () -> WebSettings.fromJson(base.copy().put("loginAttemptsPerMinute", 0))).getMessage()
        .startsWith("web.loginAttemptsPerMinute"));
    assertTrue(assertThrows(ConfigException.class,
        () -> WebSettings.fromJson(base.copy().put("allowedOrigins", new JsonArray().add("evil.example/x"))))
        .getMessage().startsWith("web.allowedOrigins"));
  }

  @Test
  void originsMayComeAsAListOrACommaSeparatedString() {
    JsonObject base = new JsonObject().put("sessionSecret", EdgeFixture.SECRET);
    assertEquals(List.of("https://chat.example.com", "http://localhost:8080"), WebSettings.fromJson(
        base.copy().put("allowedOrigins", "https://Chat.example.com, http://localhost:8080")).allowedOrigins());
    assertEquals(List.of("https://chat.example.com"), WebSettings.fromJson(
        base.copy().put("allowedOrigins", new JsonArray().add("https://chat.example.com"))).allowedOrigins());
  }
}
