package dev.kaftalk.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * Lets a request through only with a valid session cookie and remembers the session on the routing context. The
 * session is the only source of identity: routes read the user from here, never from a body or a parameter.
 */
final class RequireSession implements Handler<RoutingContext> {

  private static final String SESSION = "kaftalk.session";

  private final SessionCookies cookies;

  RequireSession(SessionCookies cookies) {
    this.cookies = cookies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    cookies.read(ctx.request()).ifPresentOrElse(session -> {
      ctx.put(SESSION, session);
      ctx.next();
    }, () -> ctx.fail(new HttpException(401, "Please sign in.")));
  }

  /** The session verified for this request, or null when the request did not pass this handler. */
  static SessionToken session(RoutingContext ctx) {
    return ctx.get(SESSION);
  }

  static String user(RoutingContext ctx) {
    return session(ctx).username();
  }
}
