package dev.kaftalk.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes what the {@link HistoryFeed} applied live visible to reads. A Lucene refresh writes a segment and opens a
 * reader on it, and every segment written is merged again later: at 100 msg/s, refreshing every 100 ms was most of the
 * store's CPU (two thirds of its profile samples were refreshes and the merges of their tiny segments). So frames go
 * out as soon as a record is applied, and refreshes come in two speeds: when nobody waits, at most every
 * {@link #INTERVAL_MS}, which keeps "searchable within a second"; when a read must include what was handed out (it
 * waits for {@link #visible()}), at most every {@link #DEMAND_INTERVAL_MS}. A quiet instance refreshes at once either
 * way. A refresh reopens reads beside the writer ({@link HistoryWriter#reopen}), so applies never wait for one.
 * Confined to the feed's context.
 */
final class HistoryRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRefresher.class);
  /** Refreshes nobody waits for: search sees a message within this plus one refresh (milliseconds). */
  static final long INTERVAL_MS = 250;
  /** Refreshes a read waits for: at most 10 a second, as reads waited before the slower background pace. */
  static final long DEMAND_INTERVAL_MS = 100;

  private final Vertx vertx;
  /** The feed's context: the state below is confined to it. */
  private final Context context;
  private final HistoryWriter writer;
  private final HistoryStore store;
  private final Consumer<Map<Integer, Long>> onVisible;
  /** Per partition, the last offset applied but not yet visible. */
  private Map<Integer, Long> pending = new HashMap<>();
  private Promise<Void> next = Promise.promise();
  private Future<Void> last = Future.succeededFuture();
  /** Someone waits for the next refresh, so it comes at the shorter interval. */
  private boolean demanded;
  private boolean running;
  /** Commits being prepared on the writer: no refresh starts meanwhile. */
  private int preparing;
  private long lastStarted;
  private long timer = -1;
  /** When the timer set fires (System.currentTimeMillis). */
  private long timerDue;
  private boolean closed;

  /** @param onVisible called with the last offset per partition each refresh made visible */
  HistoryRefresher(Vertx vertx, HistoryWriter writer, HistoryStore store, Consumer<Map<Integer, Long>> onVisible) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.writer = writer;
    this.store = store;
    this.onVisible = onVisible;
  }

  /** Records up to these offsets (per partition) were applied and should become visible soon. */
  void applied(Map<Integer, Long> lastOffsets) {
    lastOffsets.forEach((partition, offset) -> pending.merge(partition, offset, Math::max));
    schedule();
  }

  /**
   * Completes once everything applied until now is visible to reads. Asking brings the next refresh forward, which
   * changes this object's state, so the question is answered on the feed's context whatever thread asks.
   */
  Future<Void> visible() {
    Promise<Void> visible = Promise.promise();
    context.runOnContext(v -> visibleHere().onComplete(visible));
    return visible.future();
  }

  private Future<Void> visibleHere() {
    if (pending.isEmpty()) {
      return last;
    }
    // Taken before scheduling: a refresh started right now replaces next with the promise of the one after it.
    Future<Void> covering = next.future();
    demanded = true;
    schedule();
    return covering;
  }

  /**
   * Runs {@code prepare} (the first half of a commit, on the writer) once no refresh runs, and starts none until it is
   * done: both take Lucene's full-flush lock, and the writer must not wait for a reopen beside it. On the feed's
   * context.
   */
  <T> Future<T> between(Supplier<Future<T>> prepare) {
    preparing++;
    Future<Void> idle = running ? last.otherwiseEmpty() : Future.succeededFuture();
    return idle.compose(v -> prepare.get()).onComplete(done -> {
      preparing--;
      schedule();
    });
  }

  /** Stops refreshing; completes once a refresh still running is done, so the store may be closed. */
  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    return last.otherwiseEmpty();
  }

  /** Sets the timer for the next refresh, or brings it forward when a read now waits for it. */
  private void schedule() {
    if (closed || running || preparing > 0 || pending.isEmpty()) {
      return;
    }
    long due = lastStarted + (demanded ? DEMAND_INTERVAL_MS : INTERVAL_MS);
    if (timer != -1) {
      if (timerDue <= due) {
        return;
      }
      vertx.cancelTimer(timer);
      timer = -1;
    }
    long wait = due - System.currentTimeMillis();
    if (wait <= 0) {
      refresh();
    } else {
      timerDue = due;
      timer = vertx.setTimer(wait, id -> {
        timer = -1;
        refresh();
      });
    }
  }

  private void refresh() {
    if (closed) {
      return;
    }
    running = true;
    demanded = false;
    lastStarted = System.currentTimeMillis();
    // Each covered batch was applied before this count was read, so the reopen started after it shows them all.
    long upTo = store.written();
    Map<Integer, Long> covered = pending;
    pending = new HashMap<>();
    Promise<Void> done = next;
    next = Promise.promise();
    last = done.future();
    writer.reopen(store).onComplete(result -> {
      running = false;
      if (result.succeeded()) {
        // Queued before anything the woken readers ask of the writer; the reads need not wait for it.
        writer.<Void>run(() -> {
          store.reopened(upTo);
          return null;
        });
        onVisible.accept(covered);
        done.complete();
      } else {
        if (!closed) {
          LOG.error("History store could not make records visible: {}", result.cause().toString());
        }
        done.fail(result.cause());
      }
      schedule();
    });
  }
}
