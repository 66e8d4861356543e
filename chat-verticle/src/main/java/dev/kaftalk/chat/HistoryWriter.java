package dev.kaftalk.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;

/**
 * The {@link HistoryStore}'s one writer thread: tasks run one at a time, in the order they were asked for, because
 * the pool has a single thread taking them first in, first out. They do not go through the calling context's ordered
 * queue: Vert.x keeps one such queue per context for every ordered {@code executeBlocking}, whatever the executor, so
 * the sends' resend lookups on the read pool ({@link Timeline#find}) waited there behind each commit (60-85 ms) and
 * slow refresh, and the applies behind the lookups: that was scenario (a)'s p99 tail. A commit's wait for the disk
 * runs on a second thread ({@link #finish}), and a refresh's reopening of reads on a third ({@link #reopen}), so that
 * the live records applied meanwhile are not held back by either.
 */
final class HistoryWriter {

  private final WorkerExecutor thread;
  /** Where a prepared commit waits for the disk, so that the writer applies on meanwhile. */
  private final WorkerExecutor disk;
  /** Where reads are reopened on what the writer wrote, so that the writer applies on meanwhile. */
  private final WorkerExecutor reads;

  HistoryWriter(Vertx vertx, String name) {
    this.thread = vertx.createSharedWorkerExecutor(name, 1);
    this.disk = vertx.createSharedWorkerExecutor(name + "-sync", 1);
    this.reads = vertx.createSharedWorkerExecutor(name + "-refresh", 1);
  }

  <T> Future<T> run(Callable<T> task) {
    return thread.executeBlocking(task, false);
  }

  /** Finishes a commit {@link HistoryStore#prepareCommit prepared} on the writer thread, beside that thread. */
  Future<Void> finish(HistoryStore.Durable commit) {
    return disk.executeBlocking(() -> {
      commit.finish();
      return null;
    }, false);
  }

  /** Runs {@link HistoryStore#reopen} beside the writer thread. */
  Future<Void> reopen(HistoryStore store) {
    return reads.executeBlocking(() -> {
      store.reopen();
      return null;
    }, false);
  }

  Future<Void> close() {
    return Future.join(thread.close(), disk.close(), reads.close()).mapEmpty();
  }
}
