package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Searches from a {@link SearchMix} at a fixed rate over REST ({@link Pacer}: open loop), each timed from request to
 * answer, by kind and in total; how many failed and how many found nothing.
 */
final class SearchLoad {

  private final Vertx vertx;
  private final Accounts accounts;
  private final SearchMix mix;
  private final Latencies all = new Latencies();
  private final Map<String, Latencies> byKind = new LinkedHashMap<>();
  private final Map<String, LongAdder> emptyByKind = new LinkedHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final LongAdder results = new LongAdder();
  private final AtomicInteger unanswered = new AtomicInteger();

  SearchLoad(Vertx vertx, Accounts accounts, SearchMix mix) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.mix = mix;
    SearchMix.KINDS.forEach(kind -> {
      byKind.put(kind, new Latencies());
      emptyByKind.put(kind, new LongAdder());
    });
  }

  /** Searches for {@code seconds}, waits for the answers and answers the figures. */
  Future<JsonObject> run(double rate, double seconds) {
    int total = (int) Math.round(rate * seconds);
    return Pacer.run(vertx, rate, total, i -> search(mix.next()))
        .compose(end -> answered(System.currentTimeMillis() + 30_000))
        .map(v -> figures(rate, total));
  }

  private void search(SearchMix.Search search) {
    unanswered.incrementAndGet();
    long start = System.nanoTime();
    accounts.search(search.user(), search.query(), null, 20).onComplete(answer -> {
      unanswered.decrementAndGet();
      if (answer.failed()) {
        failures.computeIfAbsent(search.kind() + ": " + answer.cause().getMessage(), k -> new LongAdder()).increment();
        return;
      }
      long nanos = System.nanoTime() - start;
      all.record(nanos);
      byKind.get(search.kind()).record(nanos);
      results.add(answer.result().size());
      if (answer.result().isEmpty()) {
        emptyByKind.get(search.kind()).increment();
      }
    });
  }

  private Future<Void> answered(long deadline) {
    if (unanswered.get() == 0 || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(50).compose(t -> answered(deadline));
  }

  private JsonObject figures(double rate, int total) {
    JsonObject kinds = new JsonObject();
    byKind.forEach((kind, latencies) -> kinds.put(kind, Latencies.summary(latencies.total())));
    JsonObject empty = new JsonObject();
    emptyByKind.forEach((kind, count) -> empty.put(kind, count.sum()));
    JsonObject failed = new JsonObject();
    failures.forEach((reason, count) -> failed.put(reason, count.sum()));
    long answered = all.total().getTotalCount();
    return new JsonObject().put("searchesPerSecond", rate).put("searches", total)
        .put("latencyMs", Latencies.summary(all.total())).put("byKindMs", kinds)
        .put("failed", failed).put("unanswered", unanswered.get())
        .put("foundNothing", emptyByKind.values().stream().mapToLong(LongAdder::sum).sum())
        .put("foundNothingByKind", empty)
        .put("meanResults", LoadRun.round((double) results.sum() / Math.max(1, answered)));
  }
}
