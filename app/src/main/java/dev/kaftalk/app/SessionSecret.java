package dev.kaftalk.app;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Supplies {@code web.sessionSecret} when the configuration has none: a random one kept in
 * {@code DATA_DIR/session.secret}, so sessions survive a restart of a single instance. Instances that share
 * users behind a load balancer must be given the same secret instead (SESSION_SECRET).
 */
final class SessionSecret {

  private static final Logger LOG = LoggerFactory.getLogger(SessionSecret.class);
  private static final String FILE = "session.secret";

  private SessionSecret() {
  }

  /** Blocking: call it before Vert.x starts. */
  static void fillIn(JsonObject config) {
    JsonObject web = config.getJsonObject("web");
    if (web == null) {
      web = new JsonObject();
      config.put("web", web);
    }
    String secret = web.getString("sessionSecret");
    if (secret == null || secret.isBlank()) {
      web.put("sessionSecret", loadOrCreate(Path.of(config.getString("dataDir")).resolve(FILE)));
    }
  }

  private static String loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = HexFormat.of().formatHex(bytes);
      Files.writeString(file, secret);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      LOG.info("Generated a session secret in {}; set SESSION_SECRET to share sessions between instances", file);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the session secret " + file + ": " + e.getMessage(), e);
    }
  }
}
