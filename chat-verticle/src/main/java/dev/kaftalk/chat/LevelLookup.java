package dev.kaftalk.chat;

import dev.kaftalk.model.NotificationLevel;

/** A member's notification level in a room at an instant, mute applied; {@link NotificationLevel#ALL} by default. */
@FunctionalInterface
interface LevelLookup {

  NotificationLevel levelAt(String roomId, String username, long epochMs);
}
