package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One measured phase on open tabs: messages at a fixed aggregate rate, paced by the clock ({@link Pacer}), each from a socket picked in a shuffled
 * order, so that every user and room sends. The text carries the phase id, a sequence number and the sender's
 * {@code System.nanoTime()}; receivers are in the same JVM, so latency is one clock's difference. After the last
 * send, a grace period lets the stragglers arrive before losses are counted.
 */
final class LoadRun implements Tabs.Receiver {

  private static final String PREFIX = "bench ";

  private final Vertx vertx;
  private final Tabs tabs;
  private final String id;
  private final double rate;
  private final int total;
  private final long graceMs;
  private final int[] senderOrder;
  private final DeliveryLedger ledger;
  private final Latencies latencies = new Latencies();
  private final Map<Integer, LongAdder> refusals = new ConcurrentHashMap<>();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private volatile long lastDeliveryNanos;
  private long startNanos;
  private long sendEndNanos;

  LoadRun(Vertx vertx, Tabs tabs, String id, double rate, double seconds, long graceMs) {
    this.vertx = vertx;
    this.tabs = tabs;
    this.id = id;
    this.rate = rate;
    this.total = (int) Math.round(rate * seconds);
    this.graceMs = graceMs;
    this.ledger = new DeliveryLedger(tabs.population().shape());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < tabs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(42));
    this.senderOrder = order.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Sends, waits out the grace period, and answers the phase's figures. */
  Future<JsonObject> run() {
    tabs.receiveWith(this);
    startNanos = System.nanoTime();
    return Pacer.run(vertx, rate, total, this::send)
        .compose(end -> {
          sendEndNanos = end;
          return settle(System.currentTimeMillis() + graceMs);
        })
        .map(v -> figures());
  }

  Latencies latencies() {
    return latencies;
  }

  DeliveryLedger ledger() {
    return ledger;
  }

  @Override
  public void pushed(int socket, JsonObject frame) {
    if (!"message".equals(frame.getString("type"))) {
      return;
    }
    long now = System.nanoTime();
    String text = frame.getJsonObject("message").getString("text", "");
    String[] parts = text.startsWith(PREFIX) ? text.split(" ") : null;
    if (parts == null || parts.length != 4 || !parts[1].equals(id)) {
      return;
    }
    if (ledger.received(socket, Integer.parseInt(parts[2]))) {
      latencies.record(now - Long.parseLong(parts[3]));
      lastDeliveryNanos = now;
    }
  }

  private void send(int seq) {
    int socket = senderOrder[seq % senderOrder.length];
    int room = tabs.population().shape().roomOfSocket(socket);
    unanswered.incrementAndGet();
    String text = PREFIX + id + " " + seq + " " + System.nanoTime();
    tabs.socket(socket).send(tabs.population().roomIds().get(room), text, id + "-" + seq).onComplete(reply -> {
      unanswered.decrementAndGet();
      if (reply.failed() || reply.result().failed()) {
        int code = reply.failed() ? -1 : reply.result().failureCode();
        refusals.computeIfAbsent(code, c -> new LongAdder()).increment();
      } else {
        accepted.increment();
        ledger.accepted(room, seq);
      }
    });
  }

  /** Completes once every send is answered and every expected delivery came, or at {@code deadline}. */
  private Future<Void> settle(long deadline) {
    if ((unanswered.get() == 0 && ledger.caughtUp()) || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(50).compose(t -> settle(deadline));
  }

  private JsonObject figures() {
    double sendSeconds = (sendEndNanos - startNanos) / 1e9;
    double deliverySeconds = Math.max(sendSeconds, (lastDeliveryNanos - startNanos) / 1e9);
    JsonObject refused = new JsonObject();
    refusals.forEach((code, count) -> refused.put(Integer.toString(code), count.sum()));
    long errors = refusals.values().stream().mapToLong(LongAdder::sum).sum() + unanswered.get();
    return new JsonObject()
        .put("targetMsgsPerSecond", rate)
        .put("sendSeconds", round(sendSeconds))
        .put("sent", total)
        .put("accepted", accepted.sum())
        .put("acceptedPerSecond", round(accepted.sum() / sendSeconds))
        .put("expectedDeliveries", ledger.expected())
        .put("deliveries", ledger.deliveries())
        .put("deliveriesPerSecond", round(ledger.deliveries() / deliverySeconds))
        .put("errors", errors)
        .put("refusedByCode", refused)
        .put("unanswered", unanswered.get())
        .put("lost", ledger.lost())
        .put("duplicates", ledger.duplicates())
        .put("unexpected", ledger.unexpected())
        .put("latencyMs", Latencies.summary(latencies.total()));
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
