package dev.kaftalk.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Optional;

/**
 * The session cookie: HttpOnly so page scripts cannot read it, SameSite=Strict so other sites cannot make the
 * browser send it, Path=/ so the API and the bridge both see it. A session counts while its token is valid and no
 * logout ended it.
 */
final class SessionCookies {

  static final String NAME = "kaftalk_session";

  private final SessionTokens tokens;
  private final SessionRevocations revocations;
  private final boolean secure;

  SessionCookies(SessionTokens tokens, SessionRevocations revocations, boolean secure) {
    this.tokens = tokens;
    this.revocations = revocations;
    this.secure = secure;
  }

  void start(HttpServerResponse response, String username) {
    startAfter(response, username, 0);
  }

  /** A session that outlives the user's sessions ended at {@code endedAt}, which this edge may not have heard of yet. */
  void startAfter(HttpServerResponse response, String username, long endedAt) {
    long notBefore = Math.max(endedAt, revocations.validAfter(username)) + 1;
    response.addCookie(cookie(tokens.issue(username, notBefore)).setMaxAge(tokens.ttl().toSeconds()));
  }

  void end(HttpServerResponse response) {
    response.addCookie(cookie("").setMaxAge(0));
  }

  Optional<SessionToken> read(HttpServerRequest request) {
    Cookie cookie = request.getCookie(NAME);
    return cookie == null ? Optional.empty()
        : tokens.verify(cookie.getValue()).filter(session -> !revocations.revoked(session));
  }

  boolean ended(SessionToken session) {
    return session.expiredAt(tokens.now()) || revocations.revoked(session);
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(NAME, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(secure);
  }
}
