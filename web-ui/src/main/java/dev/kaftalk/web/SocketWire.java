package dev.kaftalk.web;

import io.vertx.core.Future;

/**
 * How the guard's frames reach one bridge socket: straight onto its WebSocket ({@link ChannelWire}) or, for SockJS's
 * fallback transports, through vertx-web's socket ({@link SockJSWire}). Touched only on the socket's event loop.
 */
interface SocketWire {

  /**
   * Writes the frame made of {@code parts}, unless the socket's unsent bytes would then pass {@code maxUnsentBytes}:
   * false then, and nothing is written (the guard closes the socket as too slow).
   */
  boolean write(long maxUnsentBytes, FrameText... parts);

  /** Writes the frame whatever is unsent; completes once it is sent or cannot be (a batch part, at the reader's pace). */
  Future<Void> writeAtPace(FrameText... parts);
}
