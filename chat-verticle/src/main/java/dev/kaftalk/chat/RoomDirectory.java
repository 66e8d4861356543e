package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Rooms and who belongs to them, materialized from {@link Topics#ROOMS} and {@link Topics#MEMBERSHIPS}. */
final class RoomDirectory {

  record Room(String id, String name, long createdAt) {
  }

  private final Map<String, Room> rooms = new HashMap<>();
  private final Map<String, Set<String>> membersByRoom = new HashMap<>();
  private final Map<String, Set<String>> roomsByUser = new HashMap<>();

  void applyRoom(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String id = json.getString("id");
    if (id != null) {
      rooms.put(id, new Room(id, json.getString("name", id), json.getLong("createdAt", 0L)));
    }
  }

  void applyMembership(KafkaConsumerRecord<String, String> record, boolean live) {
    if (record.value() == null) {
      return;
    }
    JsonObject json = new JsonObject(record.value());
    String roomId = json.getString("roomId");
    String username = json.getString("username");
    if (roomId == null || username == null) {
      return;
    }
    if (json.getBoolean("member", false)) {
      membersByRoom.computeIfAbsent(roomId, k -> new HashSet<>()).add(username);
      roomsByUser.computeIfAbsent(username, k -> new HashSet<>()).add(roomId);
    } else {
      removeFrom(membersByRoom, roomId, username);
      removeFrom(roomsByUser, username, roomId);
    }
  }

  Collection<Room> rooms() {
    return rooms.values();
  }

  boolean has(String roomId) {
    return rooms.containsKey(roomId);
  }

  /** @throws ServiceException 404 if there is no such room */
  Room require(String roomId) {
    Room room = rooms.get(roomId);
    if (room == null) {
      throw ServiceException.notFound("No such room");
    }
    return room;
  }

  /** @throws ServiceException 404 if there is no such room, 403 if the user is not in it */
  Room requireMember(String roomId, String username) {
    Room room = require(roomId);
    if (!isMember(roomId, username)) {
      throw ServiceException.forbidden("You are not a member of this room");
    }
    return room;
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
