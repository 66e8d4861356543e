package dev.kaftalk.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.impl.SockJSSocketBase;

import java.util.Set;

/**
 * A bridge socket as vertx-web's bridge sees it, with the client faults it would log as ERRORs taken out first:
 * a JSON object frame whose {@code type} is not one of the bridge's type names (another string, or a number, boolean,
 * object or array, which the bridge would read as their text) is answered {@code invalid_type} here, and a transport fault (e.g. a fragmented
 * message over the size limit) closes the socket here; each is one throttled WARN naming the user. Everything else
 * passes through unchanged, so the bridge's logger can stay on for its own errors.
 *
 * <p>It extends vertx-web's {@link SockJSSocketBase} (an impl class) only because the bridge casts every socket to
 * it when the client stops pinging; it registers no write handler of its own.
 */
final class ScreenedSocket extends SockJSSocketBase {

  /** The frame types the bridge handles; anything else makes it log an ERROR. */
  private static final Set<String> BRIDGE_TYPES = Set.of("send", "publish", "register", "unregister", "ping");
  private static final Buffer INVALID_TYPE = new JsonObject().put("type", "err").put("body", "invalid_type").toBuffer();

  private final SockJSSocket socket;
  private final String user;
  private final ThrottledWarnings warnings;
  private final SocketWire wire;
  private boolean faulted;

  ScreenedSocket(Vertx vertx, SockJSSocket socket, String user, ThrottledWarnings warnings, SocketWire wire) {
    super(vertx, socket.routingContext(), new SockJSHandlerOptions().setRegisterWriteHandler(false));
    this.socket = socket;
    this.user = user;
    this.warnings = warnings;
    this.wire = wire;
  }

  /** Where the guard writes this socket's frames. */
  SocketWire wire() {
    return wire;
  }

  @Override
  public SockJSSocket handler(Handler<Buffer> handler) {
    socket.handler(handler == null ? null : frame -> {
      String unknownType = unknownType(frame);
      if (unknownType == null) {
        handler.handle(frame);
      } else {
        warnings.warn("Refused a bridge frame of unknown type \"{}\" from {}", unknownType, user);
        socket.write(INVALID_TYPE);
      }
    });
    return this;
  }

  /**
   * The bridge would log the fault with its stack trace and drop the socket's state while leaving it open; it is
   * closed instead, and the bridge hears of it as an ordinary close. Closing a faulted socket can raise a second
   * fault; one line per socket is enough.
   */
  @Override
  public SockJSSocket exceptionHandler(Handler<Throwable> handler) {
    socket.exceptionHandler(handler == null ? null : fault -> {
      if (faulted) {
        return;
      }
      faulted = true;
      warnings.warn("Closing the bridge socket of {} after a transport fault: {}", user, fault.getMessage());
      socket.pause();
      socket.close();
    });
    return this;
  }

  /**
   * The type of a JSON object frame that is not a bridge type name, as text, or null. Frames that are not JSON
   * objects, and objects without a type, are the bridge's: it answers them ({@code invalid_json}, {@code missing_type})
   * without logging.
   */
  private static String unknownType(Buffer frame) {
    Object type;
    try {
      type = new JsonObject(frame).getValue("type");
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    return type == null || type instanceof String name && BRIDGE_TYPES.contains(name) ? null
        : abbreviated(String.valueOf(type));
  }

  private static String abbreviated(String type) {
    return type.length() <= 40 ? type : type.substring(0, 40) + "...";
  }

  @Override
  public void closeAfterSessionExpired() {
    if (socket instanceof SockJSSocketBase base) {
      base.closeAfterSessionExpired();
    } else {
      socket.close();
    }
  }

  @Override
  public SockJSSocket pause() {
    socket.pause();
    return this;
  }

  @Override
  public SockJSSocket resume() {
    socket.resume();
    return this;
  }

  @Override
  public SockJSSocket fetch(long amount) {
    socket.fetch(amount);
    return this;
  }

  @Override
  public SockJSSocket endHandler(Handler<Void> endHandler) {
    socket.endHandler(endHandler);
    return this;
  }

  @Override
  public SockJSSocket closeHandler(Handler<Void> closeHandler) {
    socket.closeHandler(closeHandler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return socket.write(data);
  }

  @Override
  public SockJSSocket setWriteQueueMaxSize(int maxSize) {
    socket.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public SockJSSocket drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
    return this;
  }

  @Override
  public String writeHandlerID() {
    return socket.writeHandlerID();
  }

  @Override
  public Future<Void> end() {
    return socket.end();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public void close(int statusCode, String reason) {
    socket.close(statusCode, reason);
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return socket.localAddress();
  }

  @Override
  public MultiMap headers() {
    return socket.headers();
  }

  @Override
  public String uri() {
    return socket.uri();
  }

  @Override
  public RoutingContext routingContext() {
    return socket.routingContext();
  }

  @Override
  public Session webSession() {
    return socket.webSession();
  }

  @Override
  public User webUser() {
    return socket.webUser();
  }
}
