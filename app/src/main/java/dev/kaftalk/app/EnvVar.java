package dev.kaftalk.app;

import dev.kaftalk.model.ConfigException;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** An environment variable that overrides one config key. README's settings table lists the same ones. */
record EnvVar(String name, String path, Kind kind) {

  enum Kind { TEXT, INT, LONG, BOOLEAN }

  static final List<EnvVar> ALL = List.of(
      new EnvVar("HTTP_PORT", "http.port", Kind.INT),
      new EnvVar("HTTP_HOST", "http.host", Kind.TEXT),
      new EnvVar("EDGE_INSTANCES", "http.edgeInstances", Kind.INT),
      new EnvVar("DATA_DIR", "dataDir", Kind.TEXT),
      new EnvVar("HISTORY_DIR", "chat.historyDir", Kind.TEXT),
      new EnvVar("INSTANCE_ID", "instanceId", Kind.TEXT),
      new EnvVar("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrapServers", Kind.TEXT),
      new EnvVar("KAFKA_PARTITIONS", "kafka.partitions", Kind.INT),
      new EnvVar("KAFKA_REPLICATION_FACTOR", "kafka.replicationFactor", Kind.INT),
      new EnvVar("KAFKA_MIN_INSYNC_REPLICAS", "kafka.minInsyncReplicas", Kind.INT),
      new EnvVar("KAFKA_LINGER_MS", "kafka.lingerMs", Kind.INT),
      new EnvVar("KAFKA_MESSAGES_RETENTION_MS", "kafka.messagesRetentionMs", Kind.LONG),
      new EnvVar("S3_ENDPOINT", "s3.endpoint", Kind.TEXT),
      new EnvVar("S3_ACCESS_KEY", "s3.accessKey", Kind.TEXT),
      new EnvVar("S3_SECRET_KEY", "s3.secretKey", Kind.TEXT),
      new EnvVar("S3_BUCKET", "s3.bucket", Kind.TEXT),
      new EnvVar("S3_REGION", "s3.region", Kind.TEXT),
      new EnvVar("SESSION_SECRET", "web.sessionSecret", Kind.TEXT),
      new EnvVar("TRUST_FORWARDED_HEADERS", "web.trustForwardedHeaders", Kind.BOOLEAN),
      new EnvVar("EMBEDDED_KAFKA_PORT", "embedded.kafkaPort", Kind.INT),
      new EnvVar("EMBEDDED_S3_PORT", "embedded.s3Port", Kind.INT));

  /** Writes every variable present in {@code env} into {@code config}. */
  static void applyAll(Map<String, String> env, JsonObject config) {
    for (EnvVar var : ALL) {
      String raw = env.get(var.name);
      if (raw != null && !raw.isBlank()) {
        var.apply(raw.trim(), config);
      }
    }
  }

  private void apply(String raw, JsonObject config) {
    String[] keys = path.split("\\.");
    JsonObject parent = config;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonObject child = parent.getJsonObject(keys[i]);
      if (child == null) {
        child = new JsonObject();
        parent.put(keys[i], child);
      }
      parent = child;
    }
    parent.put(keys[keys.length - 1], parse(raw));
  }

  private boolean parseBoolean(String raw) {
    if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
      throw new ConfigException(name + " must be true or false, got '" + raw + "'");
    }
    return Boolean.parseBoolean(raw);
  }

  private Object parse(String raw) {
    try {
      return switch (kind) {
        case TEXT -> raw;
        case INT -> Integer.parseInt(raw);
        case LONG -> Long.parseLong(raw);
        case BOOLEAN -> parseBoolean(raw);
      };
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got '" + raw + "'");
    }
  }
}
