package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * The edge's settings: config key {@code http}.
 *
 * @param port         the HTTP port; 0 picks a free one (tests)
 * @param host         the interface to bind
 * @param maxFrameBytes the largest SockJS bridge frame accepted
 * @param edgeInstances how many edge verticles serve the port, each on its own event loop; by default one per core,
 *                      so that the bridge's per-socket work is spread over every core
 */
public record HttpSettings(int port, String host, int maxFrameBytes, int edgeInstances) {

  public HttpSettings {
    ConfigException.requireRange("http.port", port, 0, 65535);
    ConfigException.requireText("http.host", host);
    ConfigException.requireRange("http.maxFrameBytes", maxFrameBytes, 1024, 16 * 1024 * 1024);
    ConfigException.requireRange("http.edgeInstances", edgeInstances, 1, 256);
  }

  public static HttpSettings fromJson(JsonObject json) {
    return new HttpSettings(json.getInteger("port", 8080), json.getString("host", "0.0.0.0"),
        json.getInteger("maxFrameBytes", 64 * 1024),
        json.getInteger("edgeInstances", Runtime.getRuntime().availableProcessors()));
  }
}
