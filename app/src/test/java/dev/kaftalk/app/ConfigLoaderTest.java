package dev.kaftalk.app;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

  @Test
  void defaultsStartEverythingEmbeddedOnPort8080() {
    JsonObject config = ConfigLoader.load(null, Map.of());
    assertEquals(8080, config.getJsonObject("http").getInteger("port"));
    assertEquals("./data", config.getString("dataDir"));
    assertNull(config.getJsonObject("kafka").getString("bootstrapServers"));
    assertNull(config.getJsonObject("s3").getString("endpoint"));
  }

  @Test
  void fileOverridesDefaultsAndEnvOverridesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kaftalk.json");
    Files.writeString(file, "{\"http\":{\"port\":9000},\"kafka\":{\"partitions\":12,\"bootstrapServers\":\"file:9092\"}}");

    JsonObject config = ConfigLoader.load(file.toString(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

    assertEquals(9000, config.getJsonObject("http").getInteger("port"));
    assertEquals(12, config.getJsonObject("kafka").getInteger("partitions"));
    assertEquals("env:9092", config.getJsonObject("kafka").getString("bootstrapServers"));
    assertEquals(0, config.getJsonObject("kafka").getInteger("lingerMs"), "untouched defaults survive the merge");
  }

  @Test
  void configFileCanComeFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kaftalk.json");
    Files.writeString(file, "{\"dataDir\":\"/srv/kaftalk\"}");
    JsonObject config = ConfigLoader.load(null, Map.of("KAFTALK_CONFIG", file.toString()));
    assertEquals("/srv/kaftalk", config.getString("dataDir"));
  }

  @Test
  void everyEnvVarLandsOnItsKey() {
    JsonObject config = ConfigLoader.load(null, Map.of(
        "HTTP_PORT", "8181", "DATA_DIR", "/tmp/k", "S3_ENDPOINT", "http://minio:9000",
        "S3_ACCESS_KEY", "ak", "S3_SECRET_KEY", "sk", "S3_BUCKET", "media", "KAFKA_REPLICATION_FACTOR", "3",
        "KAFKA_MIN_INSYNC_REPLICAS", "2"));
    assertEquals(8181, config.getJsonObject("http").getInteger("port"));
    assertEquals("/tmp/k", config.getString("dataDir"));
    JsonObject s3 = config.getJsonObject("s3");
    assertEquals("http://minio:9000", s3.getString("endpoint"));
    assertEquals("media", s3.getString("bucket"));
    assertEquals(3, config.getJsonObject("kafka").getInteger("replicationFactor"));
    assertEquals(2, config.getJsonObject("kafka").getInteger("minInsyncReplicas"));
  }

  @Test
  void nonNumericPortIsNamedInTheError() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of("HTTP_PORT", "eighty")));
    assertEquals("HTTP_PORT must be a whole number, got 'eighty'", e.getMessage());
  }

  @Test
  void brokenConfigFileIsNamedInTheError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{not json");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), Map.of()));
    assertTrue(e.getMessage().startsWith("config file " + file + " is not a JSON object"), e.getMessage());
  }

  @Test
  void missingConfigFileIsNamedInTheError(@TempDir Path dir) {
    Path missing = dir.resolve("missing.json");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing.toString(), Map.of()));
    assertTrue(e.getMessage().startsWith("cannot read config file " + missing), e.getMessage());
  }
}
