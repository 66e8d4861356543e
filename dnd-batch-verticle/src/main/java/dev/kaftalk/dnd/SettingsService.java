package dev.kaftalk.dnd;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.QuietHours;
import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * {@link Addresses#DND_SETTINGS_GET} and {@link Addresses#DND_SETTINGS_PUT} for the session user. A PUT is stamped
 * with the instant it takes effect: now, or, when the user was quiet and stays quiet, the start of that stretch, so
 * that a restart's rebuild still finds what was held back earlier in it.
 */
final class SettingsService {

  private static final Logger LOG = LoggerFactory.getLogger(SettingsService.class);

  private final QuietHoursLog log;
  private final Clock clock;

  SettingsService(QuietHoursLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  Future<JsonObject> get(Message<?> msg) {
    return Future.succeededFuture(log.of(Requests.user(msg)).toJson());
  }

  Future<JsonObject> put(Message<?> msg) {
    String user = Requests.user(msg);
    QuietHours asked = QuietHours.fromRequest(Requests.body(msg));
    long now = clock.millis();
    QuietHours before = log.of(user);
    boolean staysQuiet = before.quietAt(now) && asked.quietAt(now);
    QuietHours stored = asked.withEffectiveFrom(staysQuiet ? before.quietSince(now) : now);
    return log.write(user, stored).map(v -> {
      LOG.info("Quiet hours of {} saved (enabled {}, snoozed {})", user, stored.enabled(), stored.snoozeUntil() != null);
      return stored.toJson();
    });
  }
}
