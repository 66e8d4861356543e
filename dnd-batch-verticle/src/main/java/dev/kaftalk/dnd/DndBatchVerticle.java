package dev.kaftalk.dnd;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The quiet-hours service: settings, buffering while a user is quiet, and batch delivery afterwards. */
public final class DndBatchVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
