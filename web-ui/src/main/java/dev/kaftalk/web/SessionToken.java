package dev.kaftalk.web;

import java.time.Instant;

/** A verified session: who it is for, when it was issued (a logout ends those issued before) and until when. */
record SessionToken(String username, Instant issuedAt, Instant expiresAt) {

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
