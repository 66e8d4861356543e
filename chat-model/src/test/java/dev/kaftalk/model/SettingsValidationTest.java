package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsValidationTest {

  @Test
  void portOutsideTcpRangeIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> HttpSettings.fromJson(new JsonObject().put("port", 70000)));
    assertEquals("http.port must be between 0 and 65535, got 70000", e.getMessage());
  }

  @Test
  void bucketMustBeAValidS3Name() {
    ConfigException e = assertThrows(ConfigException.class, () -> new S3Settings("http://s3", "ak", "sk", "Media_Files", "us-east-1"));
    assertEquals("s3.bucket must be a valid S3 bucket name (3-63 of a-z 0-9 . -), got Media_Files", e.getMessage());
  }

  @Test
  void secretNeverAppearsInLogs() {
    S3Settings s3 = new S3Settings("http://s3", "ak", "very-secret", "media", "us-east-1");
    assertFalse(s3.toString().contains("very-secret"));
  }

  @Test
  void mediaLimitsHaveDefaultsAndAreChecked() {
    MediaSettings defaults = MediaSettings.fromJson(new JsonObject().put("uploadDir", "/tmp/uploads"));
    assertEquals(10 * 1024 * 1024, defaults.maxBytes());
    assertEquals(300_000, defaults.maxVoiceMs());
    assertEquals(50_000_000, defaults.maxPixels());
    assertEquals(480, defaults.previewMaxSide());
    ConfigException tooSmall = assertThrows(ConfigException.class,
        () -> MediaSettings.fromJson(new JsonObject().put("uploadDir", "/tmp/uploads").put("maxBytes", 10)));
    assertEquals("media.maxBytes must be between 1024 and 1073741824, got 10", tooSmall.getMessage());
    ConfigException noDir = assertThrows(ConfigException.class, () -> MediaSettings.fromJson(new JsonObject()));
    assertEquals("media.uploadDir must be set", noDir.getMessage());
  }
}
