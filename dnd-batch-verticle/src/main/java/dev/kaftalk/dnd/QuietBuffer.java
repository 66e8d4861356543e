package dev.kaftalk.dnd;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Requests;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open quiet stretches of this instance, one per quiet user, holding references to what the chat service's
 * gate held back ({@link Addresses#DND_BUFFER}). A stretch closes on the first tick at which its user is no longer
 * quiet (window or snooze over, or settings changed), and its messages go out as one ordered batch.
 *
 * <p>Exactly once per socket: the gate decides per (user, message) to push live or to send here, and here a
 * reference either joins an open stretch, whose batch includes it, or, if the user's stretch is already over (a
 * message that arrived just after the end), goes out live at once, or right after the batch while that is being
 * read. (Messages the gate already sees as outside the quiet period are pushed by the chat service directly, so they
 * may reach a socket up to a tick before the batch; clients order a room by cursor.) A stretch open when this instance started is
 * refilled from the timelines ({@link Addresses#CHAT_QUIET_BACKLOG}, the same rule) before it may close; its sorted
 * offset sets drop what arrives both ways. Event-loop confined.
 */
final class QuietBuffer {

  private static final Logger LOG = LoggerFactory.getLogger(QuietBuffer.class);

  private final EventBus bus;
  private final QuietHoursLog settings;
  private final BatchDelivery delivery;
  private final Clock clock;
  private final Map<String, Stretch> stretches = new HashMap<>();
  /** Users whose batch is being read; what arrives for them meanwhile goes out live after it, in order. */
  private final Map<String, List<JsonObject>> closing = new HashMap<>();

  QuietBuffer(EventBus bus, QuietHoursLog settings, BatchDelivery delivery, Clock clock) {
    this.bus = bus;
    this.settings = settings;
    this.delivery = delivery;
    this.clock = clock;
  }

  /** At start-up: users quiet now may have had messages held back before a restart; they are rebuilt. */
  void openStretchesAtStart() {
    long now = clock.millis();
    for (String user : settings.users()) {
      QuietHours quiet = settings.of(user);
      if (quiet.quietAt(now)) {
        stretches.put(user, new Stretch(quiet.quietSince(now), false));
      }
    }
    LOG.info("{} users are quiet at start-up; their buffers are rebuilt from the timelines", stretches.size());
  }

  void onHeldBack(Message<?> msg) {
    JsonObject ref = Requests.body(msg);
    String user = ref.getString("username");
    List<JsonObject> afterBatch = closing.get(user);
    if (afterBatch != null) {
      afterBatch.add(ref);
      return;
    }
    Stretch stretch = stretches.get(user);
    long now = clock.millis();
    if (stretch == null && settings.of(user).quietAt(now)) {
      stretch = new Stretch(settings.of(user).quietSince(now), true);
      stretches.put(user, stretch);
    }
    if (stretch != null) {
      stretch.add(ref.getString("roomId"), ref.getLong("offset"), ref.getBoolean("notify", true));
    } else {
      deliverLive(user, ref);
    }
  }

  /**
   * An urgent break-through granted to a quiet user ({@link Addresses#DND_URGENT}): pushed live only if their open
   * stretch still holds it, and taken out of it, so the batch does not bring it again. A batch being read already has
   * it, and one held back after that batch goes out live anyway.
   */
  void onUrgent(Message<?> msg) {
    JsonObject grant = Requests.body(msg);
    String user = grant.getString("username");
    Stretch stretch = stretches.get(user);
    if (stretch != null && stretch.remove(grant.getString("roomId"), grant.getLong("offset"))) {
      delivery.urgent(user, grant)
          .onSuccess(v -> LOG.info("Urgent message from {} broke through the quiet hours of {}", grant.getString("by"),
              user))
          .onFailure(e -> LOG.warn("Could not deliver an urgent message to {}: {}", user, e.getMessage()));
    }
  }

  /** Rebuilds what needs it and closes the stretches whose user is no longer quiet. */
  void tick() {
    long now = clock.millis();
    List<String> ended = new ArrayList<>();
    stretches.forEach((user, stretch) -> {
      if (!stretch.rebuilt) {
        rebuild(user, stretch);
      } else if (!settings.of(user).quietAt(now)) {
        ended.add(user);
      }
    });
    ended.forEach(this::close);
  }

  private void rebuild(String user, Stretch stretch) {
    if (stretch.rebuilding) {
      return;
    }
    stretch.rebuilding = true;
    bus.<JsonObject>request(Addresses.CHAT_QUIET_BACKLOG, new JsonObject().put("username", user).put("from", stretch.since))
        .onComplete(reply -> {
          stretch.rebuilding = false;
          if (reply.succeeded()) {
            stretch.addAll(reply.result().body().getJsonArray("refs"));
            stretch.rebuilt = true;
            LOG.info("Rebuilt the quiet buffer of {}: {} messages", user, stretch.size());
          } else {
            // The chat service may not answer yet during start-up; the next tick asks again.
            LOG.debug("Quiet backlog of {} not available yet: {}", user, reply.cause().getMessage());
          }
        });
  }

  private void close(String user) {
    Stretch stretch = stretches.remove(user);
    long started = System.nanoTime();
    if (stretch.size() == 0) {
      return;
    }
    closing.put(user, new ArrayList<>());
    delivery.batch(user, stretch.refs())
        .onSuccess(count -> LOG.info("Quiet hours of {} ended: {} messages delivered in batches ({} ms)", user, count,
            (System.nanoTime() - started) / 1_000_000))
        .onFailure(e -> LOG.error("Quiet hours of {} ended but the batch could not be read: {}", user, e.getMessage()))
        .onComplete(done -> closing.remove(user).forEach(ref -> deliverLive(user, ref)));
  }

  private void deliverLive(String user, JsonObject ref) {
    delivery.live(user, ref.getString("roomId"), ref.getLong("offset"), ref.getBoolean("notify", true))
        .onFailure(e -> LOG.warn("Could not deliver a late message to {}: {}", user, e.getMessage()));
  }
}
