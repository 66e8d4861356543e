package dev.kaftalk.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes what the {@link HistoryFeed} applied live visible to reads. A Lucene refresh writes a segment and opens a
 * reader on it (milliseconds each), so refreshing after every poll spent most of the writer's time on refreshes and
 * on merging their tiny segments, and delayed every frame; instead frames go out as soon as a record is applied, a
 * quiet instance refreshes at once, and a busy one at most every {@link #MIN_INTERVAL_MS}, covering every batch
 * applied meanwhile. What must read a handed-out record back waits for {@link #visible()}. Event-loop confined.
 */
final class HistoryRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryRefresher.class);
  /** Bounds refreshes to 10 a second: a tenth of a core at most, and far inside "searchable within 1 s". */
  static final long MIN_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final WorkerExecutor writer;
  private final HistoryStore store;
  private final Consumer<Map<Integer, Long>> onVisible;
  /** Per partition, the last offset applied but not yet visible. */
  private Map<Integer, Long> pending = new HashMap<>();
  private Promise<Void> next = Promise.promise();
  private Future<Void> last = Future.succeededFuture();
  /** A refresh is waiting for its timer or running. */
  private boolean scheduled;
  private long lastStarted;
  private long timer = -1;
  private boolean closed;

  /** @param onVisible called with the last offset per partition each refresh made visible */
  HistoryRefresher(Vertx vertx, WorkerExecutor writer, HistoryStore store, Consumer<Map<Integer, Long>> onVisible) {
    this.vertx = vertx;
    this.writer = writer;
    this.store = store;
    this.onVisible = onVisible;
  }

  /** Records up to these offsets (per partition) were applied and should become visible soon. */
  void applied(Map<Integer, Long> lastOffsets) {
    lastOffsets.forEach((partition, offset) -> pending.merge(partition, offset, Math::max));
    schedule();
  }

  /** Completes once everything applied until now is visible to reads. */
  Future<Void> visible() {
    return pending.isEmpty() ? last : next.future();
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (scheduled || closed) {
      return;
    }
    scheduled = true;
    long wait = lastStarted + MIN_INTERVAL_MS - System.currentTimeMillis();
    if (wait <= 0) {
      refresh();
    } else {
      timer = vertx.setTimer(wait, id -> refresh());
    }
  }

  private void refresh() {
    if (closed) {
      return;
    }
    lastStarted = System.currentTimeMillis();
    // The writer runs tasks in order, so this refresh covers every batch applied before it was asked for.
    Map<Integer, Long> covered = pending;
    pending = new HashMap<>();
    Promise<Void> done = next;
    next = Promise.promise();
    last = done.future();
    writer.<Void>executeBlocking(() -> {
      store.refresh();
      return null;
    }).onComplete(result -> {
      scheduled = false;
      if (result.succeeded()) {
        onVisible.accept(covered);
        done.complete();
      } else {
        if (!closed) {
          LOG.error("History store could not make records visible: {}", result.cause().toString());
        }
        done.fail(result.cause());
      }
      if (!pending.isEmpty()) {
        schedule();
      }
    });
  }
}
