package dev.kaftalk.chat;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Which users are quiet now and until when, as colleagues see it (presence, the user directory), and who became quiet
 * or stopped being so. A user's status changes when their settings do, and otherwise only at the end of the stretch
 * they are in, at the end of a skipped stretch, or at a window's start, which falls on a minute: so each user is looked
 * at again only then, not on every tick. Event-loop confined.
 */
final class QuietStatus {

  /** How often {@link #tick} should run: a change shows within about this long. */
  static final long TICK_MS = 1_000;
  private static final long MINUTE_MS = 60_000;

  private record Check(long at, String user) {
  }

  private final QuietGate gate;
  private final Clock clock;
  /** The users quiet now, with the end of their stretch. */
  private final Map<String, Long> quiet = new HashMap<>();
  /** When each user with settings is looked at next; a queued check for another time is stale. */
  private final Map<String, Long> nextCheck = new HashMap<>();
  private final PriorityQueue<Check> due = new PriorityQueue<>(Comparator.comparingLong(Check::at));
  private Consumer<String> onChange = user -> { };

  QuietStatus(QuietGate gate, Clock clock) {
    this.gate = gate;
    this.clock = clock;
  }

  /** @param onChange called with a user whose quiet status (quiet or not, or until when) changed */
  void onChange(Consumer<String> onChange) {
    this.onChange = onChange;
  }

  /** The end of the user's current quiet stretch (epoch ms), or null when the user is not quiet. */
  Long quietUntil(String user) {
    return quiet.get(user);
  }

  /** Looks at every user with settings, as the service starts: before any socket is open, so nobody is told. */
  void checkAll() {
    long now = clock.millis();
    gate.users().forEach(user -> check(user, now, false));
  }

  /** The user's settings changed. */
  void settingsChanged(String user) {
    check(user, clock.millis(), true);
  }

  /** Looks at the users whose status may have changed by now. */
  void tick() {
    long now = clock.millis();
    while (!due.isEmpty() && due.peek().at() <= now) {
      Check check = due.poll();
      if (Objects.equals(nextCheck.get(check.user()), check.at())) {
        check(check.user(), now, true);
      }
    }
  }

  private void check(String user, long now, boolean tell) {
    long end = gate.quietUntil(user, now);
    Long until = end > now ? end : null;
    Long before = until == null ? quiet.remove(user) : quiet.put(user, until);
    if (tell && !Objects.equals(before, until)) {
      onChange.accept(user);
    }
    if (!gate.has(user)) {
      nextCheck.remove(user);
      return;
    }
    long next = until != null ? until : Math.min(now - now % MINUTE_MS + MINUTE_MS, gate.skipEnd(user, now));
    nextCheck.put(user, next);
    due.add(new Check(next, user));
  }
}
