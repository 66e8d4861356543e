package dev.kaftalk.testing.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One bridge socket speaking the SockJS event-bus bridge's JSON protocol. It records every frame pushed to it
 * so tests can wait for the ones they expect.
 */
public final class BridgeConnection {

  /** Longer than the server's own reply timeout, so that a server answer always wins. */
  private static final long REPLY_TIMEOUT_SECONDS = 30;
  /**
   * As often as the browser's bridge client pings. The bridge closes a socket that has not pinged for
   * {@code web.bridgePingTimeoutMs} (90 s), however much else it sends: a test socket open longer than that (FuzzIT's
   * chatting user on a loaded machine) lost its pending replies.
   */
  private static final long PING_INTERVAL_MS = 5_000;

  /** Held for as long as the connection: Vert.x closes a client, and its sockets, once it is unreachable. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<String, Promise<JsonObject>> pendingReplies = new HashMap<>();
  private final List<JsonObject> received = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<Consumer<JsonObject>> listeners = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private Promise<Void> registration;

  private record Waiter(Predicate<JsonObject> match, Promise<JsonObject> promise) {
  }

  BridgeConnection(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    // The bridge writes frames as binary or text depending on the path; the payload is JSON either way.
    socket.handler(data -> onFrame(data.toJsonObject()));
    long pings = vertx.setPeriodic(PING_INTERVAL_MS, id -> send(new JsonObject().put("type", "ping")));
    socket.closeHandler(v -> {
      vertx.cancelTimer(pings);
      // A request whose answer can no longer come fails now, so a test says "socket closed" instead of timing out.
      List<Promise<JsonObject>> unanswered = List.copyOf(pendingReplies.values());
      pendingReplies.clear();
      unanswered.forEach(reply -> reply.tryFail("the bridge socket closed before the reply came"));
      closed.tryComplete();
    });
  }

  /**
   * Registers an address; fails if the server refuses it. The bridge answers a refused registration with an
   * error frame and an accepted one with nothing, so a request that is sure to be answered (an empty send,
   * which the chat service rejects) follows it: the server handles a socket's frames in order, so once that
   * answer is back, a refusal would have arrived before it.
   */
  public Future<Void> register(String address) {
    Promise<Void> registered = Promise.promise();
    registration = registered;
    send(new JsonObject().put("type", "register").put("address", address));
    request("server.chat.send", new JsonObject()).onComplete(answered -> registered.tryComplete());
    return registered.future();
  }

  /** Request/reply to {@code address}; fails with a {@link ReplyException} carrying the server's code. */
  public Future<JsonObject> request(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    pendingReplies.put(replyAddress, reply);
    send(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
    return reply.future().timeout(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .onFailure(e -> pendingReplies.remove(replyAddress));
  }

  /** One-way send without a reply address. */
  public void tell(String address, JsonObject body) {
    send(new JsonObject().put("type", "send").put("address", address).put("body", body));
  }

  /** Writes a raw frame, e.g. a malformed or oversize one. */
  public void sendRaw(String text) {
    socket.writeTextMessage(text);
  }

  /** Completes with the first frame (past or future) pushed to this socket that matches. */
  public Future<JsonObject> awaitFrame(Predicate<JsonObject> match) {
    for (JsonObject frame : received) {
      if (match.test(frame)) {
        return Future.succeededFuture(frame);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    waiters.add(new Waiter(match, promise));
    return promise.future();
  }

  /** Calls {@code listener} with every frame pushed to this socket from now on. */
  public void onFrame(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  /** Every frame pushed to this socket so far, in arrival order. */
  public List<JsonObject> frames() {
    return List.copyOf(received);
  }

  public Future<Void> closed() {
    return closed.future();
  }

  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }

  private void send(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  private void onFrame(JsonObject frame) {
    String type = frame.getString("type");
    String address = frame.getString("address");
    if ("err".equals(type) && address == null && registration != null
        && registration.tryFail("refused: " + frame.getString("body"))) {
      return;
    }
    Promise<JsonObject> reply = address == null ? null : pendingReplies.remove(address);
    if (reply != null) {
      if ("err".equals(type)) {
        reply.fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, frame.getInteger("failureCode", -1), frame.getString("message")));
      } else {
        reply.complete(frame.getJsonObject("body"));
      }
      return;
    }
    if ("rec".equals(type) && frame.getValue("body") instanceof JsonObject body) {
      pushed(body);
    } else if ("err".equals(type)) {
      pushed(frame);
    }
  }

  private void pushed(JsonObject frame) {
    received.add(frame);
    listeners.forEach(l -> l.accept(frame));
    waiters.removeIf(w -> w.match.test(frame) && w.promise.tryComplete(frame));
  }
}
