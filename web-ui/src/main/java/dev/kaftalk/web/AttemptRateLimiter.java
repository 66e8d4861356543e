package dev.kaftalk.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Limits attempts per client address, and per username where one is given, within fixed one-minute windows; for
 * logins only failed ones stay counted ({@link #refund}). For logins this makes guessing passwords slow whether an attacker tries many passwords on one account or one
 * password on many; for registrations it keeps one client from spending the server's CPU on password hashes.
 * Counts are kept per Kaftalk instance, in memory, shared by the edge's verticles on their event loops
 * ({@link EdgeShared}), hence synchronized.
 */
final class AttemptRateLimiter {

  private static final long WINDOW_MS = 60_000;
  /** Longer strings cannot be valid usernames; not tracking them keeps junk from growing the table. */
  private static final int MAX_USERNAME_LENGTH = 64;

  private final int attemptsPerWindow;
  private final LongSupplier clock;
  private final Map<String, Window> windows = new HashMap<>();

  AttemptRateLimiter(int attemptsPerWindow, LongSupplier clock) {
    this.attemptsPerWindow = attemptsPerWindow;
    this.clock = clock;
  }

  /**
   * Counts an attempt unless the address or the username (when not null) has used up its window.
   *
   * @return 0 when the attempt may go ahead, otherwise the seconds until it may be tried again
   */
  synchronized long tryAcquire(String address, Object username) {
    long now = clock.getAsLong();
    Window byAddress = window("ip:" + address, now);
    String byName = nameKey(username);
    return byName != null ? acquire(now, byAddress, window(byName, now)) : acquire(now, byAddress);
  }

  /**
   * Counts an attempt of the signed-in {@code username} alone, unless that user has used up the window.
   *
   * @return 0 when the attempt may go ahead, otherwise the seconds until it may be tried again
   */
  synchronized long tryAcquireFor(String username) {
    long now = clock.getAsLong();
    return acquire(now, window(userKey(username), now));
  }

  /**
   * Takes back an attempt {@link #tryAcquire} counted that turned out to succeed: a sign-in with the right password
   * guesses nothing, so only failures use up a window. Attempts still count while they are answered, so parallel
   * guesses cannot pass the limit before their failures are known.
   */
  synchronized void refund(String address, Object username) {
    long now = clock.getAsLong();
    refund(now, "ip:" + address);
    String byName = nameKey(username);
    if (byName != null) {
      refund(now, byName);
    }
  }

  private void refund(long now, String key) {
    Window window = windows.get(key);
    if (window != null && window.endsAt > now && window.count > 0) {
      window.count--;
    }
  }

  /** Forgets finished windows; called periodically so the table only holds the last minute's clients. */
  synchronized void purge() {
    long now = clock.getAsLong();
    windows.values().removeIf(w -> w.endsAt <= now);
  }

  /** Counts the attempt in every one of {@code windows}, or in none if any of them is used up. */
  private static long acquire(long now, Window... windows) {
    long wait = 0;
    for (Window window : windows) {
      wait = Math.max(wait, window.waitMs(now));
    }
    if (wait > 0) {
      return (wait + 999) / 1000;
    }
    for (Window window : windows) {
      window.count++;
    }
    return 0;
  }

  private static String userKey(String username) {
    return "user:" + username.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The window key of a name as a login form sends it, in the form the account service reads it (case and the spaces
   * around it do not make another name); null for what cannot be a name.
   */
  private static String nameKey(Object username) {
    return username instanceof String name && name.strip().length() <= MAX_USERNAME_LENGTH ? userKey(name) : null;
  }

  private Window window(String key, long now) {
    Window window = windows.get(key);
    if (window == null || window.endsAt <= now) {
      window = new Window(now + WINDOW_MS);
      windows.put(key, window);
    }
    return window;
  }

  private final class Window {
    private final long endsAt;
    private int count;

    private Window(long endsAt) {
      this.endsAt = endsAt;
    }

    private long waitMs(long now) {
      return count >= attemptsPerWindow ? endsAt - now : 0;
    }
  }
}
