package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Health;
import dev.kaftalk.web.EdgeFixture.Recorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST contract's edge rules: sessions, identity only from the session, bodies, errors, rate limits. */
@ExtendWith(VertxExtension.class)
class RestApiTest {

  private EdgeFixture edge;
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    EdgeFixture.deploy(vertx, new JsonObject().put("serviceTimeoutMs", 300)).onComplete(testContext.succeeding(e -> {
      edge = e;
      client = e.client();
      testContext.completeNow();
    }));
  }

  @Test
  void anonymousRequestsAreRefusedOnEveryProtectedRoute(VertxTestContext testContext) {
    Map<String, HttpMethod> routes = Map.of(
        "/api/me", HttpMethod.GET,
        "/api/auth/logout", HttpMethod.POST,
        "/api/auth/password", HttpMethod.POST,
        "/api/rooms", HttpMethod.GET,
        "/api/rooms/r1/join", HttpMethod.POST,
        "/api/rooms/r1/leave", HttpMethod.POST,
        "/api/rooms/r1/messages?limit=5", HttpMethod.GET,
        "/api/unknown", HttpMethod.GET);
    Recorder rooms = edge.service(Addresses.ROOMS_LIST, m -> new JsonArray());
    Checkpoint refused = testContext.checkpoint(routes.size() + 1);
    routes.forEach((path, method) -> client.request(method, path).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 401, "unauthorized");
          refused.flag();
        }))));
    client.post("/api/rooms").sendJsonObject(new JsonObject().put("name", "x"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 401, "unauthorized");
          assertTrue(rooms.messages.isEmpty(), "no anonymous request reaches a service");
          refused.flag();
        })));
  }

  @Test
  void registerSetsAnHttpOnlyStrictSessionCookieThatSignsInTheUser(VertxTestContext testContext) {
    Recorder accounts = edge.service(Addresses.ACCOUNT_REGISTER,
        m -> new JsonObject().put("username", ((JsonObject) m.body()).getString("username")));
    Checkpoint registered = testContext.checkpoint();
    Checkpoint signedIn = testContext.checkpoint();
    client.post("/api/auth/register")
        .sendJsonObject(new JsonObject().put("username", "alice").put("password", "secret-pw").put("admin", true))
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(201, response.statusCode());
            assertEquals("alice", response.bodyAsJsonObject().getString("username"));
            String cookie = sessionCookie(response);
            assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("; httponly"), cookie);
            assertTrue(cookie.contains("SameSite=Strict"), cookie);
            assertTrue(cookie.contains("Path=/"), cookie);
            assertTrue(cookie.contains("Max-Age=" + Duration.ofHours(168).toSeconds()), cookie);
            assertEquals(new JsonObject().put("username", "alice").put("password", "secret-pw"),
                accounts.last().body(), "only the credentials reach the account service");
            registered.flag();
          });
          return client.get("/api/me").putHeader("Cookie", cookieValue(response)).send();
        })
        .onComplete(testContext.succeeding(me -> testContext.verify(() -> {
          assertEquals(200, me.statusCode());
          assertEquals(new JsonObject().put("username", "alice"), me.bodyAsJsonObject());
          signedIn.flag();
        })));
  }

  @Test
  void theSessionCallSaysWhoIsSignedInAndAnswersAVisitorWithoutAnError(VertxTestContext testContext) {
    edge.service(Addresses.ACCOUNT_REGISTER, m -> new JsonObject().put("username", "sue"));
    Checkpoint visitor = testContext.checkpoint();
    Checkpoint signedIn = testContext.checkpoint();
    client.get("/api/session").send()
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode());
            assertEquals(new JsonObject().putNull("username"), response.bodyAsJsonObject());
            visitor.flag();
          });
          return client.post("/api/auth/register")
              .sendJsonObject(new JsonObject().put("username", "sue").put("password", "secret-pw"));
        })
        .compose(registered -> client.get("/api/session").putHeader("Cookie", cookieValue(registered)).send())
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(new JsonObject().put("username", "sue"), response.bodyAsJsonObject());
          signedIn.flag();
        })));
  }

  @Test
  void loginAnswersWithCookieOrTheServicesUnauthorized(VertxTestContext testContext) {
    edge.consumer(Addresses.ACCOUNT_LOGIN, message -> {
      JsonObject credentials = (JsonObject) message.body();
      if ("right-password".equals(credentials.getString("password"))) {
        message.reply(new JsonObject().put("username", "bob"));
      } else {
        message.fail(401, "Wrong username or password.");
      }
    });
    Checkpoint accepted = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    login("bob", "right-password").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertEquals(200, response.statusCode());
      assertEquals("bob", response.bodyAsJsonObject().getString("username"));
      assertNotNull(sessionCookie(response));
      accepted.flag();
    })));
    login("bob", "wrong-password").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertError(response, 401, "unauthorized");
      assertEquals("Wrong username or password.", response.bodyAsJsonObject().getJsonObject("error").getString("message"));
      assertTrue(response.cookies().isEmpty(), "no cookie for a failed login");
      refused.flag();
    })));
  }

  @Test
  void logoutEndsTheUsersSessionsAndClearsTheCookie(VertxTestContext testContext) {
    Recorder logout = edge.service(Addresses.ACCOUNT_LOGOUT, m -> new JsonObject());
    client.post("/api/auth/logout").putHeader("Cookie", EdgeFixture.cookie("alice")).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(204, response.statusCode());
          assertEquals("alice", logout.last().headers().get(Addresses.USER_HEADER));
          String cookie = sessionCookie(response);
          assertTrue(cookie.startsWith(SessionCookies.NAME + "=;"), cookie);
          assertTrue(cookie.contains("Max-Age=0"), cookie);
          testContext.completeNow();
        })));
  }

  @Test
  void sessionsIssuedBeforeARevocationAreRefusedAndLaterOnesWork(Vertx vertx, VertxTestContext testContext) {
    edge.service(Addresses.ROOMS_LIST, m -> new JsonArray());
    String copied = EdgeFixture.cookieIssuedAt("alice", Instant.now().minusSeconds(60));
    String bobs = EdgeFixture.cookieIssuedAt("bob", Instant.now().minusSeconds(60));
    vertx.eventBus().publish(Addresses.SESSIONS_REVOKED, new JsonObject().put("username", "alice")
        .put("validAfter", Instant.now().minusSeconds(1).toEpochMilli()));
    Checkpoint refused = testContext.checkpoint();
    Checkpoint othersUnaffected = testContext.checkpoint(2);
    client.get("/api/rooms").putHeader("Cookie", copied).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 401, "unauthorized");
          refused.flag();
        })));
    for (String cookie : List.of(EdgeFixture.cookie("alice"), bobs)) {
      client.get("/api/rooms").putHeader("Cookie", cookie).send()
          .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertEquals(200, response.statusCode());
            othersUnaffected.flag();
          })));
    }
  }

  @Test
  void aPasswordChangeGivesThisBrowserASessionThatOutlivesTheOnesItEnded(Vertx vertx, VertxTestContext testContext) {
    // Ahead of this edge's clock, as another instance's may be: the new session must still come after it.
    long validAfter = Instant.now().plusSeconds(5).toEpochMilli();
    Recorder password = edge.service(Addresses.ACCOUNT_PASSWORD,
        m -> new JsonObject().put("username", "alice").put("validAfter", validAfter));
    Checkpoint changed = testContext.checkpoint();
    Checkpoint newSessionWorks = testContext.checkpoint();
    String oldCookie = EdgeFixture.cookie("alice");
    client.post("/api/auth/password").putHeader("Cookie", oldCookie)
        .sendJsonObject(new JsonObject().put("currentPassword", "old-password").put("newPassword", "new-password")
            .put("username", "mallory"))
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode());
            assertEquals("alice", password.last().headers().get(Addresses.USER_HEADER));
            assertEquals(new JsonObject().put("currentPassword", "old-password").put("newPassword", "new-password"),
                password.last().body(), "only the two passwords reach the account service");
            changed.flag();
          });
          vertx.eventBus().publish(Addresses.SESSIONS_REVOKED,
              new JsonObject().put("username", "alice").put("validAfter", validAfter));
          String renewed = cookieValue(response);
          // The revocation reaches the edge's consumer asynchronously: the old cookie stops working soon, not at once.
          return untilEnded(vertx, oldCookie, System.currentTimeMillis() + 5_000)
              .compose(old -> {
                testContext.verify(() -> assertError(old, 401, "unauthorized"));
                return client.get("/api/me").putHeader("Cookie", renewed).send();
              });
        })
        .onComplete(testContext.succeeding(me -> testContext.verify(() -> {
          assertEquals(200, me.statusCode(), me.bodyAsString());
          newSessionWorks.flag();
        })));
  }

  @Test
  void forgedIdentityInBodiesIsIgnoredAndTheServiceSeesTheSessionUser(VertxTestContext testContext) {
    Recorder create = edge.service(Addresses.ROOMS_CREATE, m -> new JsonObject().put("id", "r1").put("name", "ops"));
    Recorder history = edge.service(Addresses.ROOMS_HISTORY, m -> new JsonObject().put("messages", new JsonArray()));
    Recorder media = edge.service(Addresses.ROOMS_MEDIA, m -> new JsonObject().put("messages", new JsonArray()));
    Checkpoint created = testContext.checkpoint();
    Checkpoint read = testContext.checkpoint();
    Checkpoint listed = testContext.checkpoint();
    client.get("/api/rooms/r1/media?kind=image&before=c9&limit=20&username=mallory")
        .putHeader("Cookie", EdgeFixture.cookie("alice")).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(200, response.statusCode());
          assertEquals("alice", media.last().headers().get(Addresses.USER_HEADER));
          assertEquals(new JsonObject().put("roomId", "r1").put("kind", "image").put("before", "c9").put("limit", 20),
              media.last().body());
          listed.flag();
        })));
    client.post("/api/rooms").putHeader("Cookie", EdgeFixture.cookie("alice"))
        .putHeader(Addresses.USER_HEADER, "mallory")
        .sendJsonObject(new JsonObject().put("name", "ops").put("username", "mallory").put("author", "mallory"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(201, response.statusCode());
          assertEquals(new JsonObject().put("id", "r1").put("name", "ops"), response.bodyAsJsonObject());
          assertEquals("alice", create.last().headers().get(Addresses.USER_HEADER));
          assertEquals(new JsonObject().put("name", "ops"), create.last().body());
          created.flag();
        })));
    client.get("/api/rooms/r1/messages?before=c9&limit=20&username=mallory").putHeader("Cookie", EdgeFixture.cookie("alice"))
        .send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(200, response.statusCode());
          assertEquals("alice", history.last().headers().get(Addresses.USER_HEADER));
          assertEquals(new JsonObject().put("roomId", "r1").put("before", "c9").put("limit", 20), history.last().body());
          read.flag();
        })));
  }

  @Test
  void roomListJoinAndLeaveArePassedOnForTheSessionUser(VertxTestContext testContext) {
    JsonArray rooms = new JsonArray().add(new JsonObject().put("id", "r1").put("name", "ops").put("memberCount", 1)
        .put("joined", true));
    Recorder list = edge.service(Addresses.ROOMS_LIST, m -> rooms);
    Recorder join = edge.service(Addresses.ROOMS_JOIN, m -> null);
    Recorder leave = edge.service(Addresses.ROOMS_LEAVE, m -> null);
    String cookie = EdgeFixture.cookie("carol");
    Checkpoint listed = testContext.checkpoint();
    Checkpoint joinedAndLeft = testContext.checkpoint();
    client.get("/api/rooms").putHeader("Cookie", cookie).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(200, response.statusCode());
          assertEquals(rooms, response.bodyAsJsonArray());
          assertEquals("carol", list.last().headers().get(Addresses.USER_HEADER));
          listed.flag();
        })));
    client.post("/api/rooms/r1/join").putHeader("Cookie", cookie).send()
        .compose(joined -> client.post("/api/rooms/r1/leave").putHeader("Cookie", cookie).send()
            .map(left -> List.of(joined, left)))
        .onComplete(testContext.succeeding(responses -> testContext.verify(() -> {
          assertEquals(204, responses.get(0).statusCode());
          assertEquals(204, responses.get(1).statusCode());
          assertEquals(new JsonObject().put("roomId", "r1"), join.last().body());
          assertEquals("carol", join.last().headers().get(Addresses.USER_HEADER));
          assertEquals("carol", leave.last().headers().get(Addresses.USER_HEADER));
          joinedAndLeft.flag();
        })));
  }

  @Test
  void tamperedOrExpiredCookiesAreRefused(VertxTestContext testContext) {
    String valid = EdgeFixture.cookie("alice");
    String forged = valid.replace(
        valid.substring(SessionCookies.NAME.length() + 1, valid.indexOf('.')),
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("admin".getBytes()));
    String badSignature = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
    String expired = EdgeFixture.cookieIssuedAt("alice", Instant.now().minus(Duration.ofHours(169)));
    String otherSecret = SessionCookies.NAME + "=" + new SessionTokens("another-secret-that-is-also-long-enough",
        Duration.ofHours(1), java.time.Clock.systemUTC()).issue("alice", 0);
    List<String> cookies = List.of(forged, badSignature, expired, otherSecret, SessionCookies.NAME + "=garbage");
    Checkpoint refused = testContext.checkpoint(cookies.size());
    cookies.forEach(cookie -> client.get("/api/me").putHeader("Cookie", cookie).send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 401, "unauthorized");
          refused.flag();
        }))));
  }

  @Test
  void malformedOrNonJsonBodiesAreBadRequests(VertxTestContext testContext) {
    Recorder accounts = edge.service(Addresses.ACCOUNT_REGISTER, m -> new JsonObject().put("username", "x"));
    List<Future<HttpResponse<Buffer>>> attempts = List.of(
        client.post("/api/auth/register").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"username\":")),
        client.post("/api/auth/register").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1,2]")),
        client.post("/api/auth/register").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{\"username\":\"a\"}")),
        client.post("/api/auth/register").send(),
        client.post("/api/rooms").putHeader("Cookie", EdgeFixture.cookie("alice"))
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("not json")),
        client.get("/api/rooms/r1/messages?limit=lots").putHeader("Cookie", EdgeFixture.cookie("alice")).send(),
        // Not multipart at all, though it says so: Netty's form decoder must never get to choke on it.
        client.post("/api/auth/register").putHeader("Content-Type", "multipart/form-data; boundary=zz")
            .sendBuffer(Buffer.buffer("[".repeat(5_000) + "]".repeat(5_000))),
        client.post("/api/auth/login").putHeader("Content-Type", "multipart/form-data; boundary=zz")
            .sendBuffer(Buffer.buffer("--zz\r\nContent-Disposition: form-data; name=\"" + "n".repeat(20_000))),
        client.post("/api/auth/login").putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("username=" + "u".repeat(40_000))));
    Checkpoint rejected = testContext.checkpoint(attempts.size());
    attempts.forEach(attempt -> attempt.onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertError(response, 400, "bad_request");
      assertTrue(accounts.messages.isEmpty());
      rejected.flag();
    }))));
  }

  @Test
  void oversizeJsonBodyIsTooLarge(VertxTestContext testContext) {
    String big = "x".repeat(JsonBody.LIMIT_BYTES + 1);
    client.post("/api/auth/register").sendJsonObject(new JsonObject().put("username", big))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 413, "too_large");
          testContext.completeNow();
        })));
  }

  @Test
  void loginIsLimitedToTenAttemptsAMinutePerUsername(VertxTestContext testContext) {
    edge.failingService(Addresses.ACCOUNT_LOGIN, 401, "Wrong username or password.");
    Checkpoint limited = testContext.checkpoint();
    Future<HttpResponse<Buffer>> attempts = Future.succeededFuture();
    for (int i = 0; i < 10; i++) {
      attempts = attempts.compose(previous -> login("dave", "guess"))
          .andThen(testContext.succeeding(response -> testContext.verify(() -> assertEquals(401, response.statusCode()))));
    }
    attempts.compose(tenth -> login("Dave", "guess"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 429, "rate_limited");
          int retryAfter = Integer.parseInt(response.getHeader("Retry-After"));
          assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
          limited.flag();
        })));
  }

  @Test
  void loginIsLimitedPerClientAddressAcrossUsernames(VertxTestContext testContext) {
    edge.failingService(Addresses.ACCOUNT_LOGIN, 401, "Wrong username or password.");
    Checkpoint limited = testContext.checkpoint();
    Future<HttpResponse<Buffer>> attempts = Future.succeededFuture();
    for (int i = 0; i < 10; i++) {
      String username = "user" + i;
      attempts = attempts.compose(previous -> login(username, "guess"));
    }
    attempts.compose(tenth -> login("someone-else", "guess"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 429, "rate_limited");
          assertNotNull(response.getHeader("Retry-After"));
          limited.flag();
        })));
  }

  @Test
  void successfulLoginsDoNotUseUpTheAttemptsOfTheirAddressOrUsername(VertxTestContext testContext) {
    // A team behind one office address signing in at nine, and someone signing in on every device they own.
    edge.service(Addresses.ACCOUNT_LOGIN,
        m -> new JsonObject().put("username", ((JsonObject) m.body()).getString("username")));
    List<String> usernames = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      usernames.add("member" + i);
      usernames.add("alice");
    }
    Checkpoint signedIn = testContext.checkpoint(usernames.size());
    Future<HttpResponse<Buffer>> attempts = Future.succeededFuture();
    for (String username : usernames) {
      attempts = attempts.compose(previous -> login(username, "right"))
          .andThen(testContext.succeeding(response -> testContext.verify(() -> {
            assertEquals(200, response.statusCode(), username + ": " + response.bodyAsString());
            signedIn.flag();
          })));
    }
  }

  @Test
  void registrationsAreLimitedPerClientAddress(VertxTestContext testContext) {
    Recorder accounts = edge.service(Addresses.ACCOUNT_REGISTER,
        m -> new JsonObject().put("username", ((JsonObject) m.body()).getString("username")));
    Checkpoint limited = testContext.checkpoint();
    Future<HttpResponse<Buffer>> attempts = Future.succeededFuture();
    for (int i = 0; i < 30; i++) {
      String username = "new" + i;
      attempts = attempts.compose(previous -> register(username))
          .andThen(testContext.succeeding(response -> testContext.verify(() -> assertEquals(201, response.statusCode()))));
    }
    attempts.compose(thirtieth -> register("one-too-many"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 429, "rate_limited");
          assertNotNull(response.getHeader("Retry-After"));
          assertEquals(30, accounts.messages.size(), "the refused registration never reached the service");
          limited.flag();
        })));
  }

  @Test
  void aBusyAccountServiceAsksTheClientToComeBackLater(VertxTestContext testContext) {
    edge.failingService(Addresses.ACCOUNT_REGISTER, 503, "Many people are signing up right now.");
    register("patient").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertError(response, 503, "unavailable");
      assertEquals("5", response.getHeader("Retry-After"));
      testContext.completeNow();
    })));
  }

  private Future<HttpResponse<Buffer>> register(String username) {
    return client.post("/api/auth/register")
        .sendJsonObject(new JsonObject().put("username", username).put("password", "long-enough-password"));
  }

  @Test
  void serviceFailuresKeepTheirStatusAndMessageInTheContractShape(VertxTestContext testContext) {
    edge.failingService(Addresses.ROOMS_HISTORY, 403, "You are not a member of this room.");
    edge.failingService(Addresses.ROOMS_JOIN, 404, "No such room.");
    edge.failingService(Addresses.ROOMS_CREATE, 409, "A room with that name exists.");
    edge.failingService(Addresses.ROOMS_LIST, 7, "internal detail that must not leak");
    edge.consumer(Addresses.ROOMS_LEAVE, message -> { });
    String cookie = EdgeFixture.cookie("alice");
    Checkpoint mapped = testContext.checkpoint(6);
    expectError(testContext, mapped, client.get("/api/rooms/r1/messages").putHeader("Cookie", cookie).send(),
        403, "forbidden", "You are not a member of this room.");
    expectError(testContext, mapped, client.post("/api/rooms/nope/join").putHeader("Cookie", cookie).send(),
        404, "not_found", "No such room.");
    expectError(testContext, mapped, client.post("/api/rooms").putHeader("Cookie", cookie)
        .sendJsonObject(new JsonObject().put("name", "ops")), 409, "conflict", "A room with that name exists.");
    expectError(testContext, mapped, client.get("/api/rooms").putHeader("Cookie", cookie).send(),
        500, "internal", "Something went wrong on the server.");
    // No consumer at all, and a consumer that never answers: both mean the service is unavailable.
    expectError(testContext, mapped, client.post("/api/auth/login")
        .sendJsonObject(new JsonObject().put("username", "a").put("password", "b")), 503, "unavailable", null);
    expectError(testContext, mapped, client.post("/api/rooms/r1/leave").putHeader("Cookie", cookie).send(),
        503, "unavailable", null);
  }

  @Test
  void readinessIsDownNamingTheServiceThatDoesNotAnswer(VertxTestContext testContext) {
    edge.service(Addresses.CHAT_HEALTH, m -> Health.up("kafka", "up").toJson());
    edge.service(Addresses.MEDIA_HEALTH, m -> Health.up("s3", "up").toJson());
    client.get("/health/ready").send().compose(withoutQuietHours -> {
      testContext.verify(() -> {
        assertError(withoutQuietHours, 503, "not_ready");
        assertTrue(withoutQuietHours.bodyAsJsonObject().getJsonObject("error").getString("message")
            .contains(Addresses.DND_HEALTH), withoutQuietHours.bodyAsString());
      });
      edge.service(Addresses.DND_HEALTH, m -> Health.up("quiet-hours", "up").toJson());
      return client.get("/health/ready").send();
    }).onComplete(testContext.succeeding(allUp -> testContext.verify(() -> {
      assertEquals(200, allUp.statusCode(), allUp.bodyAsString());
      testContext.completeNow();
    })));
  }

  @Test
  void staticAppIsServedWithSecurityHeaders(VertxTestContext testContext) {
    client.get("/").send().onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertEquals(200, response.statusCode());
      assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
      String csp = response.getHeader("Content-Security-Policy");
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertTrue(csp.contains("img-src 'self' blob: data:"), csp);
      assertTrue(csp.contains("media-src 'self' blob: data:"), csp);
      assertTrue(csp.contains("ws://127.0.0.1:" + edge.port()), csp);
      assertFalse(csp.contains("unsafe-eval"), csp);
      testContext.completeNow();
    })));
  }

  @Test
  void changesFromAForeignOriginAreForbidden(VertxTestContext testContext) {
    Recorder create = edge.service(Addresses.ROOMS_CREATE, m -> new JsonObject());
    client.post("/api/rooms").putHeader("Cookie", EdgeFixture.cookie("alice")).putHeader("Origin", "https://evil.example")
        .sendJsonObject(new JsonObject().put("name", "x"))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertError(response, 403, "forbidden");
          assertTrue(create.messages.isEmpty());
          testContext.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> login(String username, String password) {
    return client.post("/api/auth/login").sendJsonObject(new JsonObject().put("username", username).put("password", password));
  }

  /** Asks {@code GET /api/me} with {@code cookie} until it is refused or {@code deadline} (epoch ms) passes. */
  private Future<HttpResponse<Buffer>> untilEnded(Vertx vertx, String cookie, long deadline) {
    return client.get("/api/me").putHeader("Cookie", cookie).send()
        .compose(me -> me.statusCode() != 200 || System.currentTimeMillis() > deadline ? Future.succeededFuture(me)
            : vertx.timer(20).compose(t -> untilEnded(vertx, cookie, deadline)));
  }

  private static void expectError(VertxTestContext testContext, Checkpoint checkpoint, Future<HttpResponse<Buffer>> call,
                                  int status, String code, String message) {
    call.onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertError(response, status, code);
      if (message != null) {
        assertEquals(message, response.bodyAsJsonObject().getJsonObject("error").getString("message"));
      }
      checkpoint.flag();
    })));
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(response.getHeader("Content-Type").startsWith("application/json"), response.getHeader("Content-Type"));
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertNotNull(error.getString("message"));
    assertNull(response.bodyAsJsonObject().getValue("stack"));
  }

  private static String sessionCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream().filter(c -> c.startsWith(SessionCookies.NAME + "=")).findFirst().orElse(null);
  }

  /** The {@code name=value} part of the response's session cookie, to send back in a Cookie header. */
  private static String cookieValue(HttpResponse<Buffer> response) {
    return sessionCookie(response).split(";", 2)[0];
  }
}
