package dev.kaftalk.chat;

import dev.kaftalk.model.TimelineEvent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The urgent break-throughs this instance applied from the timelines: who was granted which message (so a rebuilt
 * buffer leaves it out), and how many each sender used per recipient and UTC day (the quota). Every instance applies
 * the same {@link TimelineEvent.Urgent} records, so every instance counts the same. Kept in memory for today and
 * yesterday only; a started instance loads those two days from its history store, which keeps each urgent event, and
 * then applies what arrives. Applying an event twice changes nothing (a break-through counts once per message), so
 * the load and the first live records may overlap. Event-loop confined.
 */
final class UrgentLedger {

  private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

  private record Grant(String messageId, String user) {
  }

  private record Use(String sender, String recipient, long day) {
  }

  private final Map<Grant, Long> grants = new HashMap<>();
  /** The messages each use broke through with. */
  private final Map<Use, Set<String>> uses = new HashMap<>();

  void apply(TimelineEvent.Urgent event) {
    for (String user : event.to()) {
      grants.put(new Grant(event.messageId(), user), event.ts());
      uses.computeIfAbsent(new Use(event.username(), user, event.ts() / DAY_MS), use -> new HashSet<>())
          .add(event.messageId());
    }
  }

  boolean granted(String user, String messageId) {
    return grants.containsKey(new Grant(messageId, user));
  }

  /** Break-throughs {@code sender} was granted to {@code recipient} on the UTC day of {@code epochMs}. */
  int used(String sender, String recipient, long epochMs) {
    return uses.getOrDefault(new Use(sender, recipient, epochMs / DAY_MS), Set.of()).size();
  }

  /** The first instant this ledger keeps at {@code nowMs}: the start of yesterday (UTC). */
  static long keptFrom(long nowMs) {
    return (nowMs / DAY_MS - 1) * DAY_MS;
  }

  /** Drops what is older than yesterday (UTC). */
  void forgetOld(long nowMs) {
    long yesterday = nowMs / DAY_MS - 1;
    uses.keySet().removeIf(use -> use.day() < yesterday);
    grants.values().removeIf(ts -> ts / DAY_MS < yesterday);
  }
}
