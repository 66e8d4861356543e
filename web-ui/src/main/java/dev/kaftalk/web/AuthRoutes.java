package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.Objects;

/**
 * Register, login, logout, password change and "who am I". The account service checks passwords; the edge issues
 * the cookie.
 */
final class AuthRoutes {

  /** Seconds a client is asked to wait when the account service is too busy hashing passwords. */
  private static final String BUSY_RETRY_AFTER_SECONDS = "5";

  private final ServiceCalls calls;
  private final SessionCookies cookies;
  private final AttemptRateLimiter logins;
  private final AttemptRateLimiter registrations;

  AuthRoutes(ServiceCalls calls, SessionCookies cookies, AttemptRateLimiter logins,
             AttemptRateLimiter registrations) {
    this.calls = calls;
    this.cookies = cookies;
    this.logins = logins;
    this.registrations = registrations;
  }

  /** The routes that work without a session. */
  void mountPublic(Router router) {
    router.post("/api/auth/register").handler(JsonBody.handler()).handler(this::register);
    router.post("/api/auth/login").handler(JsonBody.handler()).handler(this::login);
    // Who is signed in, asked by the browser app as it starts: a visitor who is not is an ordinary answer, not a 401
    // (which browsers log as an error on every signed-out visit).
    router.get("/api/session").handler(ctx -> ctx.json(new JsonObject()
        .put("username", cookies.read(ctx.request()).map(SessionToken::username).orElse(null))));
  }

  /** The routes that need a session; mounted behind {@link RequireSession}. */
  void mountSignedIn(Router router) {
    router.post("/api/auth/logout").handler(this::logout);
    router.post("/api/auth/password").handler(JsonBody.handler()).handler(this::changePassword);
    router.get("/api/me").handler(ctx -> ctx.json(new JsonObject().put("username", RequireSession.user(ctx))));
  }

  private void register(RoutingContext ctx) {
    JsonObject credentials = credentials(ctx);
    if (allowed(ctx, registrations, null, "Too many new accounts from your address")) {
      signIn(ctx, Addresses.ACCOUNT_REGISTER, credentials, 201);
    }
  }

  /** A successful sign-in gives its attempt back: a team behind one address signs in without locking itself out. */
  private void login(RoutingContext ctx) {
    JsonObject credentials = credentials(ctx);
    Object username = credentials.getValue("username");
    if (allowed(ctx, logins, username, "Too many sign-in attempts")) {
      signIn(ctx, Addresses.ACCOUNT_LOGIN, credentials, 200)
          .onSuccess(signedIn -> logins.refund(clientAddress(ctx), username));
    }
  }

  /** Counts the attempt, or fails the request with 429 and Retry-After when the client has used up its minute. */
  private static boolean allowed(RoutingContext ctx, AttemptRateLimiter limiter, Object username, String refusal) {
    long retryAfter = limiter.tryAcquire(clientAddress(ctx), username);
    if (retryAfter > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
      ctx.fail(new HttpException(429, refusal + "; please wait " + retryAfter + " s and try again."));
      return false;
    }
    return true;
  }

  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress().hostAddress();
  }

  /** Ends every session of the user, on every instance; this browser's cookie goes whatever the service says. */
  private void logout(RoutingContext ctx) {
    cookies.end(ctx.response());
    calls.asUser(Addresses.ACCOUNT_LOGOUT, null, RequireSession.user(ctx))
        .onSuccess(ended -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * Counted as a sign-in attempt of the user, so a stolen cookie cannot be used to guess the password; this browser
   * gets a new session, every other one ends.
   */
  private void changePassword(RoutingContext ctx) {
    String username = RequireSession.user(ctx);
    JsonObject body = JsonBody.object(ctx);
    JsonObject change = new JsonObject().put("currentPassword", body.getValue("currentPassword"))
        .put("newPassword", body.getValue("newPassword"));
    if (allowed(ctx, logins, username, "Too many password attempts")) {
      calls.<JsonObject>asUser(Addresses.ACCOUNT_PASSWORD, change, username)
          .onSuccess(changed -> {
            logins.refund(clientAddress(ctx), username);
            cookies.startAfter(ctx.response(), username, changed.getLong("validAfter"));
            ctx.json(new JsonObject().put("username", username));
          })
          .onFailure(failure -> fail(ctx, failure));
    }
  }

  /** Answers the request with the session the service granted, or its failure; completes with the username. */
  private Future<String> signIn(RoutingContext ctx, String address, JsonObject credentials, int status) {
    return calls.<JsonObject>anonymous(address, credentials)
        .map(reply -> Objects.requireNonNull(reply.getString("username"), address + " replied without a username"))
        .onSuccess(username -> {
          cookies.start(ctx.response(), username);
          ctx.response().setStatusCode(status);
          ctx.json(new JsonObject().put("username", username));
        })
        .onFailure(failure -> fail(ctx, failure));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof HttpException e && e.getStatusCode() == 503) {
      ctx.response().putHeader("Retry-After", BUSY_RETRY_AFTER_SECONDS);
    }
    ctx.fail(failure);
  }

  /** Only the two fields the account service needs, so nothing else a client adds reaches it. */
  private static JsonObject credentials(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return new JsonObject().put("username", body.getValue("username")).put("password", body.getValue("password"));
  }
}
