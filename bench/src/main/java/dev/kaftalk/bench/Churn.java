package dev.kaftalk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tabs that come and go: every interval one more tab of a random user connects, registers its inbox, receives for
 * {@code lifeMs} and closes. They are not counted in a run's ledger (a closing tab misses messages by design); they
 * are there so that a long run sees sockets, presence and inbox registrations created and released all the time.
 */
final class Churn {

  private final Vertx vertx;
  private final Population population;
  private final int port;
  private final long lifeMs;
  private final WebSocketClient client;
  private final Random random = new Random(7);
  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private long timer;

  Churn(Vertx vertx, Population population, int port, long lifeMs) {
    this.vertx = vertx;
    this.population = population;
    this.port = port;
    this.lifeMs = lifeMs;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  /** Starts {@code perSecond} new tabs a second. */
  void start(double perSecond) {
    timer = vertx.setPeriodic(Math.max(1, Math.round(1000 / perSecond)), id -> openOne());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  JsonObject figures() {
    return new JsonObject().put("opened", opened.sum()).put("closed", closed.sum()).put("failed", failed.sum());
  }

  private void openOne() {
    BenchUser user = population.users().get(random.nextInt(population.users().size()));
    BridgeSocket.open(client, port, user, frame -> { }).onComplete(open -> {
      if (open.failed()) {
        failed.increment();
        return;
      }
      opened.increment();
      vertx.setTimer(lifeMs, t -> open.result().close().onComplete(c -> closed.increment()));
    });
  }
}
