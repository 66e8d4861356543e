package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ack-to-searchable lag, as a second device of the sender sees it: a message with a word nothing else contains is sent
 * over the bridge; from its acknowledgement on, the room is searched for that word over REST (another connection)
 * every {@code POLL_MS} until it is found. One probe at a time, {@code spacingMs} apart.
 */
final class SearchLag {

  private static final long POLL_MS = 5;
  private static final long GIVE_UP_MS = 10_000;

  private final Vertx vertx;
  private final Accounts accounts;
  private final BridgeSocket sender;
  private final String roomId;
  private final String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final Histogram lagMicros = new Histogram(3);
  private final Histogram polls = new Histogram(3);
  private int notFound;
  private int refused;

  SearchLag(Vertx vertx, Accounts accounts, BridgeSocket sender, String roomId) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.sender = sender;
    this.roomId = roomId;
  }

  /** Runs {@code probes} probes and answers {@code {probes, lagMs, pollsToFind, notFound, refused}}. */
  Future<JsonObject> run(int probes, long spacingMs) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < probes; i++) {
      int probe = i;
      chain = chain.compose(v -> probe(probe)).compose(v -> vertx.timer(spacingMs)).mapEmpty();
    }
    return chain.map(v -> new JsonObject().put("probes", probes).put("lagMs", Latencies.summary(lagMicros))
        .put("pollsToFind", new JsonObject().put("p50", polls.getValueAtPercentile(50))
            .put("max", polls.getMaxValue()))
        .put("notFound", notFound).put("refused", refused));
  }

  private Future<Void> probe(int probe) {
    String word = "zq" + run + "x" + probe;
    return sender.send(roomId, "lag probe " + word, "lag-" + run + "-" + probe).compose(reply -> {
      if (reply.failed()) {
        refused++;
        return Future.succeededFuture();
      }
      long acked = System.nanoTime();
      return poll(word, acked, 1);
    });
  }

  private Future<Void> poll(String word, long acked, int attempt) {
    return accounts.search(sender.user(), word, roomId, 1).compose(found -> {
      long now = System.nanoTime();
      if (!found.isEmpty()) {
        lagMicros.recordValue((now - acked) / 1000);
        polls.recordValue(attempt);
        return Future.succeededFuture();
      }
      if (now - acked > GIVE_UP_MS * 1_000_000) {
        notFound++;
        return Future.succeededFuture();
      }
      return vertx.timer(POLL_MS).compose(t -> poll(word, acked, attempt + 1));
    });
  }
}
