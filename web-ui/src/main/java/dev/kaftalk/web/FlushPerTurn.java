package dev.kaftalk.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * One flush per event-loop turn for a bridge WebSocket instead of one per frame. Vert.x flushes every WebSocket
 * message written outside a read of its own connection, so each frame pushed to a socket was a write system call of
 * its own; a socket that gets several frames in one turn (a burst of a busy room) now has them sent with one. Netty's
 * {@link FlushConsolidationHandler} does it: the first flush of a turn becomes a task queued behind the work already
 * waiting on the event loop, flushes during a read still wait for its end, and every {@value #FLUSH_AT_LATEST}th
 * flush goes out at once. A lone frame waits only for the tasks queued before it.
 *
 * <p>Vert.x has no public way to a connection's pipeline, so this takes it from vertx-core's {@link ConnectionBase}
 * (an implementation class, like the bridge's {@code EventBusBridgeImpl}: an upgrade of Vert.x must check it); a
 * connection of any other kind is left as it is. The guard writes its frames on the same channel ({@link ChannelWire}).
 */
final class FlushPerTurn {

  private static final String HANDLER = "kaftalk-flush-per-turn";
  /** Flushes deferred in one turn before one goes out regardless: bounds the bytes a turn holds back per socket. */
  private static final int FLUSH_AT_LATEST = 64;

  private FlushPerTurn() {
  }

  /**
   * For a socket of a WebSocket transport (the raw one or SockJS's): its channel, now flushed per turn; null for the
   * fallback transports, whose requests keep their own flushes.
   */
  static Channel install(SockJSSocket socket) {
    HttpServerRequest handshake = socket.routingContext() == null ? null : socket.routingContext().request();
    if (handshake == null || !HttpHeaders.WEBSOCKET.toString().equalsIgnoreCase(handshake.getHeader(HttpHeaders.UPGRADE))
        || !(handshake.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
    if (pipeline.get(HANDLER) == null) {
      pipeline.addFirst(HANDLER, new FlushConsolidationHandler(FLUSH_AT_LATEST, true));
    }
    return pipeline.channel();
  }
}
