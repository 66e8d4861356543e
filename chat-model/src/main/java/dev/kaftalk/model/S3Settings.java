package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/** Object storage settings: config key {@code s3}. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String bucket, String region) {

  public S3Settings {
    ConfigException.requireText("s3.endpoint", endpoint);
    ConfigException.requireText("s3.accessKey", accessKey);
    ConfigException.requireText("s3.secretKey", secretKey);
    ConfigException.requireText("s3.region", region);
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("s3.bucket must be a valid S3 bucket name (3-63 of a-z 0-9 . -), got " + bucket);
    }
  }

  public static S3Settings fromJson(JsonObject json) {
    return new S3Settings(json.getString("endpoint"), json.getString("accessKey"), json.getString("secretKey"),
        json.getString("bucket"), json.getString("region", "us-east-1"));
  }

  /** Keeps the secret out of logs and error messages. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
  }
}
