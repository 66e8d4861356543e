package dev.kaftalk.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;

/**
 * A bridge socket's frames written straight onto its WebSocket's Netty channel, in the framing of its transport: a
 * binary message per frame on the raw endpoint (as vertx-web's raw socket writes a buffer), a text message
 * {@code a["<escaped frame>"]} on SockJS's WebSocket transport (what a SockJS session writes for one message).
 *
 * <p>Why not through vertx-web's socket: that path costs a Vert.x promise, a listener and a queued write task per
 * frame, and for SockJS a second JSON encoding of the whole frame as a string; a room message reaches dozens of
 * sockets. Here a frame is one pooled buffer assembled from parts encoded once, written with no promise at all. The
 * budget for unsent bytes reads Netty's own count of what the channel still holds (each frame plus Netty's
 * bookkeeping of about 100 bytes), instead of a counter that every completed write had to decrease.
 *
 * <p>The buffer is a whole WebSocket message already (RFC 6455 header: final, unmasked as a server's are), so it
 * passes the pipeline's frame encoder untouched: that encoder would copy every small frame into a new buffer behind
 * its header. It passes a negotiated per-message compression untouched too: these messages go uncompressed (RSV1
 * clear), which RFC 7692 allows message by message; compressing each frame once per socket would cost more CPU than
 * all the rest of its delivery, for frames of a few hundred bytes.
 */
final class ChannelWire implements SocketWire {

  private static final int FINAL_TEXT = 0x81;
  private static final int FINAL_BINARY = 0x82;
  private static final byte[] SOCKJS_OPEN = "a[\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SOCKJS_CLOSE = "\"]".getBytes(StandardCharsets.US_ASCII);

  private final Channel channel;
  private final boolean sockJs;
  /** A failed write closes the channel anyway; it must not also raise an error in Vert.x's handler. */
  private final ChannelPromise noPromise;

  ChannelWire(Channel channel, boolean sockJs) {
    this.channel = channel;
    this.sockJs = sockJs;
    this.noPromise = new VoidChannelPromise(channel, false);
  }

  @Override
  public boolean write(long maxUnsentBytes, FrameText... parts) {
    if (!channel.isActive()) {
      return true;
    }
    ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
    if (unsent != null && unsent.totalPendingWriteBytes() + length(parts) > maxUnsentBytes) {
      return false;
    }
    channel.write(message(parts), noPromise);
    // The flush per turn (FlushPerTurn) makes this one system call for all the frames of the turn.
    channel.flush();
    return true;
  }

  @Override
  public Future<Void> writeAtPace(FrameText... parts) {
    Promise<Void> sent = Promise.promise();
    channel.writeAndFlush(message(parts)).addListener(done -> sent.complete());
    return sent.future();
  }

  /** One WebSocket message holding the frame: header, then the payload written straight behind it. */
  private ByteBuf message(FrameText... parts) {
    int length = length(parts);
    int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
    ByteBuf bytes = channel.alloc().directBuffer(2 + lengthBytes + length);
    bytes.writeByte(sockJs ? FINAL_TEXT : FINAL_BINARY);
    if (lengthBytes == 0) {
      bytes.writeByte(length);
    } else if (lengthBytes == 2) {
      bytes.writeByte(126).writeShort(length);
    } else {
      bytes.writeByte(127).writeLong(length);
    }
    if (sockJs) {
      bytes.writeBytes(SOCKJS_OPEN);
      for (FrameText part : parts) {
        bytes.writeBytes(part.escaped());
      }
      bytes.writeBytes(SOCKJS_CLOSE);
    } else {
      for (FrameText part : parts) {
        bytes.writeBytes(part.utf8());
      }
    }
    return bytes;
  }

  private int length(FrameText... parts) {
    int length = sockJs ? SOCKJS_OPEN.length + SOCKJS_CLOSE.length : 0;
    for (FrameText part : parts) {
      length += sockJs ? part.escaped().length : part.utf8().length;
    }
    return length;
  }
}
