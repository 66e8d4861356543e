package dev.kaftalk.web;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The edge's sessions, request and bridge settings: config key {@code web}.
 *
 * @param sessionSecret              HMAC key of session cookies; every instance that should accept a cookie needs it
 * @param sessionTtlHours            how long a session cookie stays valid
 * @param cookieSecure               adds {@code Secure} to the cookie; on when the site is served over HTTPS
 * @param allowedOrigins             origins ({@code scheme://host[:port]}) allowed to call the API and open the bridge;
 *                                   empty means the origin whose host is the request's {@code Host}
 * @param trustForwardedHeaders      take client address, host and scheme from {@code Forwarded}/{@code X-Forwarded-*};
 *                                   only behind a proxy that sets them, otherwise clients could forge their address
 * @param loginAttemptsPerMinute     failed login attempts allowed per username and per client address
 * @param registrationsPerMinute     account registrations allowed per client address
 * @param serviceTimeoutMs           how long a REST call waits for a service's answer
 * @param bridgeReplyTimeoutMs       how long a bridge request waits for a service's answer
 * @param bridgePingTimeoutMs        a bridge socket that has not pinged for this long is closed
 * @param bridgeMaxPendingSends      sends awaiting the chat service's answer, per socket; each send beyond it is
 *                                   answered at once with its own 429
 * @param bridgeMaxQueuedBytes       bytes written to a socket but not yet sent before it counts as too slow and is closed
 */
public record WebSettings(String sessionSecret, int sessionTtlHours, boolean cookieSecure, List<String> allowedOrigins,
                          boolean trustForwardedHeaders, int loginAttemptsPerMinute, int registrationsPerMinute,
                          int serviceTimeoutMs,
                          int bridgeReplyTimeoutMs, int bridgePingTimeoutMs, int bridgeMaxPendingSends,
                          int bridgeMaxQueuedBytes) {

  static final int MIN_SECRET_LENGTH = 32;

  public WebSettings {
    if (sessionSecret == null || sessionSecret.length() < MIN_SECRET_LENGTH) {
      throw new ConfigException("web.sessionSecret must be set to at least " + MIN_SECRET_LENGTH
          + " characters (the HMAC key of session cookies; give every instance the same one)");
    }
    range("web.sessionTtlHours", sessionTtlHours, 1, 24 * 366);
    range("web.loginAttemptsPerMinute", loginAttemptsPerMinute, 1, 10_000);
    range("web.registrationsPerMinute", registrationsPerMinute, 1, 100_000);
    range("web.serviceTimeoutMs", serviceTimeoutMs, 100, 600_000);
    range("web.bridgeReplyTimeoutMs", bridgeReplyTimeoutMs, 100, 600_000);
    range("web.bridgePingTimeoutMs", bridgePingTimeoutMs, 1_000, 3_600_000);
    range("web.bridgeMaxPendingSends", bridgeMaxPendingSends, 1, 1_000);
    range("web.bridgeMaxQueuedBytes", bridgeMaxQueuedBytes, 16 * 1024, 256 * 1024 * 1024);
    allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(WebSettings::origin).toList();
  }

  public static WebSettings fromJson(JsonObject json) {
    return new WebSettings(
        text(json, "sessionSecret"),
        integer(json, "sessionTtlHours", 168),
        bool(json, "cookieSecure", false),
        origins(json),
        bool(json, "trustForwardedHeaders", false),
        integer(json, "loginAttemptsPerMinute", 10),
        integer(json, "registrationsPerMinute", 30),
        integer(json, "serviceTimeoutMs", 10_000),
        integer(json, "bridgeReplyTimeoutMs", 10_000),
        // Browsers throttle timers in hidden tabs to about once a minute; a shorter timeout would drop the sockets
        // of exactly the tabs that should show notifications.
        integer(json, "bridgePingTimeoutMs", 90_000),
        integer(json, "bridgeMaxPendingSends", 32),
        integer(json, "bridgeMaxQueuedBytes", 1024 * 1024));
  }

  /** Keeps the secret out of logs and error messages. */
  @Override
  public String toString() {
    return "WebSettings[sessionTtlHours=" + sessionTtlHours + ", cookieSecure=" + cookieSecure
        + ", allowedOrigins=" + allowedOrigins + ", trustForwardedHeaders=" + trustForwardedHeaders
        + ", loginAttemptsPerMinute=" + loginAttemptsPerMinute + ", registrationsPerMinute=" + registrationsPerMinute
        + "]";
  }

  private static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static String origin(String origin) {
    if (origin == null || !origin.matches("(?i)https?://[^/\\s]+")) {
      throw new ConfigException("web.allowedOrigins entries must look like https://host[:port], got " + origin);
    }
    return origin.toLowerCase(Locale.ROOT);
  }

  // A null in the JSON (as in the defaults file) means "not set", so it falls back to the default.

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value instanceof String s ? s : null;
  }

  private static int integer(JsonObject json, String key, int fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new ConfigException("web." + key + " must be a whole number, got " + value);
  }

  private static boolean bool(JsonObject json, String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ConfigException("web." + key + " must be true or false, got " + value);
  }

  private static List<String> origins(JsonObject json) {
    Object value = json.getValue("allowedOrigins");
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(o -> o instanceof String s ? s : null).toList();
    }
    if (value instanceof String s) {
      // Environment variables arrive as one comma-separated string.
      return s.isBlank() ? List.of() : List.of(s.trim().split("\\s*,\\s*"));
    }
    throw new ConfigException("web.allowedOrigins must be a list of origins, got " + value);
  }
}
