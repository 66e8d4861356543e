package dev.kaftalk.model;

import java.util.Locale;

/**
 * How much of a room's traffic may notify a user (a sound, a browser notification). It never decides whether a
 * message is delivered: unread counts still count every message, and quiet hours alone decide live or batched.
 */
public enum NotificationLevel {
  /** Every message from others notifies (the default, and what direct messages start with). */
  ALL,
  /** Only messages that mention the user, and direct messages, notify. */
  MENTIONS,
  /** Nothing from this room notifies. */
  NONE;

  /** The contract's name: {@code all}, {@code mentions} or {@code none}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws ServiceException 400 for anything but the three names */
  public static NotificationLevel fromRequest(Object value) {
    if (value instanceof String name) {
      for (NotificationLevel level : values()) {
        if (level.wire().equals(name)) {
          return level;
        }
      }
    }
    throw ServiceException.badRequest("level must be \"all\", \"mentions\" or \"none\"");
  }
}
