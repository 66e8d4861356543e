package dev.kaftalk.web;

import io.vertx.core.MultiMap;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/** Browser hardening headers for everything the edge serves. */
final class SecurityHeaders {

  /** Host names and IP literals only, so that a crafted Host header cannot add directives to the policy. */
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");

  // Inline styles stay allowed because UI code commonly sets style attributes; scripts are limited to the app's
  // own modules. blob: and data: carry image previews and recorded voice clips.
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' blob: data:; media-src 'self' blob: data:; font-src 'self' data:; object-src 'none'; "
      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

  private SecurityHeaders() {
  }

  static void apply(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "same-origin");
    headers.set("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)");
    headers.set("Content-Security-Policy", POLICY + webSocketSources(ctx.request().authority()));
    ctx.next();
  }

  /** API answers are personal and change all the time, so no cache keeps them. */
  static void noStore(RoutingContext ctx) {
    ctx.response().headers().set("Cache-Control", "no-store");
    ctx.next();
  }

  // Older browsers do not count ws:/wss: to the page's own host as 'self', so they are named explicitly.
  private static String webSocketSources(HostAndPort authority) {
    if (authority == null || !SAFE_HOST.matcher(authority.host()).matches()) {
      return "";
    }
    String host = authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
    return " ws://" + host + " wss://" + host;
  }
}
