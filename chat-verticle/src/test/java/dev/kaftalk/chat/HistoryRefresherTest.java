package dev.kaftalk.chat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When applied records become visible: at once on a quiet instance, soon when a read waits, later otherwise. */
@ExtendWith(VertxExtension.class)
class HistoryRefresherTest {

  @TempDir
  Path dir;
  private HistoryStore store;
  private HistoryWriter writer;
  private final List<Map<Integer, Long>> madeVisible = new ArrayList<>();

  @BeforeEach
  void open(Vertx vertx) {
    store = HistoryStore.open(dir);
    writer = new HistoryWriter(vertx, "refresher-test-" + System.nanoTime());
  }

  @AfterEach
  void close() throws Exception {
    writer.close();
    store.close();
  }

  @Test
  void aWaitingReadIsServedWithinTheShortIntervalEvenRightAfterARefresh(Vertx vertx, VertxTestContext testContext) {
    onFeedContext(vertx, refresher -> {
      refresher.applied(Map.of(0, 1L));
      // A quiet instance refreshes at once; this arrives while that refresh runs, then more after it.
      refresher.applied(Map.of(0, 2L));
      refresher.visible()
          .compose(v -> {
            refresher.applied(Map.of(0, 3L));
            refresher.applied(Map.of(1, 7L));
            long asked = System.currentTimeMillis();
            return refresher.visible().map(w -> System.currentTimeMillis() - asked);
          })
          .onComplete(testContext.succeeding(waited -> finish(refresher, testContext, Map.of(0, 3L, 1, 7L),
              () -> assertTrue(waited <= HistoryRefresher.DEMAND_INTERVAL_MS + 1_000, "waited " + waited + " ms"))));
    });
  }

  @Test
  void aReadAskingWhileNothingRunsIsServedByTheRefreshItStarts(Vertx vertx, VertxTestContext testContext) {
    onFeedContext(vertx, refresher -> {
      refresher.applied(Map.of(0, 1L));
      refresher.visible()
          .compose(v -> {
            // The first refresh is done and the next one waits for the long interval: asking starts it now.
            refresher.applied(Map.of(0, 2L));
            return vertx.timer(HistoryRefresher.DEMAND_INTERVAL_MS + 20).compose(t -> refresher.visible());
          })
          .onComplete(testContext.succeeding(v -> finish(refresher, testContext, Map.of(0, 2L), () -> { })));
    });
  }

  @Test
  void withNobodyWaitingABusyInstanceStillRefreshesWithinTheLongInterval(Vertx vertx,
      VertxTestContext testContext) {
    onFeedContext(vertx, refresher -> {
      refresher.applied(Map.of(0, 1L));
      refresher.applied(Map.of(0, 2L));
      long start = System.currentTimeMillis();
      vertx.setPeriodic(20, id -> {
        if (madeVisible.stream().anyMatch(offsets -> offsets.getOrDefault(0, -1L) == 2L)) {
          vertx.cancelTimer(id);
          long took = System.currentTimeMillis() - start;
          finish(refresher, testContext, Map.of(0, 2L),
              () -> assertTrue(took <= HistoryRefresher.INTERVAL_MS + 1_000, "took " + took + " ms"));
        }
      });
    });
  }

  /** Runs {@code test} on a context with a refresher created there, as the feed creates its own. */
  private void onFeedContext(Vertx vertx, Consumer<HistoryRefresher> test) {
    vertx.runOnContext(go -> test.accept(new HistoryRefresher(vertx, writer, store, madeVisible::add)));
  }

  /** The last refresh made {@code expected} visible, and {@code check} holds. */
  private void finish(HistoryRefresher refresher, VertxTestContext testContext, Map<Integer, Long> expected,
      Executable check) {
    testContext.verify(() -> {
      assertEquals(expected, madeVisible.get(madeVisible.size() - 1));
      check.execute();
    });
    refresher.close();
    testContext.completeNow();
  }
}
