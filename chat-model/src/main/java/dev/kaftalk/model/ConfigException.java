package dev.kaftalk.model;

/** A setting is missing or out of range; the message names the setting and says what is expected. */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String message) {
    super(message);
  }

  static int requireRange(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  static long requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  static String requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + " must be set");
    }
    return value;
  }
}
