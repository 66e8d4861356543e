package dev.kaftalk.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Salted PBKDF2-HMAC-SHA512 password hashes in the {@code $pbkdf2$it=N$salt$hash} form, which carries its own
 * iteration count so raising it later keeps old hashes verifiable. Hashing is deliberately slow, so it runs on
 * worker threads, unordered so that logins do not queue behind each other.
 */
final class PasswordHasher {

  private static final String ALGORITHM = "pbkdf2";
  private static final int SALT_BYTES = 16;

  private final Vertx vertx;
  private final HashingStrategy strategy = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> params;
  /** Verified when the user is unknown, so that a miss costs as long as a wrong password and reveals nothing. */
  private final Future<String> decoy;

  PasswordHasher(Vertx vertx, int iterations) {
    this.vertx = vertx;
    this.params = Map.of("it", Integer.toString(iterations));
    this.decoy = hash("decoy-password-" + random.nextLong());
  }

  Future<String> hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    String encodedSalt = Base64.getEncoder().withoutPadding().encodeToString(salt);
    return vertx.executeBlocking(() -> strategy.hash(ALGORITHM, params, encodedSalt, password), false);
  }

  /** @param hash the stored hash, or null for an unknown user (always false, same cost) */
  Future<Boolean> verify(String hash, String password) {
    if (hash == null) {
      return decoy.compose(d -> vertx.executeBlocking(() -> {
        strategy.verify(d, password);
        return false;
      }, false));
    }
    return vertx.executeBlocking(() -> strategy.verify(hash, password), false);
  }
}
