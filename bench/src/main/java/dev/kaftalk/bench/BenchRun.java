package dev.kaftalk.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * What every scenario needs: a fresh server child process, the bench's Vert.x (the load client) and the REST set-up
 * client. Closing it stops the client first, then kills the server.
 */
final class BenchRun implements AutoCloseable {

  private final Vertx vertx;
  private final ServerProcess server;
  private final Accounts accounts;

  private BenchRun(Vertx vertx, ServerProcess server) {
    this.vertx = vertx;
    this.server = server;
    this.accounts = new Accounts(vertx, server.httpPort());
  }

  static BenchRun start(Options options) throws IOException, InterruptedException {
    ServerProcess server = ServerProcess.start(options.jar(), options.serverJvm());
    // Frames are decoded on the client's event loops; two of them match the machine's two cores.
    return new BenchRun(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)), server);
  }

  Vertx vertx() {
    return vertx;
  }

  ServerProcess server() {
    return server;
  }

  Accounts accounts() {
    return accounts;
  }

  /** A population's accounts and rooms, and all its tabs open. */
  Tabs openTabs(LoadShape shape) {
    return await(Population.create(accounts, shape)
        .compose(population -> new Tabs(vertx, population).open(server.httpPort())));
  }

  /**
   * Runs {@code phase} and answers its figures with the server's CPU over it, its threads, descriptors and heap after
   * GC at the end, and the client's CPU beside them.
   */
  JsonObject measured(LoadRun phase) throws IOException, InterruptedException {
    return measured(phase::run);
  }

  /** {@link #measured(LoadRun)} for any phase, e.g. several run together. */
  JsonObject measured(Supplier<Future<JsonObject>> phase) throws IOException, InterruptedException {
    ProcStats serverBefore = server.stats();
    ProcStats clientBefore = clientStats();
    long start = System.nanoTime();
    JsonObject figures = await(phase.get());
    long nanos = System.nanoTime() - start;
    ProcStats now = server.stats();
    ProcStats client = clientStats();
    return figures
        .put("serverCpuCores", LoadRun.round(now.coresSince(serverBefore, nanos)))
        .put("clientCpuCores", LoadRun.round(client.coresSince(clientBefore, nanos)))
        .put("serverThreads", now.threads())
        .put("serverOpenFds", now.fds())
        .put("serverSockets", now.sockets())
        .put("serverHeapAfterGcMiB", LoadRun.round(server.heapAfterGc() / 1048576.0));
  }

  private static ProcStats clientStats() {
    return ProcStats.of(ProcessHandle.current().pid());
  }

  static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public void close() {
    try {
      accounts.close();
      await(vertx.close());
    } finally {
      server.close();
    }
  }
}
