package dev.kaftalk.app;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds the configuration: built-in defaults, then an optional JSON file, then environment variables. */
public final class ConfigLoader {

  static final String CONFIG_FILE_ENV = "KAFTALK_CONFIG";

  private ConfigLoader() {
  }

  /**
   * @param configFile the {@code --config} argument, or null to fall back to {@code KAFTALK_CONFIG}
   */
  public static JsonObject load(String configFile, Map<String, String> env) {
    JsonObject config = defaults();
    String file = configFile != null ? configFile : env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      config.mergeIn(readFile(Path.of(file)), true);
    }
    EnvVar.applyAll(env, config);
    return config;
  }

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/kaftalk-defaults.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("built-in defaults missing from the jar", e);
    }
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("config file " + path + " is not a JSON object: " + e.getMessage());
    }
  }
}
