package dev.kaftalk.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks loopback ports that are free now. KRaft needs its controller ports before it starts (they are part of
 * the quorum definition), so "port 0" cannot be used there.
 */
public final class FreePorts {

  private FreePorts() {
  }

  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** {@code port} itself, or a free port when it is 0. */
  public static int orPick(int port) {
    return port == 0 ? pick() : port;
  }
}
