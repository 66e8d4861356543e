package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.HttpSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl;

import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /eventbus}. Every request of it, the handshake and the fallback
 * transports alike, needs an allowed origin and a valid session; {@link BridgeGuard} then applies the per-frame
 * rules. The permitted lists repeat the contract so that the bridge itself also refuses everything else.
 */
final class EventBusBridge {

  private EventBusBridge() {
  }

  /**
   * Replies to sends never wait on the bridge's own handlers (see {@link BridgeGuard}), so this caps only inbox
   * registrations, of which the guard allows one per socket.
   */
  private static final int MAX_REGISTRATIONS_PER_SOCKET = 4;
  /** SockJS's raw WebSocket endpoint: one bridge message per WebSocket message, no SockJS framing. */
  private static final String RAW_WEBSOCKET = "/eventbus/websocket";

  /** Completes once the guard's send relay listens. Each edge instance mounts its own bridge, guard and relay. */
  static Future<Void> mount(Router router, Vertx vertx, HttpSettings http, WebSettings web, OriginPolicy origins,
                            SessionCookies cookies, SessionRevocations revocations, MeterRegistry meters,
                            EdgeShared shared) {
    BridgeGuard guard = new BridgeGuard(vertx.eventBus(), ConnectedUsers.of(vertx), cookies, web, meters, shared);
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CHAT_SEND))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.CHAT_TYPING))
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.BRIDGE_SYNC))
        // Only ever the guard's rewrite of a permitted send: the guard refuses clients naming it themselves.
        .addInboundPermitted(new PermittedOptions().setAddress(guard.relayAddress()))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(Addresses.INBOX_PREFIX) + ".+"))
        .setMaxHandlersPerSocket(MAX_REGISTRATIONS_PER_SOCKET)
        .setReplyTimeout(web.bridgeReplyTimeoutMs())
        .setPingTimeout(web.bridgePingTimeoutMs());
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false));
    router.route("/eventbus/*").handler(origins::requireAllowed).handler(new RequireSession(cookies));
    // The XHR fallback posts frames as request bodies; WebSocket frames are limited by the server options.
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(http.maxFrameBytes()));
    revocations.onRevoked(guard::closeSessionsOf);
    // What SockJSHandler.bridge() builds, built here so that each socket is screened before the bridge reads it.
    EventBusBridgeImpl bridge = new EventBusBridgeImpl(vertx, null, options, guard);
    router.route("/eventbus/*").subRouter(sockJS.socketHandler(sock -> bridge.handle(
        new ScreenedSocket(vertx, sock, userOf(sock), shared.screeningWarnings, wireOf(sock)))));
    router.route("/eventbus/*").failureHandler(ApiError::handle);
    return guard.listen();
  }

  /** The raw endpoint's frames are the bridge's JSON as they are; SockJS's WebSocket transport wraps them. */
  private static SocketWire wireOf(SockJSSocket sock) {
    Channel channel = FlushPerTurn.install(sock);
    return channel == null ? new SockJSWire(sock)
        : new ChannelWire(channel, !RAW_WEBSOCKET.equals(sock.routingContext().normalizedPath()));
  }

  private static String userOf(SockJSSocket sock) {
    SessionToken session = sock.routingContext() == null ? null : RequireSession.session(sock.routingContext());
    return session == null ? "a client without a session" : session.username();
  }
}
