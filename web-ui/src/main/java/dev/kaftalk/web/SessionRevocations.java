package dev.kaftalk.web;

import dev.kaftalk.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Since when each user's sessions are valid: a logout ends every session issued until then, on every instance. The
 * account service keeps the instants in Kafka; this edge copy starts from the service's snapshot and follows its
 * live announcements, so checking a request costs no round trip. Used only on the edge's event loop.
 */
final class SessionRevocations {

  private final EventBus bus;
  private final Map<String, Long> validAfter = new HashMap<>();
  private final List<BiConsumer<String, Long>> listeners = new ArrayList<>();

  SessionRevocations(EventBus bus) {
    this.bus = bus;
  }

  /** Listens first and then takes the snapshot, so that no revocation falls between the two. */
  Future<Void> start() {
    return bus.<JsonObject>localConsumer(Addresses.SESSIONS_REVOKED,
            msg -> revoke(msg.body().getString("username"), msg.body().getLong("validAfter")))
        .completion()
        .compose(v -> bus.<JsonObject>request(Addresses.SESSIONS_VALID_AFTER, new JsonObject()))
        .onSuccess(snapshot -> snapshot.body().forEach(e -> merge(e.getKey(), ((Number) e.getValue()).longValue())))
        .mapEmpty();
  }

  boolean revoked(SessionToken session) {
    return session.issuedAt().toEpochMilli() <= validAfter(session.username());
  }

  /** Sessions of the user issued until this instant are invalid; 0 if none ended. */
  long validAfter(String username) {
    return validAfter.getOrDefault(username, 0L);
  }

  /** Called with (username, validAfter) whenever a user's older sessions end, e.g. to close their sockets. */
  void onRevoked(BiConsumer<String, Long> listener) {
    listeners.add(listener);
  }

  private void revoke(String username, long after) {
    merge(username, after);
    listeners.forEach(listener -> listener.accept(username, after));
  }

  private void merge(String username, long after) {
    validAfter.merge(username, after, Math::max);
  }
}
