package dev.kaftalk.web;

import ch.qos.logback.classic.Level;
import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.SharedFrames;
import dev.kaftalk.testing.logs.LogRecorder;
import dev.kaftalk.web.EdgeFixture.Recorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.sockjs.impl.JsonCodec;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge's rules, spoken as a browser would over the raw WebSocket endpoint {@code /eventbus/websocket}: one
 * bridge JSON message per WebSocket message (the edge answers in binary frames).
 */
@ExtendWith(VertxExtension.class)
class EventBusBridgeTest {

  private Vertx vertx;
  private EdgeFixture edge;
  private WebSocketClient sockets;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext testContext) {
    this.vertx = vertx;
    // Sending oversize frames needs a client that does not split them itself.
    sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1024 * 1024)
        .setMaxMessageSize(1024 * 1024));
    EdgeFixture.deploy(vertx, new JsonObject().put("bridgeMaxQueuedBytes", 64 * 1024))
        .onComplete(testContext.succeeding(e -> {
          edge = e;
          testContext.completeNow();
        }));
  }

  @Test
  void handshakesWithoutAValidSessionAreRefused(VertxTestContext testContext) {
    List<WebSocketConnectOptions> attempts = List.of(
        options(null),
        options(SessionCookies.NAME + "=forged.0.AAAA"),
        options(EdgeFixture.cookie("alice")).addHeader("Origin", "https://evil.example"));
    List<Integer> expected = List.of(401, 401, 403);
    Checkpoint refused = testContext.checkpoint(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      int status = expected.get(i);
      sockets.connect(attempts.get(i)).onComplete(testContext.failing(failure -> testContext.verify(() -> {
        assertEquals(status, assertInstanceOf(UpgradeRejectedException.class, failure).getStatus());
        refused.flag();
      })));
    }
  }

  @Test
  void sameHostOriginIsAccepted(VertxTestContext testContext) {
    sockets.connect(options(EdgeFixture.cookie("alice")).addHeader("Origin", "http://127.0.0.1:" + edge.port()))
        .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  void ownInboxReceivesFramesAndAnnouncesPresence(VertxTestContext testContext) {
    Checkpoint connected = testContext.checkpoint();
    Checkpoint received = testContext.checkpoint();
    Checkpoint disconnected = testContext.checkpoint();
    JsonObject typingFrame = new JsonObject().put("type", "typing").put("roomId", "r1").put("username", "bob");
    connect("alice").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        JsonObject message = frame.toJsonObject();
        assertEquals("rec", message.getString("type"), frame.toString());
        assertEquals(Addresses.inbox("alice"), message.getString("address"));
        assertEquals(typingFrame, message.getJsonObject("body"));
        received.flag();
        ws.close();
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> testContext.verify(() -> {
        assertEquals("alice", presence.getString("username"));
        assertTrue(presence.getString("socketId").length() > 8);
        connected.flag();
        vertx.eventBus().publish(Addresses.inbox("alice"), typingFrame);
      }));
      onPresence(Addresses.PRESENCE_DISCONNECTED, presence -> testContext.verify(() -> {
        assertEquals("alice", presence.getString("username"));
        disconnected.flag();
      }));
      write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("alice")));
    }));
  }

  @Test
  void aSyncIsAnsweredOnceTheRegistrationWrittenBeforeItHasTakenEffect(VertxTestContext testContext) {
    ConnectedUsers connected = ConnectedUsers.of(vertx);
    Checkpoint answered = testContext.checkpoint(2);
    connect("gus").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        JsonObject reply = frame.toJsonObject();
        assertEquals(new JsonObject().put("type", "rec").put("address", "after-register")
            .put("body", new JsonObject().put("inbox", true)), reply);
        assertTrue(connected.contains("gus"), "the chat service pushes to gus from now on");
        answered.flag();
      }));
      write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("gus")));
      write(ws, sync("after-register"));
    }));
    connect("hal").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "rec").put("address", "unregistered")
            .put("body", new JsonObject().put("inbox", false)), frame.toJsonObject());
        answered.flag();
      }));
      write(ws, sync("unregistered"));
    }));
  }

  @Test
  void anotherUsersInboxCannotBeRegistered(VertxTestContext testContext) {
    Checkpoint rejected = testContext.checkpoint();
    Recorder presence = edge.service(Addresses.PRESENCE_CONNECTED, m -> null);
    connect("mallory").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "err").put("body", "rejected"), frame.toJsonObject());
        assertTrue(presence.messages.isEmpty());
        rejected.flag();
      }));
      write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("alice")));
    }));
  }

  @Test
  void onlyThePermittedAddressesAreAcceptedInbound(VertxTestContext testContext) {
    Recorder internal = edge.service(Addresses.ROOMS_LIST, m -> new JsonObject());
    Recorder send = edge.service(Addresses.CHAT_SEND, m -> new JsonObject());
    List<JsonObject> frames = List.of(
        new JsonObject().put("type", "send").put("address", Addresses.ROOMS_LIST).put("body", new JsonObject())
            .put("replyAddress", "r-1"),
        new JsonObject().put("type", "send").put("address", Addresses.inbox("bob")).put("body", new JsonObject()),
        new JsonObject().put("type", "publish").put("address", Addresses.CHAT_SEND).put("body", new JsonObject()),
        new JsonObject().put("type", "send").put("address", Addresses.PRESENCE_CONNECTED)
            .put("body", new JsonObject().put("username", "bob")));
    Checkpoint rejected = testContext.checkpoint(frames.size());
    connect("mallory").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "err").put("body", "rejected"), frame.toJsonObject());
        assertTrue(internal.messages.isEmpty());
        assertTrue(send.messages.isEmpty());
        rejected.flag();
      }));
      frames.forEach(frame -> write(ws, frame));
    }));
  }

  @Test
  void chatSendCarriesTheSocketUserAndNotTheClientsHeaders(VertxTestContext testContext) {
    JsonObject sent = new JsonObject().put("id", "m1").put("roomId", "r1").put("author", "alice");
    Recorder chat = edge.service(Addresses.CHAT_SEND, m -> new JsonObject().put("message", sent));
    Recorder typing = edge.service(Addresses.CHAT_TYPING, m -> null);
    Checkpoint replied = testContext.checkpoint();
    connect("alice").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        JsonObject reply = frame.toJsonObject();
        assertEquals("rec", reply.getString("type"), frame.toString());
        assertEquals("reply-1", reply.getString("address"));
        assertEquals(new JsonObject().put("message", sent), reply.getJsonObject("body"));
        Message<Object> request = chat.last();
        assertEquals(List.of("alice"), request.headers().getAll(Addresses.USER_HEADER));
        assertEquals(1, request.headers().size(), "the client's own headers are dropped");
        assertEquals("alice", typing.last().headers().get(Addresses.USER_HEADER));
        replied.flag();
      }));
      JsonObject forged = new JsonObject().put(Addresses.USER_HEADER, "mallory").put("x-other", "1");
      write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_TYPING)
          .put("body", new JsonObject().put("roomId", "r1")).put("headers", forged));
      write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND).put("replyAddress", "reply-1")
          .put("headers", forged)
          .put("body", new JsonObject().put("roomId", "r1").put("text", "hi").put("clientMsgId", "c1")
              .put("author", "mallory")));
    }));
  }

  @Test
  void serviceFailuresReachTheClientAsFailWithStatusAndMessage(VertxTestContext testContext) {
    edge.failingService(Addresses.CHAT_SEND, 429, "Slow down: at most 5 messages a second.");
    Checkpoint failed = testContext.checkpoint();
    connect("alice").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        JsonObject error = frame.toJsonObject();
        assertEquals("err", error.getString("type"), frame.toString());
        assertEquals("reply-2", error.getString("address"));
        assertEquals(429, error.getInteger("failureCode"));
        assertEquals("Slow down: at most 5 messages a second.", error.getString("message"));
        failed.flag();
      }));
      write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND).put("replyAddress", "reply-2")
          .put("body", new JsonObject().put("roomId", "r1").put("text", "hi").put("clientMsgId", "c2")));
    }));
  }

  @Test
  void everySendOfABurstGetsItsOwnAnswerEvenFromASlowService(VertxTestContext testContext) {
    int sockets = 20;
    int sendsEach = 10;
    // A cold JVM answers slowly; a quarter-second service makes every send of the burst wait at once.
    edge.consumer(Addresses.CHAT_SEND, request -> vertx.setTimer(250, id -> {
      JsonObject body = (JsonObject) request.body();
      if (body.getString("clientMsgId").endsWith("-9")) {
        request.fail(429, "Slow down");
      } else {
        request.reply(new JsonObject().put("clientMsgId", body.getString("clientMsgId")));
      }
    }));
    Checkpoint answered = testContext.checkpoint(sockets * sendsEach);
    for (int s = 0; s < sockets; s++) {
      String user = "burst" + s;
      Set<String> unanswered = ConcurrentHashMap.newKeySet();
      connect(user).onComplete(testContext.succeeding(ws -> {
        ws.handler(frame -> testContext.verify(() -> {
          JsonObject answer = frame.toJsonObject();
          String replyAddress = answer.getString("address");
          assertTrue(unanswered.remove(replyAddress), "one answer per send, on its address: " + answer);
          if (replyAddress.endsWith("-9")) {
            assertEquals("err", answer.getString("type"));
            assertEquals(429, answer.getInteger("failureCode"));
          } else {
            assertEquals("rec", answer.getString("type"));
            assertEquals(replyAddress, answer.getJsonObject("body").getString("clientMsgId"));
          }
          answered.flag();
        }));
        for (int i = 0; i < sendsEach; i++) {
          String id = user + "-" + i;
          unanswered.add(id);
          write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND).put("replyAddress", id)
              .put("body", new JsonObject().put("roomId", "r1").put("text", "hi").put("clientMsgId", id)));
        }
      }));
    }
  }

  @Test
  void sendsBeyondThePendingLimitAreRefusedEachOnItsOwnAddress(VertxTestContext testContext) {
    int limit = 32;
    int extra = 5;
    List<Message<Object>> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    // The service answers nothing until every refusal is in, so the first sends are all still waiting then.
    Runnable releaseWhenAllIn = () -> {
      if (refusals.get() == extra && held.size() == limit) {
        held.forEach(request -> request.reply(new JsonObject()));
      }
    };
    edge.consumer(Addresses.CHAT_SEND, request -> {
      held.add(request);
      releaseWhenAllIn.run();
    });
    Checkpoint refused = testContext.checkpoint(extra);
    Checkpoint answered = testContext.checkpoint(limit);
    connect("eager").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        JsonObject answer = frame.toJsonObject();
        int n = Integer.parseInt(answer.getString("address").substring(2));
        if (n >= limit) {
          assertEquals("err", answer.getString("type"), answer.encode());
          assertEquals(429, answer.getInteger("failureCode"));
          assertTrue(held.size() <= limit, "refused sends never reach the service");
          refused.flag();
          refusals.incrementAndGet();
          releaseWhenAllIn.run();
        } else {
          assertEquals("rec", answer.getString("type"), answer.encode());
          answered.flag();
        }
      }));
      for (int i = 0; i < limit + extra; i++) {
        write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND).put("replyAddress", "r-" + i)
            .put("body", new JsonObject().put("roomId", "r1").put("text", "hi").put("clientMsgId", "c" + i)));
      }
    }));
  }

  @Test
  void theRelayAddressCannotBeNamedByAClient(VertxTestContext testContext) {
    Recorder send = edge.service(Addresses.CHAT_SEND, m -> new JsonObject());
    Checkpoint rejected = testContext.checkpoint();
    connect("mallory").onComplete(testContext.succeeding(ws -> {
      ws.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "err").put("body", "rejected"), frame.toJsonObject());
        assertTrue(send.messages.isEmpty());
        rejected.flag();
      }));
      write(ws, new JsonObject().put("type", "send").put("address", Addresses.BRIDGE_SEND_RELAY)
          .put("headers", new JsonObject().put("socket-id", "x").put("reply-address", "y"))
          .put("body", new JsonObject().put("roomId", "r1").put("text", "hi").put("clientMsgId", "c1")));
    }));
  }

  @Test
  void aLogoutClosesTheUsersOpenSocketsAndNoOneElses(VertxTestContext testContext) {
    String alicesEarlierSession = EdgeFixture.cookieIssuedAt("alice", java.time.Instant.now().minusSeconds(60));
    Checkpoint closed = testContext.checkpoint();
    Checkpoint othersServed = testContext.checkpoint();
    Future.all(sockets.connect(options(alicesEarlierSession)), connect("bob")).onComplete(testContext.succeeding(both -> {
      WebSocket alice = both.resultAt(0);
      WebSocket bob = both.resultAt(1);
      bob.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("n", 1), frame.toJsonObject().getJsonObject("body"));
        othersServed.flag();
      }));
      alice.closeHandler(v -> {
        closed.flag();
        vertx.eventBus().publish(Addresses.inbox("bob"), new JsonObject().put("n", 1));
      });
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        if ("bob".equals(presence.getString("username"))) {
          vertx.eventBus().publish(Addresses.SESSIONS_REVOKED, new JsonObject().put("username", "alice")
              .put("validAfter", java.time.Instant.now().minusSeconds(1).toEpochMilli()));
        }
      });
      write(bob, new JsonObject().put("type", "register").put("address", Addresses.inbox("bob")));
    }));
  }

  @Test
  void anOversizeFrameClosesOnlyItsOwnSocket(VertxTestContext testContext) {
    Checkpoint offenderClosed = testContext.checkpoint();
    Checkpoint othersServed = testContext.checkpoint();
    Recorder chat = edge.service(Addresses.CHAT_SEND, m -> new JsonObject());
    Future.all(connect("mallory"), connect("bob")).onComplete(testContext.succeeding(both -> {
      WebSocket offender = both.resultAt(0);
      WebSocket bystander = both.resultAt(1);
      bystander.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("n", 1), frame.toJsonObject().getJsonObject("body"));
        othersServed.flag();
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        JsonObject huge = new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND)
            .put("body", new JsonObject().put("roomId", "r1").put("text", "x".repeat(100 * 1024)));
        offender.closeHandler(closed -> testContext.verify(() -> {
          assertTrue(chat.messages.isEmpty());
          offenderClosed.flag();
          vertx.eventBus().publish(Addresses.inbox("bob"), new JsonObject().put("n", 1));
        }));
        write(offender, huge);
      });
      write(bystander, new JsonObject().put("type", "register").put("address", Addresses.inbox("bob")));
    }));
  }

  @Test
  void aFragmentedMessageOverTheLimitClosesItsSocketAndItsLaterFramesThrowNothing(VertxTestContext testContext) {
    List<Throwable> unhandled = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.exceptionHandler(unhandled::add);
    Recorder chat = edge.service(Addresses.CHAT_SEND, m -> new JsonObject());
    Checkpoint closed = testContext.checkpoint();
    connect("frag").onComplete(testContext.succeeding(ws -> {
      ws.closeHandler(v -> testContext.verify(() -> {
        assertTrue(unhandled.isEmpty(), "unhandled: " + unhandled);
        assertTrue(chat.messages.isEmpty());
        closed.flag();
      }));
      // Each fragment is within the frame limit; together they pass the message limit.
      ws.writeFrame(WebSocketFrame.textFrame("x".repeat(40 * 1024), false));
      ws.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("y".repeat(40 * 1024)), true));
      for (int i = 0; i < 3; i++) {
        write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("frag")));
        write(ws, new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND).put("replyAddress", "r" + i)
            .put("body", new JsonObject().put("roomId", "r1").put("text", "after").put("clientMsgId", "c" + i)));
      }
    }));
  }

  @Test
  void clientFaultsAreRefusedWithoutAnErrorInTheLogAndWarnedWithTheirUser(VertxTestContext testContext) {
    LogRecorder log = LogRecorder.attach();
    Checkpoint refused = testContext.checkpoint();
    Checkpoint stillServed = testContext.checkpoint();
    Checkpoint faultClosed = testContext.checkpoint();
    Future.all(connect("mallory"), connect("trudy")).onComplete(testContext.succeeding(both -> {
      WebSocket mallory = both.resultAt(0);
      WebSocket trudy = both.resultAt(1);
      mallory.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "err").put("body", "invalid_type"), frame.toJsonObject());
        refused.flag();
        write(mallory, new JsonObject().put("type", "register").put("address", Addresses.inbox("mallory")));
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        stillServed.flag();
        trudy.writeFrame(WebSocketFrame.textFrame("x".repeat(40 * 1024), false));
        trudy.writeFrame(WebSocketFrame.continuationFrame(io.vertx.core.buffer.Buffer.buffer("y".repeat(40 * 1024)),
            true));
      });
      trudy.closeHandler(closed -> testContext.verify(() -> {
        log.detach();
        assertEquals(List.of(), log.lines(Level.ERROR));
        List<String> warnings = log.lines(Level.WARN);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("\"shout\" from mallory")), "warnings: " + warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("of trudy after a transport fault")),
            "warnings: " + warnings);
        faultClosed.flag();
      }));
      write(mallory, new JsonObject().put("type", "shout").put("address", Addresses.CHAT_SEND));
    }));
  }

  @Test
  void typesOfAnyOtherJsonTypeAreRefusedAsInvalidWithoutAnErrorInTheLog(VertxTestContext testContext) {
    List<String> types = List.of("-1", "9223372036854775807", "123456789012345678901234567890", "true", "1.5e300",
        "{\"send\":1}", "[\"send\"]");
    LogRecorder log = LogRecorder.attach();
    Checkpoint refused = testContext.checkpoint(types.size());
    Checkpoint stillServed = testContext.checkpoint();
    connect("mallory").onComplete(testContext.succeeding(mallory -> {
      mallory.handler(frame -> testContext.verify(() -> {
        assertEquals(new JsonObject().put("type", "err").put("body", "invalid_type"), frame.toJsonObject());
        refused.flag();
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> testContext.verify(() -> {
        log.detach();
        assertEquals(List.of(), log.lines(Level.ERROR));
        stillServed.flag();
      }));
      types.forEach(type -> mallory.writeTextMessage(
          "{\"type\":" + type + ",\"address\":\"" + Addresses.CHAT_SEND + "\",\"body\":{}}"));
      write(mallory, new JsonObject().put("type", "register").put("address", Addresses.inbox("mallory")));
    }));
  }

  @Test
  void aSocketThatDoesNotReadIsClosedInsteadOfBufferingWithoutBound(VertxTestContext testContext) {
    Checkpoint dropped = testContext.checkpoint();
    Checkpoint closedByServer = testContext.checkpoint();
    String chunk = "y".repeat(8 * 1024);
    connect("slow").onComplete(testContext.succeeding(ws -> {
      ws.closeHandler(closed -> closedByServer.flag());
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        // The client stops reading; TCP buffers fill, then the edge's own budget. Each burst alone stays well
        // within the budget, so only a reader that falls behind exceeds it.
        ws.pause();
        long flood = vertx.setPeriodic(5, id -> {
          for (int i = 0; i < 4; i++) {
            vertx.eventBus().publish(Addresses.inbox("slow"), new JsonObject().put("chunk", chunk));
          }
        });
        onPresence(Addresses.PRESENCE_DISCONNECTED, gone -> testContext.verify(() -> {
          vertx.cancelTimer(flood);
          assertEquals(presence.getString("socketId"), gone.getString("socketId"));
          dropped.flag();
          // Reading again lets the client reach the server's close frame behind the backlog.
          ws.resume();
        }));
      });
      write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("slow")));
    }));
  }

  @Test
  void aBatchLargerThanTheUnsentBudgetArrivesWholeAndInOrder(VertxTestContext testContext) {
    int parts = 5;
    // Each part alone is larger than this fixture's 64 KiB budget for unsent bytes.
    String bulk = "q".repeat(100 * 1024);
    List<Integer> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    Checkpoint wholeBatch = testContext.checkpoint();
    Checkpoint liveAfter = testContext.checkpoint();
    connect("sleeper").onComplete(testContext.succeeding(ws -> {
      ws.closeHandler(v -> testContext.failNow("the socket was closed"));
      // Frames this large arrive in several WebSocket fragments: take whole messages.
      ws.binaryMessageHandler(frame -> testContext.verify(() -> {
        JsonObject body = frame.toJsonObject().getJsonObject("body");
        if ("batch".equals(body.getString("type"))) {
          received.add(body.getInteger("part"));
          if (received.size() == parts) {
            assertEquals(List.of(1, 2, 3, 4, 5), received);
            wholeBatch.flag();
            vertx.eventBus().publish(Addresses.inbox("sleeper"), new JsonObject().put("type", "typing"));
          }
        } else {
          assertEquals(parts, received.size());
          liveAfter.flag();
        }
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        for (int part = 1; part <= parts; part++) {
          vertx.eventBus().publish(Addresses.inbox("sleeper"), new JsonObject().put("type", "batch")
              .put("reason", "quiet-hours-ended").put("part", part).put("parts", parts)
              .put("messages", new io.vertx.core.json.JsonArray().add(new JsonObject().put("text", bulk))));
        }
      });
      write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox("sleeper")));
    }));
  }

  @Test
  void theChatServicesFramesOfOneTurnReachEveryOpenInboxOfTheirRecipientsOnceAndInOrder(VertxTestContext testContext) {
    int frames = 300;
    Map<String, List<String>> expected = Map.of("ann", new ArrayList<>(), "ben", new ArrayList<>(),
        "cat", new ArrayList<>());
    for (int n = 0; n < frames; n++) {
      for (String user : recipients(n)) {
        expected.get(user).add("f" + n);
      }
    }
    expected.values().forEach(list -> list.add("done"));
    Checkpoint everySocketDone = testContext.checkpoint(4);
    Checkpoint registered = testContext.checkpoint(4);
    List<String> users = List.of("ann", "ann", "ben", "cat");
    Future.all(users.stream().map(this::connect).toList()).onComplete(testContext.succeeding(all -> {
      List<WebSocket> sockets = all.list();
      AtomicInteger announced = new AtomicInteger();
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        registered.flag();
        if (announced.incrementAndGet() < users.size()) {
          return;
        }
        // All in one event-loop turn, as a burst of the service's frames arrives; cat is only in the last one.
        vertx.runOnContext(turn -> {
          SharedFrames.register(vertx.eventBus());
          for (int n = 0; n < frames; n++) {
            SharedFrames.fanOut(vertx.eventBus(), new JsonObject().put("type", "typing").put("username", "f" + n),
                recipients(n));
          }
          SharedFrames.fanOut(vertx.eventBus(), new JsonObject().put("type", "typing").put("username", "done"),
              List.of("ann", "ben", "cat"));
        });
      });
      for (int i = 0; i < sockets.size(); i++) {
        WebSocket ws = sockets.get(i);
        String user = users.get(i);
        List<String> got = new ArrayList<>();
        ws.handler(frame -> testContext.verify(() -> {
          JsonObject message = frame.toJsonObject();
          assertEquals(Addresses.inbox(user), message.getString("address"));
          got.add(message.getJsonObject("body").getString("username"));
          if (got.get(got.size() - 1).equals("done")) {
            assertEquals(expected.get(user), got, user + "'s frames, once each and in order");
            everySocketDone.flag();
          }
        }));
        write(ws, new JsonObject().put("type", "register").put("address", Addresses.inbox(user)));
      }
    }));
  }

  @Test
  void eachSocketOfAUserAnnouncesItsOwnPresence(VertxTestContext testContext) {
    Set<String> socketIds = ConcurrentHashMap.newKeySet();
    Checkpoint announced = testContext.checkpoint(2);
    Future.all(connect("alice"), connect("alice")).onComplete(testContext.succeeding(pair -> {
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> testContext.verify(() -> {
        assertEquals("alice", presence.getString("username"));
        assertTrue(socketIds.add(presence.getString("socketId")), "socket ids are distinct");
        announced.flag();
      }));
      write(pair.resultAt(0), new JsonObject().put("type", "register").put("address", Addresses.inbox("alice")));
      write(pair.resultAt(1), new JsonObject().put("type", "register").put("address", Addresses.inbox("alice")));
    }));
  }

  @Test
  void theSockJsWebSocketTransportOfTheBrowserClientWorksTheSameWay(VertxTestContext testContext) {
    Checkpoint sent = testContext.checkpoint();
    edge.consumer(Addresses.CHAT_TYPING, typing -> testContext.verify(() -> {
      assertEquals("erin", typing.headers().get(Addresses.USER_HEADER));
      sent.flag();
    }));
    WebSocketConnectOptions sockJs = options(EdgeFixture.cookie("erin")).setURI("/eventbus/000/sockjs01/websocket");
    sockets.connect(sockJs).onComplete(testContext.succeeding(ws -> {
      ws.textMessageHandler(frame -> {
        if (frame.equals("o")) {
          JsonObject message = new JsonObject().put("type", "send").put("address", Addresses.CHAT_TYPING)
              .put("body", new JsonObject().put("roomId", "r1"));
          ws.writeTextMessage(new io.vertx.core.json.JsonArray().add(message.encode()).encode());
        }
      });
    }));
  }

  @Test
  void theSockJsWebSocketTransportGetsTheServicesFramesAsASockJsSessionWritesThem(VertxTestContext testContext) {
    JsonObject frame = new JsonObject().put("type", "typing").put("roomId", "r1")
        .put("username", "quote \" backslash \\ newline \n e\u0301 emoji \uD83D\uDE00 \u2028 <b>");
    String expected = "a" + JsonCodec.encode(new String[] {new JsonObject().put("type", "rec")
        .put("address", Addresses.inbox("fay")).put("body", frame).encode()});
    Checkpoint received = testContext.checkpoint();
    WebSocketConnectOptions sockJs = options(EdgeFixture.cookie("fay")).setURI("/eventbus/000/sockjs02/websocket");
    sockets.connect(sockJs).onComplete(testContext.succeeding(ws -> {
      ws.textMessageHandler(text -> testContext.verify(() -> {
        if (text.equals("o")) {
          JsonObject register = new JsonObject().put("type", "register").put("address", Addresses.inbox("fay"));
          ws.writeTextMessage(new io.vertx.core.json.JsonArray().add(register.encode()).encode());
        } else if (text.startsWith("a")) {
          assertEquals(expected, text, "the same bytes as the official client gets from a SockJS session");
          received.flag();
        }
      }));
      onPresence(Addresses.PRESENCE_CONNECTED, presence -> {
        SharedFrames.register(vertx.eventBus());
        SharedFrames.fanOut(vertx.eventBus(), frame, List.of("fay"));
      });
    }));
  }

  @Test
  void theXhrFallbackNeedsASessionAndLimitsItsBodies(VertxTestContext testContext) {
    WebClient http = edge.client();
    String cookie = EdgeFixture.cookie("frank");
    String frame = new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "send")
        .put("address", Addresses.CHAT_TYPING).put("body", new JsonObject().put("roomId", "r1")).encode()).encode();
    Checkpoint anonymousRefused = testContext.checkpoint();
    Checkpoint delivered = testContext.checkpoint();
    Checkpoint oversizeRefused = testContext.checkpoint();
    http.post("/eventbus/000/xhr00001/xhr").send().onComplete(testContext.succeeding(response -> testContext.verify(() -> {
      assertEquals(401, response.statusCode());
      anonymousRefused.flag();
    })));
    edge.consumer(Addresses.CHAT_TYPING, typing -> testContext.verify(() -> {
      assertEquals("frank", typing.headers().get(Addresses.USER_HEADER));
      delivered.flag();
    }));
    http.post("/eventbus/000/xhr00002/xhr").putHeader("Cookie", cookie).send()
        .compose(opened -> http.post("/eventbus/000/xhr00002/xhr_send").putHeader("Cookie", cookie)
            .sendBuffer(io.vertx.core.buffer.Buffer.buffer(frame)))
        .compose(accepted -> {
          testContext.verify(() -> assertEquals(204, accepted.statusCode()));
          return http.post("/eventbus/000/xhr00002/xhr_send").putHeader("Cookie", cookie)
              .sendBuffer(io.vertx.core.buffer.Buffer.buffer("[\"" + "z".repeat(70 * 1024) + "\"]"));
        })
        .onComplete(tooBig -> testContext.verify(() -> {
          // The edge answers 413 as soon as Content-Length shows the body is too big and then closes; on a busy
          // machine the close can reach the client before it has finished writing and read the answer.
          if (tooBig.succeeded()) {
            assertEquals(413, tooBig.result().statusCode());
          } else {
            assertInstanceOf(io.vertx.core.http.HttpClosedException.class, tooBig.cause());
          }
          oversizeRefused.flag();
        }));
  }

  private static List<String> recipients(int frame) {
    return frame % 3 == 0 ? List.of("ann") : List.of("ann", "ben");
  }

  private void onPresence(String address, Consumer<JsonObject> handler) {
    vertx.eventBus().<JsonObject>consumer(address, message -> handler.accept(message.body()));
  }

  private Future<WebSocket> connect(String username) {
    return sockets.connect(options(EdgeFixture.cookie(username)));
  }

  private WebSocketConnectOptions options(String cookie) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(edge.port())
        .setURI("/eventbus/websocket");
    return cookie == null ? options : options.addHeader("Cookie", cookie);
  }

  private static JsonObject sync(String replyAddress) {
    return new JsonObject().put("type", "send").put("address", Addresses.BRIDGE_SYNC).put("body", new JsonObject())
        .put("replyAddress", replyAddress);
  }

  private static void write(WebSocket ws, JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }
}
