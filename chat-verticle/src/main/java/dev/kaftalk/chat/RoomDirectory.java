package dev.kaftalk.chat;

import dev.kaftalk.model.MembershipRecord;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rooms and who belongs to them, materialized from {@link Topics#ROOMS} and {@link Topics#MEMBERSHIPS}. A room
 * created or whose members changed after start-up is handed to the {@link #onLiveChange} listener.
 */
final class RoomDirectory {

  private final Map<String, RoomRecord> rooms = new HashMap<>();
  private final Map<String, Set<String>> membersByRoom = new HashMap<>();
  private final Map<String, Set<String>> roomsByUser = new HashMap<>();
  private Consumer<RoomRecord> liveChange = room -> { };

  /** {@code listener} gets each room created, or whose members changed, once replaying the topics is over. */
  void onLiveChange(Consumer<RoomRecord> listener) {
    liveChange = listener;
  }

  void applyRoom(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    RoomRecord room = Topics.ROOMS.values().decode(record.value());
    rooms.put(room.id(), room);
    if (live) {
      liveChange.accept(room);
    }
  }

  void applyMembership(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    MembershipRecord membership = Topics.MEMBERSHIPS.values().decode(record.value());
    String roomId = membership.roomId();
    String username = membership.username();
    if (membership.member()) {
      membersByRoom.computeIfAbsent(roomId, k -> new HashSet<>()).add(username);
      roomsByUser.computeIfAbsent(username, k -> new HashSet<>()).add(roomId);
    } else {
      removeFrom(membersByRoom, roomId, username);
      removeFrom(roomsByUser, username, roomId);
    }
    RoomRecord room = rooms.get(roomId);
    if (live && room != null) {
      liveChange.accept(room);
    }
  }

  Collection<RoomRecord> rooms() {
    return rooms.values();
  }

  boolean has(String roomId) {
    return rooms.containsKey(roomId);
  }

  /** @throws ServiceException 404 if there is no such room */
  RoomRecord require(String roomId) {
    RoomRecord room = rooms.get(roomId);
    if (room == null) {
      throw ServiceException.notFound("No such room");
    }
    return room;
  }

  /**
   * @throws ServiceException 404 if there is no such room or it is hidden from the user (a private room or direct
   *                          message they are not in: its existence is not revealed), 403 if the user is not in it
   */
  RoomRecord requireMember(String roomId, String username) {
    RoomRecord room = requireVisible(roomId, username);
    if (!isMember(roomId, username)) {
      throw ServiceException.forbidden("You are not a member of this room");
    }
    return room;
  }

  /** @throws ServiceException 404 if there is no such room, or it is hidden from the user */
  RoomRecord requireVisible(String roomId, String username) {
    RoomRecord room = require(roomId);
    if (!visibleTo(room, username)) {
      throw ServiceException.notFound("No such room");
    }
    return room;
  }

  /** Public rooms are listed to everyone; private rooms and direct messages only to their members. */
  boolean visibleTo(RoomRecord room, String username) {
    return !room.hidden() || isMember(room.id(), username);
  }

  /** Whether a public room of this name exists, ignoring case. */
  boolean publicNameTaken(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return rooms.values().stream().anyMatch(room -> !room.hidden() && room.name().toLowerCase(Locale.ROOT).equals(wanted));
  }

  /** Whether the room is a direct message (an unknown room is not). */
  boolean isDm(String roomId) {
    RoomRecord room = rooms.get(roomId);
    return room != null && room.kind() == RoomRecord.Kind.DM;
  }

  boolean isMember(String roomId, String username) {
    return members(roomId).contains(username);
  }

  Set<String> members(String roomId) {
    return membersByRoom.getOrDefault(roomId, Set.of());
  }

  Set<String> roomsOf(String username) {
    return roomsByUser.getOrDefault(username, Set.of());
  }

  private static void removeFrom(Map<String, Set<String>> index, String key, String value) {
    Set<String> values = index.get(key);
    if (values != null && values.remove(value) && values.isEmpty()) {
      index.remove(key);
    }
  }
}
