package dev.kaftalk.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may use the API and the bridge. Browsers send {@code Origin} on cross-site requests and on every
 * WebSocket handshake; a request without one does not come from another site's page script.
 */
final class OriginPolicy {

  private final List<String> allowed;

  /** @param allowed exact origins; empty allows the origin whose host and port are the request's {@code Host} */
  OriginPolicy(List<String> allowed) {
    this.allowed = allowed;
  }

  /** Route handler for the bridge: every request of its handshake and transports. */
  void requireAllowed(RoutingContext ctx) {
    if (allows(ctx.request())) {
      ctx.next();
    } else {
      ctx.fail(new HttpException(403, "Pages from this origin may not use Kaftalk."));
    }
  }

  /** Route handler for the API: reads stay open, requests that change something must come from an allowed page. */
  void requireAllowedForChanges(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      ctx.next();
    } else {
      requireAllowed(ctx);
    }
  }

  boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    return allowed.isEmpty() ? sameHost(origin, request.authority()) : allowed.contains(origin.toLowerCase(Locale.ROOT));
  }

  private static boolean sameHost(String origin, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      if (uri.getHost() == null || uri.getScheme() == null) {
        return false;
      }
      int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
      int hostPort = authority.port() < 0 ? defaultPort : authority.port();
      return uri.getHost().equalsIgnoreCase(authority.host()) && originPort == hostPort;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
