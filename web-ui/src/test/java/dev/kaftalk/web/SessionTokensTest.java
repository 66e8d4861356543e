package dev.kaftalk.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTokensTest {

  private static final String SECRET = EdgeFixture.SECRET;
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private final SessionTokens tokens = at(NOW);

  @Test
  void aTokenCarriesItsUserUntilItExpires() {
    String token = tokens.issue("alice.b-2", 0);
    Optional<SessionToken> session = tokens.verify(token);
    assertEquals("alice.b-2", session.orElseThrow().username());
    assertEquals(NOW.plus(Duration.ofHours(2)), session.orElseThrow().expiresAt());
    assertTrue(at(NOW.plus(Duration.ofHours(2)).minusSeconds(1)).verify(token).isPresent());
    assertTrue(at(NOW.plus(Duration.ofHours(2))).verify(token).isEmpty());
  }

  @Test
  void anyChangeOrAnotherSecretInvalidatesIt() {
    String token = tokens.issue("alice", 0);
    String[] parts = token.split("\\.");
    assertTrue(tokens.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2]).isEmpty());
    assertTrue(tokens.verify(tokens.issue("bob", 0).split("\\.")[0] + "." + parts[1] + "." + parts[2]).isEmpty());
    assertTrue(tokens.verify(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")).isEmpty());
    SessionTokens other = new SessionTokens("a-different-secret-of-enough-length!!", Duration.ofHours(2),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertTrue(other.verify(token).isEmpty());
  }

  @Test
  void aSessionIssuedRightAfterOthersEndedComesAfterTheirEnd() {
    long ended = NOW.toEpochMilli();
    assertEquals(NOW.plusMillis(1), tokens.verify(tokens.issue("alice", ended + 1)).orElseThrow().issuedAt());
    assertEquals(NOW, tokens.verify(tokens.issue("alice", ended - 5000)).orElseThrow().issuedAt());
  }

  @Test
  void malformedTokensAreRejectedWithoutErrors() {
    for (String junk : new String[] {null, "", ".", "..", "a.b.c", "YWxpY2U.notanumber.AAAA", "YWxpY2U.1.%%%",
        "a.b.c.d", "x".repeat(10_000)}) {
      assertTrue(tokens.verify(junk).isEmpty(), String.valueOf(junk));
    }
  }

  private static SessionTokens at(Instant now) {
    return new SessionTokens(SECRET, Duration.ofHours(2), Clock.fixed(now, ZoneOffset.UTC));
  }
}
