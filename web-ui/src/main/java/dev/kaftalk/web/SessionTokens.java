package dev.kaftalk.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and verifies session tokens {@code base64url(username).issuedAtEpochMillis.base64url(hmac)}, valid for the
 * configured time to live, so that any instance holding the same secret accepts a session without shared storage.
 * Ending sessions before then is {@link SessionRevocations}' part.
 */
final class SessionTokens {

  private static final String ALGORITHM = "HmacSHA256";
  /** Longer than any token this class issues; anything longer is rejected before doing crypto on it. */
  private static final int MAX_TOKEN_LENGTH = 256;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  SessionTokens(String secret, Duration ttl, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.ttl = ttl;
    this.clock = clock;
  }

  Duration ttl() {
    return ttl;
  }

  /**
   * @param notBeforeMs the earliest issue instant: a session must come after the instant that ended the user's
   *                    earlier ones, even when both fall in the same millisecond or another instance's clock is ahead
   */
  String issue(String username, long notBeforeMs) {
    String payload = ENCODER.encodeToString(username.getBytes(StandardCharsets.UTF_8)) + "."
        + Math.max(clock.millis(), notBeforeMs);
    return payload + "." + ENCODER.encodeToString(sign(payload));
  }

  /** The session in a token, if it carries a valid signature and has not expired. */
  Optional<SessionToken> verify(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      byte[] given = DECODER.decode(parts[2]);
      // Constant-time, so that response timing does not reveal how much of a forged signature was right.
      if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), given)) {
        return Optional.empty();
      }
      Instant issuedAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
      SessionToken session = new SessionToken(new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8),
          issuedAt, issuedAt.plus(ttl));
      return session.expiredAt(clock.instant()) || session.username().isEmpty()
          ? Optional.empty() : Optional.of(session);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  Instant now() {
    return clock.instant();
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
