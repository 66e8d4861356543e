package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Publishes frames to room members' inboxes on the local event bus. Every instance does this for every event, and
 * the edge's bridge forwards an inbox only to the sockets that registered it on this instance, so each socket gets
 * each frame once.
 */
final class FanOut {

  private final EventBus bus;
  private final RoomDirectory directory;

  FanOut(EventBus bus, RoomDirectory directory) {
    this.bus = bus;
    this.directory = directory;
  }

  void toMembers(String roomId, JsonObject frame) {
    directory.members(roomId).forEach(member -> bus.publish(Addresses.inbox(member), frame));
  }

  void toMembersExcept(String roomId, String except, JsonObject frame) {
    directory.members(roomId).stream().filter(member -> !member.equals(except))
        .forEach(member -> bus.publish(Addresses.inbox(member), frame));
  }

  /** To the members and to {@code user}, who may have just joined or left. */
  void toMembersAnd(String roomId, String user, JsonObject frame) {
    toMembersExcept(roomId, user, frame);
    bus.publish(Addresses.inbox(user), frame);
  }
}
