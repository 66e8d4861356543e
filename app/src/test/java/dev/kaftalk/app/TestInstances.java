package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/** Configuration of app instances that share the test run's Kafka and S3, as instances of one deployment do. */
final class TestInstances {

  /** The same for every instance of a test run, so that a session is valid on each of them. */
  static final String SESSION_SECRET = "test-session-secret-0123456789abcdef";

  private TestInstances() {
  }

  static JsonObject config(SharedInfra infra, Path dataDir) {
    JsonObject config = infra.appConfig(dataDir, SharedInfra.unique("media"));
    // Every test user signs up from 127.0.0.1; RestApiTest covers the per-address limit itself.
    config.put("web", new JsonObject().put("sessionSecret", SESSION_SECRET).put("registrationsPerMinute", 10_000));
    return config;
  }
}
