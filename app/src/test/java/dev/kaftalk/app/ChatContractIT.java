package dev.kaftalk.app;

import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public contract of DESIGN.md §3, exercised as an outside client over REST and the bridge's WebSocket. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class ChatContractIT {

  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();
  private static int port;

  @BeforeAll
  static void port() {
    port = app.port();
  }

  @Test
  void anonymousCallsAreRefusedWithTheErrorShape(Vertx vertx, VertxTestContext testContext) {
    WebClient anonymous = WebClient.create(vertx);
    Checkpoint refused = testContext.checkpoint();
    Checkpoint bridgeRefused = testContext.checkpoint();
    anonymous.get(port, "127.0.0.1", "/api/rooms").send()
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(401, response.statusCode());
          JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
          assertNotNull(error.getString("code"));
          assertNotNull(error.getString("message"));
          refused.flag();
        })));
    vertx.createWebSocketClient()
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket"))
        .recover(e -> {
          // Refusing the upgrade itself is the strictest form of refusal.
          testContext.verify(() -> assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, e).getStatus()));
          bridgeRefused.flag();
          return Future.failedFuture(e);
        })
        .compose(socket -> {
          socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "client.inbox.anyone").encode());
          Future<Void> closedOrRefused = Future.future(p -> {
            socket.closeHandler(v -> p.tryComplete());
            socket.handler(data -> {
              if ("err".equals(data.toJsonObject().getString("type"))) {
                p.tryComplete();
              }
            });
          });
          return closedOrRefused;
        })
        .onSuccess(v -> bridgeRefused.flag());
  }

  @Test
  void registerLoginMeAndLogoutFollowTheContract(Vertx vertx, VertxTestContext testContext) {
    String name = SharedInfra.unique("ann");
    Checkpoint cookie = testContext.checkpoint();
    Checkpoint taken = testContext.checkpoint();
    Checkpoint wrongPassword = testContext.checkpoint();
    Checkpoint me = testContext.checkpoint();
    Checkpoint loggedOut = testContext.checkpoint();
    WebClient http = WebClient.create(vertx);
    JsonObject credentials = new JsonObject().put("username", name).put("password", PASSWORD);

    http.post(port, "127.0.0.1", "/api/auth/register").sendJsonObject(credentials)
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(201, response.statusCode(), response.bodyAsString());
            String setCookie = String.join(";", response.cookies());
            // Cookie attribute names are case-insensitive.
            assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
            assertTrue(setCookie.toLowerCase().contains("samesite=strict"), setCookie);
            cookie.flag();
          });
          return http.post(port, "127.0.0.1", "/api/auth/register").sendJsonObject(credentials);
        })
        .compose(response -> {
          testContext.verify(() -> {
            assertEquals(409, response.statusCode());
            taken.flag();
          });
          return Future.all(
              http.post(port, "127.0.0.1", "/api/auth/login").sendJsonObject(credentials.copy().put("password", "wrong password")),
              http.post(port, "127.0.0.1", "/api/auth/login").sendJsonObject(credentials.copy().put("username", SharedInfra.unique("nobody"))));
        })
        .compose(both -> {
          testContext.verify(() -> {
            var wrong = both.<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>resultAt(0);
            var unknown = both.<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>resultAt(1);
            assertEquals(401, wrong.statusCode());
            assertEquals(401, unknown.statusCode());
            assertEquals(wrong.bodyAsJsonObject().getJsonObject("error").getString("message"),
                unknown.bodyAsJsonObject().getJsonObject("error").getString("message"),
                "unknown user and wrong password are indistinguishable");
            wrongPassword.flag();
          });
          return ChatClient.login(vertx, port, name, PASSWORD);
        })
        .compose(client -> client.get("/api/me").map(response -> {
          testContext.verify(() -> {
            assertEquals(200, response.statusCode());
            assertEquals(name, response.bodyAsJsonObject().getString("username"));
            me.flag();
          });
          return client;
        }))
        .compose(client -> client.call(HttpMethod.POST, "/api/auth/logout", null).compose(response -> {
          testContext.verify(() -> assertEquals(204, response.statusCode()));
          return client.get("/api/me");
        }))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertEquals(401, response.statusCode());
          loggedOut.flag();
        })));
  }

  @Test
  void aLogoutEndsEverySessionOfTheUserIncludingCopiedCookiesAndOpenSockets(Vertx vertx,
                                                                           VertxTestContext testContext) {
    String name = SharedInfra.unique("gus");
    Checkpoint socketClosed = testContext.checkpoint();
    Checkpoint copiedRefused = testContext.checkpoint(2);
    Checkpoint signsInAgain = testContext.checkpoint();
    WebClient http = WebClient.create(vertx);
    ChatClient.register(vertx, port, name, PASSWORD)
        .compose(laptop -> ChatClient.login(vertx, port, name, PASSWORD).compose(phone -> phone.connect()
            .compose(phoneSocket -> {
              String copied = phone.sessionCookie();
              long loggedOutAt = System.nanoTime();
              return laptop.call(HttpMethod.POST, "/api/auth/logout", null)
                  .compose(response -> phoneSocket.closed().timeout(1, java.util.concurrent.TimeUnit.SECONDS))
                  .map(closed -> {
                    testContext.verify(() -> assertTrue(System.nanoTime() - loggedOutAt < 1_000_000_000L));
                    socketClosed.flag();
                    return copied;
                  });
            })))
        .compose(copied -> Future.all(
            http.get(port, "127.0.0.1", "/api/me").putHeader("Cookie", copied).send().map(r -> r.statusCode()),
            vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                    .setURI("/eventbus/websocket").addHeader("Cookie", copied))
                .transform(ar -> Future.succeededFuture(ar.succeeded() ? 101
                    : assertInstanceOf(UpgradeRejectedException.class, ar.cause()).getStatus()))))
        .compose(both -> {
          testContext.verify(() -> {
            assertEquals(401, both.<Integer>resultAt(0), "REST with the copied cookie");
            copiedRefused.flag();
            assertEquals(401, both.<Integer>resultAt(1), "bridge handshake with the copied cookie");
            copiedRefused.flag();
          });
          return ChatClient.login(vertx, port, name, PASSWORD).compose(again -> again.get("/api/me"));
        })
        .onComplete(testContext.succeeding(me -> testContext.verify(() -> {
          assertEquals(200, me.statusCode());
          signsInAgain.flag();
        })));
  }

  @Test
  void aPasswordChangeKeepsThisBrowserSignedInAndEndsEveryOtherSession(Vertx vertx, VertxTestContext testContext) {
    String name = SharedInfra.unique("pat");
    String replacement = "a different passphrase";
    Checkpoint wrongCurrentRefused = testContext.checkpoint();
    Checkpoint otherSessionEnded = testContext.checkpoint(2);
    Checkpoint thisBrowserGoesOn = testContext.checkpoint();
    Checkpoint onlyTheNewPasswordWorks = testContext.checkpoint();
    ChatClient.register(vertx, port, name, PASSWORD)
        .compose(laptop -> ChatClient.login(vertx, port, name, PASSWORD).compose(phone -> phone.connect()
            .compose(phoneSocket -> laptop.call(HttpMethod.POST, "/api/auth/password", new JsonObject()
                    .put("currentPassword", "not my password").put("newPassword", replacement))
                .compose(wrong -> {
                  testContext.verify(() -> assertEquals(403, wrong.statusCode(), wrong.bodyAsString()));
                  wrongCurrentRefused.flag();
                  return laptop.call(HttpMethod.POST, "/api/auth/password", new JsonObject()
                      .put("currentPassword", PASSWORD).put("newPassword", replacement));
                })
                .compose(changed -> {
                  testContext.verify(() -> assertEquals(200, changed.statusCode(), changed.bodyAsString()));
                  return phoneSocket.closed().timeout(1, java.util.concurrent.TimeUnit.SECONDS);
                })
                .compose(closed -> {
                  otherSessionEnded.flag();
                  return phone.get("/api/me");
                })
                .compose(phoneMe -> {
                  testContext.verify(() -> assertEquals(401, phoneMe.statusCode()));
                  otherSessionEnded.flag();
                  // The bridge accepts the renewed cookie and registers the user's inbox with it.
                  return laptop.connect().compose(socket -> laptop.get("/api/me"));
                }))))
        .compose(laptopMe -> {
          testContext.verify(() -> assertEquals(200, laptopMe.statusCode()));
          thisBrowserGoesOn.flag();
          return Future.all(
              ChatClient.login(vertx, port, name, replacement),
              ChatClient.login(vertx, port, name, PASSWORD).transform(ar -> Future.succeededFuture(ar.failed())));
        })
        .onComplete(testContext.succeeding(logins -> testContext.verify(() -> {
          assertTrue(logins.<Boolean>resultAt(1), "the old password no longer signs in");
          onlyTheNewPasswordWorks.flag();
        })));
  }

  @Test
  void nonMemberCannotSendReadHistoryOrRegisterAnotherInbox(Vertx vertx, VertxTestContext testContext) {
    Checkpoint sendRefused = testContext.checkpoint();
    Checkpoint historyRefused = testContext.checkpoint();
    Checkpoint inboxRefused = testContext.checkpoint();
    Future<ChatClient> owner = ChatClient.register(vertx, port, SharedInfra.unique("own"), PASSWORD);
    Future<ChatClient> outsider = ChatClient.register(vertx, port, SharedInfra.unique("out"), PASSWORD);
    Future.all(owner, outsider)
        .compose(v -> owner.result().createRoom(SharedInfra.unique("private")))
        .compose(room -> outsider.result().connect().compose(bridge -> {
          String roomId = room.getString("id");
          Future<Void> send = bridge.request("server.chat.send", message(roomId, "let me in", "c1"))
              .transform(ar -> {
                testContext.verify(() -> {
                  assertTrue(ar.failed());
                  assertEquals(403, assertInstanceOf(ReplyException.class, ar.cause()).failureCode());
                  sendRefused.flag();
                });
                return Future.succeededFuture();
              });
          Future<Void> history = outsider.result().get("/api/rooms/" + roomId + "/messages").map(response -> {
            testContext.verify(() -> {
              assertEquals(403, response.statusCode());
              historyRefused.flag();
            });
            return null;
          });
          Future<Void> inbox = bridge.register("client.inbox." + owner.result().username()).transform(ar -> {
            testContext.verify(() -> {
              assertTrue(ar.failed(), "another user's inbox must be refused");
              inboxRefused.flag();
            });
            return Future.succeededFuture();
          });
          return Future.all(send, history, inbox);
        }))
        .onFailure(testContext::failNow);
  }

  @Test
  void authorComesFromTheSessionAndResendPostsOnce(Vertx vertx, VertxTestContext testContext) {
    Checkpoint forgedIgnored = testContext.checkpoint();
    Checkpoint postedOnce = testContext.checkpoint();
    ChatClient.register(vertx, port, SharedInfra.unique("bea"), PASSWORD)
        .compose(bea -> bea.createRoom(SharedInfra.unique("team")).compose(room -> bea.connect().compose(bridge -> {
          String roomId = room.getString("id");
          JsonObject forged = message(roomId, "hello", "same-id").put("author", "mallory");
          return bridge.request("server.chat.send", forged)
              .compose(first -> bridge.request("server.chat.send", forged).map(second -> {
                testContext.verify(() -> {
                  JsonObject original = first.getJsonObject("message");
                  assertEquals(bea.username(), original.getString("author"));
                  assertEquals(original, second.getJsonObject("message"), "a resend returns the original");
                  forgedIgnored.flag();
                });
                return roomId;
              }))
              .compose(id -> bea.history(id, ""));
        })))
        .onComplete(testContext.succeeding(messages -> testContext.verify(() -> {
          assertEquals(1, messages.size(), messages.encode());
          postedOnce.flag();
        })));
  }

  @Test
  void badFramesGetFailRepliesAndTheServerKeepsServing(Vertx vertx, VertxTestContext testContext) {
    Checkpoint empty = testContext.checkpoint();
    Checkpoint tooLong = testContext.checkpoint();
    Checkpoint noRoom = testContext.checkpoint();
    Checkpoint stillServing = testContext.checkpoint();
    ChatClient.register(vertx, port, SharedInfra.unique("cal"), PASSWORD)
        .compose(cal -> cal.createRoom(SharedInfra.unique("limits")).compose(room -> cal.connect().compose(bridge -> {
          String roomId = room.getString("id");
          return expectFailure(bridge.request("server.chat.send", message(roomId, "   ", "e1")), 400, testContext, empty)
              .compose(v -> expectFailure(bridge.request("server.chat.send", message(roomId, "x".repeat(4001), "e2")), 400, testContext, tooLong))
              .compose(v -> expectFailure(bridge.request("server.chat.send", new JsonObject().put("text", "where?").put("clientMsgId", "e3")), 400, testContext, noRoom))
              .compose(v -> {
                bridge.sendRaw("this is not json");
                bridge.sendRaw(new JsonObject().put("type", "send").put("address", "server.chat.send")
                    .put("body", new JsonObject().put("text", "y".repeat(70 * 1024))).encode());
                return cal.connect();
              })
              .compose(fresh -> fresh.request("server.chat.send", message(roomId, "still here", "ok1")));
        })))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertEquals("still here", reply.getJsonObject("message").getString("text"));
          stillServing.flag();
        })));
  }

  @Test
  void membersReceiveMessagesLiveInOrder(Vertx vertx, VertxTestContext testContext) {
    Checkpoint received = testContext.checkpoint();
    Future<ChatClient> dan = ChatClient.register(vertx, port, SharedInfra.unique("dan"), PASSWORD);
    Future<ChatClient> eve = ChatClient.register(vertx, port, SharedInfra.unique("eve"), PASSWORD);
    Future.all(dan, eve)
        .compose(v -> dan.result().createRoom(SharedInfra.unique("live")))
        .compose(room -> eve.result().join(room.getString("id")).map(room.getString("id")))
        .compose(roomId -> Future.all(dan.result().connect(), eve.result().connect()).compose(bridges -> {
          BridgeConnection danBridge = bridges.resultAt(0);
          BridgeConnection eveBridge = bridges.resultAt(1);
          return danBridge.request("server.chat.send", message(roomId, "one", "m1"))
              .compose(r -> danBridge.request("server.chat.send", message(roomId, "two", "m2")))
              .compose(r -> eveBridge.awaitFrame(f -> "message".equals(f.getString("type"))
                  && "two".equals(f.getJsonObject("message").getString("text"))))
              .map(last -> eveBridge.frames().stream().filter(f -> "message".equals(f.getString("type")))
                  .map(f -> f.getJsonObject("message").getString("text")).toList());
        }))
        .onComplete(testContext.succeeding(texts -> testContext.verify(() -> {
          assertEquals(java.util.List.of("one", "two"), texts);
          assertFalse(texts.isEmpty());
          received.flag();
        })));
  }

  @Test
  void everySendOfABurstIsAnsweredAndOnlyTheBurstAllowanceIsPosted(Vertx vertx, VertxTestContext testContext) {
    int sockets = 4;
    int sendsEach = 10;
    Checkpoint everyAnswer = testContext.checkpoint();
    Checkpoint allowancePosted = testContext.checkpoint();
    Checkpoint counted = testContext.checkpoint();
    ChatClient.register(vertx, port, SharedInfra.unique("fay"), PASSWORD)
        .compose(fay -> fay.createRoom(SharedInfra.unique("burst")).compose(room -> {
          String roomId = room.getString("id");
          List<Future<BridgeConnection>> tabs = IntStream.range(0, sockets).mapToObj(i -> fay.connect()).toList();
          long[] firstSend = new long[1];
          return Future.all(tabs).compose(open -> {
            // Every tab fires its whole burst at once: 40 sends of one user, 10 within the documented burst.
            firstSend[0] = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int t = 0; t < sockets; t++) {
              for (int i = 0; i < sendsEach; i++) {
                answers.add(tabs.get(t).result().request("server.chat.send", message(roomId, "b" + t + "-" + i, "b" + t + "-" + i))
                    .transform(ar -> Future.succeededFuture(ar.succeeded() ? 200
                        : assertInstanceOf(ReplyException.class, ar.cause()).failureCode())));
              }
            }
            return Future.all(answers).map(all -> answers.stream().map(Future::result).toList());
          }).compose(codes -> {
            // The allowance refills at 5 a second: on a slow machine a burst that takes over 200 ms earns more.
            long refilled = (System.nanoTime() - firstSend[0]) * 5 / 1_000_000_000L;
            long accepted = codes.stream().filter(c -> c == 200).count();
            testContext.verify(() -> {
              assertEquals(sockets * sendsEach, codes.size());
              assertTrue(accepted >= 10 && accepted <= 10 + refilled, codes + " refilled " + refilled);
              assertEquals(sockets * sendsEach - accepted, codes.stream().filter(c -> c == 429).count(),
                  codes.toString());
              everyAnswer.flag();
            });
            return fay.history(roomId, "").map(history -> {
              testContext.verify(() -> {
                assertEquals(accepted, history.size(), "exactly the accepted sends posted");
                allowancePosted.flag();
              });
              return history;
            });
          });
        }))
        .compose(history -> WebClient.create(vertx).get(port, "localhost", "/metrics").send())
        .onComplete(testContext.succeeding(metrics -> testContext.verify(() -> {
          // Other tests of this class send too, so at least this burst's counts.
          String text = metrics.bodyAsString();
          assertTrue(sample(text, "kaftalk_sends_total{outcome=\"accepted\",reason=\"none\"}") >= 10, text);
          assertTrue(sample(text, "kaftalk_sends_total{outcome=\"refused\",reason=\"429\"}") >= sockets * sendsEach - 10,
              text);
          assertTrue(sample(text, "kaftalk_send_ack_seconds_count") >= 10, text);
          assertTrue(sample(text, "kaftalk_send_fanout_seconds_count") >= 10, text);
          counted.flag();
        })));
  }

  /** The value of one Prometheus sample line, or -1 if there is none. */
  private static double sample(String scrape, String series) {
    return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(-1.0);
  }

  static JsonObject message(String roomId, String text, String clientMsgId) {
    return new JsonObject().put("roomId", roomId).put("text", text).put("clientMsgId", clientMsgId);
  }

  private static Future<Void> expectFailure(Future<JsonObject> reply, int status, VertxTestContext testContext,
                                            Checkpoint checkpoint) {
    return reply.transform(ar -> {
      testContext.verify(() -> {
        assertTrue(ar.failed(), "expected a fail reply");
        assertEquals(status, assertInstanceOf(ReplyException.class, ar.cause()).failureCode());
        checkpoint.flag();
      });
      return Future.succeededFuture();
    });
  }
}
