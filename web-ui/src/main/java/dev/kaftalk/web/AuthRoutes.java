package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.Objects;

/** Register, login, logout and "who am I". The account service checks passwords; the edge issues the cookie. */
final class AuthRoutes {

  private final ServiceCalls calls;
  private final SessionCookies cookies;
  private final LoginRateLimiter limiter;

  AuthRoutes(ServiceCalls calls, SessionCookies cookies, LoginRateLimiter limiter) {
    this.calls = calls;
    this.cookies = cookies;
    this.limiter = limiter;
  }

  /** The routes that work without a session. */
  void mountPublic(Router router) {
    router.post("/api/auth/register").handler(JsonBody.handler()).handler(this::register);
    router.post("/api/auth/login").handler(JsonBody.handler()).handler(this::login);
  }

  /** The routes that need a session; mounted behind {@link RequireSession}. */
  void mountSignedIn(Router router) {
    router.post("/api/auth/logout").handler(this::logout);
    router.get("/api/me").handler(ctx -> ctx.json(new JsonObject().put("username", RequireSession.user(ctx))));
  }

  private void register(RoutingContext ctx) {
    signIn(ctx, Addresses.ACCOUNT_REGISTER, credentials(ctx), 201);
  }

  private void login(RoutingContext ctx) {
    JsonObject credentials = credentials(ctx);
    long retryAfter = limiter.tryAcquire(ctx.request().remoteAddress().hostAddress(), credentials.getValue("username"));
    if (retryAfter > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
      ctx.fail(new HttpException(429, "Too many sign-in attempts; please wait " + retryAfter + " s and try again."));
      return;
    }
    signIn(ctx, Addresses.ACCOUNT_LOGIN, credentials, 200);
  }

  private void logout(RoutingContext ctx) {
    cookies.end(ctx.response());
    ctx.response().setStatusCode(204).end();
  }

  private void signIn(RoutingContext ctx, String address, JsonObject credentials, int status) {
    calls.<JsonObject>anonymous(address, credentials)
        .map(reply -> Objects.requireNonNull(reply.getString("username"), address + " replied without a username"))
        .onSuccess(username -> {
          cookies.start(ctx.response(), username);
          ctx.response().setStatusCode(status);
          ctx.json(new JsonObject().put("username", username));
        })
        .onFailure(ctx::fail);
  }

  /** Only the two fields the account service needs, so nothing else a client adds reaches it. */
  private static JsonObject credentials(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return new JsonObject().put("username", body.getValue("username")).put("password", body.getValue("password"));
  }
}
