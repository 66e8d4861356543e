package dev.kaftalk.web;

import java.time.Instant;

/** A verified session: who it is for and until when it is valid. */
record SessionToken(String username, Instant expiresAt) {

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
