package dev.kaftalk.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * A socket of SockJS's fallback transports (XHR and the like): its frames go through vertx-web's socket, which
 * queues them until the client's next request, and are counted as unsent until that write completes.
 */
final class SockJSWire implements SocketWire {

  private final SockJSSocket socket;
  private long unsentBytes;

  SockJSWire(SockJSSocket socket) {
    this.socket = socket;
  }

  @Override
  public boolean write(long maxUnsentBytes, FrameText... parts) {
    Buffer frame = joined(parts);
    if (unsentBytes + frame.length() > maxUnsentBytes) {
      return false;
    }
    unsentBytes += frame.length();
    socket.write(frame).onComplete(done -> unsentBytes -= frame.length());
    return true;
  }

  @Override
  public Future<Void> writeAtPace(FrameText... parts) {
    return socket.write(joined(parts));
  }

  private static Buffer joined(FrameText... parts) {
    Buffer frame = Buffer.buffer();
    for (FrameText part : parts) {
      frame.appendBytes(part.utf8());
    }
    return frame;
  }
}
