package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Every socket of a population, opened at once and kept open: socket {@code i} is a tab of user
 * {@code shape.userOfSocket(i)}. What they receive goes to the current {@link Receiver} (one per measured phase);
 * they ping as a browser tab does so the server keeps them.
 */
final class Tabs {

  /** What a phase does with a frame pushed to socket {@code socket}. */
  interface Receiver {
    void pushed(int socket, JsonObject frame);

    /** Both phases see every frame, e.g. changes measured while messages flow. */
    default Receiver and(Receiver other) {
      return (socket, frame) -> {
        pushed(socket, frame);
        other.pushed(socket, frame);
      };
    }
  }

  private static final int CONNECT_WIDTH = 64;
  private static final long PING_MS = 20_000;

  private final Vertx vertx;
  private final Population population;
  private final WebSocketClient client;
  private List<BridgeSocket> sockets;
  private volatile Receiver receiver = (socket, frame) -> { };
  private long pinger;

  Tabs(Vertx vertx, Population population) {
    this.vertx = vertx;
    this.population = population;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setConnectTimeout(60_000));
  }

  Future<Tabs> open(int port) {
    return open(socket -> port);
  }

  /** Opens socket {@code i} on the server at {@code portOfSocket(i)}, e.g. spread over several instances. */
  Future<Tabs> open(IntUnaryOperator portOfSocket) {
    return Parallel.run(population.shape().sockets(), CONNECT_WIDTH,
            i -> BridgeSocket.open(client, portOfSocket.applyAsInt(i), population.userOfSocket(i),
                frame -> receiver.pushed(i, frame)))
        .map(opened -> {
          sockets = opened;
          pinger = vertx.setPeriodic(PING_MS, id -> sockets.forEach(BridgeSocket::ping));
          return this;
        });
  }

  void receiveWith(Receiver next) {
    receiver = next;
  }

  BridgeSocket socket(int index) {
    return sockets.get(index);
  }

  int size() {
    return sockets.size();
  }

  Population population() {
    return population;
  }

  Future<Void> close() {
    vertx.cancelTimer(pinger);
    return Future.join(sockets.stream().map(BridgeSocket::close).toList())
        .eventually(client::close).mapEmpty();
  }
}
