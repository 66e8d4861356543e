package dev.kaftalk.bench;

import dev.kaftalk.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One raw SockJS WebSocket ({@code /eventbus/websocket}) of a bench user, as a browser tab holds it: the session
 * cookie on the handshake, the user's inbox registered, sends as request/reply with their own reply address.
 * Lean on purpose: a frame is decoded once and handed to {@code onPush}; nothing is kept.
 */
final class BridgeSocket {

  /** A send's answer: the stored message, or the server's failure code (e.g. 429) and message. */
  record Reply(JsonObject body, int failureCode, String failureMessage) {
    boolean failed() {
      return body == null;
    }
  }

  private final BenchUser user;
  private final WebSocket socket;
  /** Sends come from the pacer's thread, replies on the socket's event loop. */
  private final Map<String, Promise<Reply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextReply = new AtomicLong();

  private BridgeSocket(BenchUser user, WebSocket socket, Consumer<JsonObject> onPush) {
    this.user = user;
    this.socket = socket;
    socket.textMessageHandler(text -> onFrame(new JsonObject(text), onPush));
    socket.binaryMessageHandler(data -> onFrame(data.toJsonObject(), onPush));
  }

  /**
   * Connects as {@code user}, registers their inbox and returns once the server has taken the registration: a send
   * with an empty body always gets a fail reply, and the server handles one socket's frames in order.
   */
  static Future<BridgeSocket> open(WebSocketClient client, int port, BenchUser user, Consumer<JsonObject> onPush) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket").addHeader("Cookie", user.cookie());
    return client.connect(options).compose(ws -> {
      BridgeSocket bridge = new BridgeSocket(user, ws, onPush);
      bridge.write(new JsonObject().put("type", "register").put("address", Addresses.inbox(user.name())));
      return bridge.request(Addresses.CHAT_SEND, new JsonObject()).map(bridge);
    });
  }

  BenchUser user() {
    return user;
  }

  Future<Reply> send(String roomId, String text, String clientMsgId) {
    return request(Addresses.CHAT_SEND,
        new JsonObject().put("roomId", roomId).put("text", text).put("clientMsgId", clientMsgId));
  }

  /** A request to any inbound bridge address, e.g. an edit or a reaction. */
  Future<Reply> request(String address, JsonObject body) {
    String replyAddress = "r" + nextReply.getAndIncrement();
    Promise<Reply> reply = Promise.promise();
    pending.put(replyAddress, reply);
    write(new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress));
    return reply.future();
  }

  /** Keeps the socket past the server's ping timeout, as the browser client does. */
  void ping() {
    write(new JsonObject().put("type", "ping"));
  }

  Future<Void> close() {
    return socket.close();
  }

  private void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  private void onFrame(JsonObject frame, Consumer<JsonObject> onPush) {
    String address = frame.getString("address");
    Promise<Reply> reply = address == null ? null : pending.remove(address);
    if (reply != null) {
      reply.complete("err".equals(frame.getString("type"))
          ? new Reply(null, frame.getInteger("failureCode", -1), frame.getString("message"))
          : new Reply(frame.getJsonObject("body", new JsonObject()), 0, null));
    } else if (frame.getValue("body") instanceof JsonObject pushed) {
      onPush.accept(pushed);
    }
  }
}
