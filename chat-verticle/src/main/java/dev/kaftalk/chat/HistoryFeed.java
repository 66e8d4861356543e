package dev.kaftalk.chat;

import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Keeps the {@link HistoryStore} up with {@link Topics#MESSAGES}: reads every partition (no consumer group: each
 * instance serves every room) from where the store left off, applies each poll's records on the store's one writer
 * thread, then, back on the event loop, hands what arrived after start-up to {@code live} and marks the records
 * applied. Live records become visible to reads a moment later ({@link HistoryRefresher}); until then the messages
 * among them are in {@code unrefreshed}. {@link #start()} completes once the store holds, visibly, everything the
 * topic held at start-up.
 *
 * <p>While the writer is behind (a rebuild) the consumer pauses, so memory holds at most a few polls.
 */
final class HistoryFeed {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryFeed.class);
  private static final int MAX_BATCHES_IN_FLIGHT = 2;
  /** While catching up nobody reads yet, so the store refreshes only after this many stored messages. */
  private static final int CATCH_UP_REFRESH_EVERY = 50_000;
  private static final long PROGRESS_LOG_MS = 5_000;

  private final Vertx vertx;
  private final KafkaSettings kafka;
  private final String clientId;
  private final HistoryStore store;
  private final HistoryWriter writer;
  private final AppliedOffsets applied;
  private final Consumer<HistoryStore.Applied> live;
  private final UnrefreshedMessages unrefreshed;
  private final HistoryRefresher refresher;
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  /** Per partition, the log start offset below which the store holds nothing any more. */
  private final Map<Integer, Long> retainedFrom = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private CatchUp catchUp;
  private Future<Void> pipeline = Future.succeededFuture();
  /** The last commit, until it is durable; closing waits for it. */
  private Future<Void> durable = Future.succeededFuture();
  private int inFlight;
  private boolean paused;
  private boolean stopped;
  /** Set by {@link #close}: what fails because the consumer closed under it is not worth a warning. */
  private boolean closed;

  HistoryFeed(Vertx vertx, KafkaSettings kafka, String clientId, HistoryStore store, HistoryWriter writer,
      AppliedOffsets applied, Consumer<HistoryStore.Applied> live, UnrefreshedMessages unrefreshed) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.clientId = clientId;
    this.store = store;
    this.writer = writer;
    this.applied = applied;
    this.live = live;
    this.unrefreshed = unrefreshed;
    this.refresher = new HistoryRefresher(vertx, writer, store, unrefreshed::visibleUpTo);
  }

  Future<Void> start() {
    long started = System.currentTimeMillis();
    consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId));
    consumer.exceptionHandler(e -> {
      if (!closed) {
        LOG.warn("History consumer {}: {}", clientId, e.toString());
      }
    });
    return consumer.partitionsFor(Topics.MESSAGES.name())
        .compose(list -> list == null || list.isEmpty()
            ? Future.failedFuture(new IllegalStateException("Kafka topic " + Topics.MESSAGES.name() + " does not exist"))
            : Future.succeededFuture(list.stream().map(p -> partition(p.getPartition())).collect(Collectors.toSet())))
        .compose(partitions -> Future.all(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions))
            .compose(offsets -> resume(partitions, offsets.resultAt(0), offsets.resultAt(1))))
        .compose(v -> {
          long timer = vertx.setPeriodic(PROGRESS_LOG_MS, id -> LOG.info("History store catching up: {} records left",
              catchUp.remaining(positions)));
          return catchUp.future().onComplete(done -> vertx.cancelTimer(timer));
        })
        // Whatever the last catch-up batches applied is visible before this instance answers.
        .compose(v -> pipeline)
        .compose(v -> writer.<Void>run(() -> {
          store.refresh();
          return null;
        }))
        .onSuccess(v -> LOG.info("History store caught up with {} in {} ms", Topics.MESSAGES.name(),
            System.currentTimeMillis() - started));
  }

  /** Removes from the store what Kafka's retention has removed from the topic since the last look. */
  Future<Void> dropExpired() {
    return consumer.beginningOffsets(positions.keySet())
        .recover(e -> closed ? Future.succeededFuture(Map.of()) : Future.failedFuture(e))
        .compose(this::dropBelow);
  }

  private Future<Void> dropBelow(Map<TopicPartition, Long> logStart) {
    Future<Void> done = Future.succeededFuture();
    for (Map.Entry<TopicPartition, Long> entry : logStart.entrySet()) {
      int partition = entry.getKey().getPartition();
      long from = entry.getValue();
      if (from > retainedFrom.getOrDefault(partition, 0L)) {
        retainedFrom.put(partition, from);
        done = done.compose(v -> writer.run(() -> {
          store.deleteBefore(partition, from);
          return null;
        }));
      }
    }
    return done;
  }

  /**
   * Makes what was applied durable with its offsets (see {@link HistoryStore#prepareCommit}): fixed on the writer
   * thread, then synced beside it. Skipped while the last one still waits for the disk; the next covers both.
   */
  Future<Void> commit() {
    if (stopped || !durable.isComplete()) {
      return Future.succeededFuture();
    }
    durable = refresher.between(() -> writer.run(store::prepareCommit))
        .compose(prepared -> prepared == null ? Future.succeededFuture() : writer.finish(prepared));
    return durable;
  }

  /** Completes once every record handed out so far can be read from the store. */
  Future<Void> visible() {
    return refresher.visible();
  }

  Future<Void> close() {
    closed = true;
    // The store commits once more on close; Lucene allows no commit while another is pending.
    return refresher.close().compose(v -> durable.otherwiseEmpty())
        .compose(v -> consumer == null ? Future.succeededFuture() : consumer.close());
  }

  private Future<Void> resume(Set<TopicPartition> partitions, Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end) {
    Map<Integer, Long> stored = store.resumeOffsets();
    boolean stale = partitions.stream().anyMatch(tp -> stored.getOrDefault(tp.getPartition(), 0L) > end.get(tp));
    if (stale) {
      // The topic was recreated or the cluster replaced: the store describes a log that no longer exists.
      LOG.warn("History store holds offsets past the end of {}; rebuilding it from Kafka", Topics.MESSAGES.name());
      return writer.<Void>run(() -> {
        store.clear();
        return null;
      }).compose(v -> resume(partitions, begin, end));
    }
    Map<TopicPartition, Long> from = new HashMap<>();
    partitions.forEach(tp -> from.put(tp, Math.max(stored.getOrDefault(tp.getPartition(), 0L), begin.get(tp))));
    positions.putAll(from);
    long total = from.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
    LOG.info("History store resumes {} at {} ({} records to read)", Topics.MESSAGES.name(), stored.isEmpty()
        ? "the beginning (empty store)" : "its committed offsets", total);
    catchUp = new CatchUp(from, end);
    return consumer.assign(partitions)
        .compose(v -> Future.all(from.entrySet().stream().map(e -> consumer.seek(e.getKey(), e.getValue())).toList()))
        .onSuccess(v -> {
          consumer.batchHandler(this::onBatch);
          // The per-record handler starts the polling; the work is done per batch.
          consumer.handler(record -> { });
        })
        .mapEmpty();
  }

  private void onBatch(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty() || stopped) {
      return;
    }
    List<HistoryStore.Input> inputs = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      inputs.add(new HistoryStore.Input(record.partition(), record.offset(), record.value()));
    }
    if (++inFlight >= MAX_BATCHES_IN_FLIGHT && !paused) {
      paused = true;
      consumer.pause();
    }
    boolean live = inputs.stream().anyMatch(input -> catchUp.live(partition(input.partition()), input.offset()));
    pipeline = pipeline
        .compose(v -> writer.run(() -> {
          List<HistoryStore.Applied> done = store.apply(inputs);
          if (!live && store.unrefreshed() >= CATCH_UP_REFRESH_EVERY) {
            store.refresh();
          }
          return done;
        }))
        .map(done -> {
          done.forEach(this::handOut);
          Map<Integer, Long> last = lastOffsets(inputs);
          if (live) {
            // Before the waiters are woken: one that asks for visible() must wait for the refresh covering these.
            refresher.applied(last);
          }
          markApplied(last);
          return (Void) null;
        })
        .recover(e -> {
          if (store.failure() == null) {
            LOG.error("Could not hand out {} records from {}-{}@{}", inputs.size(), Topics.MESSAGES.name(),
                inputs.get(0).partition(), inputs.get(0).offset(), e);
          } else if (!stopped) {
            // Nothing more can be applied; a restart resumes from the last commit. Health reports this instance down.
            stopped = true;
            LOG.error("History store stopped: could not apply {} records from {}-{}@{}: {}", inputs.size(),
                Topics.MESSAGES.name(), inputs.get(0).partition(), inputs.get(0).offset(), e.toString());
          }
          return Future.succeededFuture();
        })
        .onComplete(v -> {
          if (--inFlight < MAX_BATCHES_IN_FLIGHT && paused) {
            paused = false;
            consumer.resume();
          }
        });
  }

  private void handOut(HistoryStore.Applied record) {
    if (!record.duplicate() && catchUp.live(partition(record.partition()), record.offset())) {
      if (record.event() instanceof TimelineEvent.Message) {
        unrefreshed.add(record.partition(), record.offset(), record.message());
      }
      live.accept(record);
    }
  }

  private static Map<Integer, Long> lastOffsets(List<HistoryStore.Input> inputs) {
    Map<Integer, Long> last = new HashMap<>();
    inputs.forEach(input -> last.merge(input.partition(), input.offset(), Math::max));
    return last;
  }

  private void markApplied(Map<Integer, Long> lastOffsets) {
    lastOffsets.forEach((partition, offset) -> {
      TopicPartition tp = partition(partition);
      positions.put(tp, offset + 1);
      applied.applied(Topics.MESSAGES.name(), partition, offset);
      catchUp.applied(tp, offset);
    });
  }

  private static TopicPartition partition(int partition) {
    return new TopicPartition(Topics.MESSAGES.name(), partition);
  }
}
