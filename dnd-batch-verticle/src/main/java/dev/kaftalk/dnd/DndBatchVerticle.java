package dev.kaftalk.dnd;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.Health;
import dev.kaftalk.model.KafkaSettings;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.SharedFrames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The quiet-hours service: settings, buffering while a user is quiet, and batch delivery afterwards. It is deployed
 * before the chat service, whose live gate sends it what it holds back, and refills stretches that were open at
 * start-up from the chat service's timelines once that answers.
 */
public final class DndBatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DndBatchVerticle.class);

  private final Clock clock;
  private QuietHoursLog log;

  public DndBatchVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock decides when quiet stretches end and stamps settings; tests pass one they control */
  public DndBatchVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    String instanceId = config().getString("instanceId");
    KafkaSettings kafka = KafkaSettings.fromJson(config().getJsonObject("kafka"));
    DndSettings dnd = DndSettings.fromJson(config().getJsonObject("dnd"));
    log = new QuietHoursLog(vertx, kafka, "dnd-settings-" + instanceId, dnd.applyTimeoutMs());
    SettingsService settings = new SettingsService(log, clock);
    // The user's other tabs and devices show a change (a snooze, a new schedule) at once.
    SharedFrames.register(vertx.eventBus());
    log.onLiveChange((user, quietHours) -> vertx.eventBus().publish(Addresses.inbox(user),
        Frames.settings(quietHours.toJson()), SharedFrames.OPTIONS));
    QuietBuffer buffer = new QuietBuffer(vertx.eventBus(), log, new BatchDelivery(vertx.eventBus(), dnd.batchSize()),
        clock);
    return log.start()
        .onSuccess(v -> buffer.openStretchesAtStart())
        .compose(v -> Future.all(List.of(
            answer(Addresses.DND_HEALTH, msg -> Future.succeededFuture(
                Health.up("quiet-hours", "settings of " + log.users().size() + " users loaded").toJson())),
            answer(Addresses.DND_SETTINGS_GET, settings::get),
            answer(Addresses.DND_SETTINGS_PUT, settings::put),
            vertx.eventBus().consumer(Addresses.DND_BUFFER, buffer::onHeldBack).completion(),
            vertx.eventBus().consumer(Addresses.DND_URGENT, buffer::onUrgent).completion())))
        .onSuccess(v -> {
          vertx.setPeriodic(dnd.tickMs(), id -> buffer.tick());
          LOG.info("Quiet-hours service {} ready", instanceId);
        });
  }

  @Override
  public Future<?> stop() {
    return log == null ? Future.succeededFuture() : log.close();
  }

  private <T> Future<Void> answer(String address, Function<Message<?>, Future<T>> handler) {
    return vertx.eventBus().consumer(address, msg -> Requests.answer(msg, handler)).completion();
  }
}
