package dev.kaftalk.chat;

import dev.kaftalk.model.MembershipRecord;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Rooms and who belongs to them, materialized from {@link Topics#ROOMS} and {@link Topics#MEMBERSHIPS}. A room
 * created or whose members changed after start-up is handed to the {@link #onLiveChange} listener.
 *
 * <p>A room's first record wins: two instances creating one room id at the same moment (a public name, a direct
 * message) both write a record, and every instance keeps the one earlier in the log, so its creator is the same
 * everywhere. The later writer rewrites the first record ({@link RoomService#record}), so that compaction, which
 * keeps the last record of a key, keeps the first writer's too.
 */
final class RoomDirectory {

  /** Someone waiting for people to become members of a room. */
  private record MembersAwaited(String roomId, Collection<String> people, Promise<Void> arrived) {
  }

  private final Map<String, RoomRecord> rooms = new HashMap<>();
  private final Map<String, Long> firstRecordOffsets = new HashMap<>();
  private final List<MembersAwaited> awaited = new ArrayList<>();
  private final Map<String, Set<String>> membersByRoom = new HashMap<>();
  private final Map<String, Set<String>> roomsByUser = new HashMap<>();
  /** Per room, who left it and has not come back: everyone else who is not a member never joined. */
  private final Map<String, Set<String>> formerMembers = new HashMap<>();
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
    if (rooms.putIfAbsent(room.id(), room) != null) {
      return;
    }
    firstRecordOffsets.put(room.id(), record.offset());
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
      removeFrom(formerMembers, roomId, username);
    } else {
      removeFrom(membersByRoom, roomId, username);
      removeFrom(roomsByUser, username, roomId);
      formerMembers.computeIfAbsent(roomId, k -> new HashSet<>()).add(username);
    }
    completeArrived(roomId);
    RoomRecord room = rooms.get(roomId);
    if (live && room != null) {
      liveChange.accept(room);
    }
  }

  /** Whether the room's record in force is the one at {@code offset} of the rooms topic (a creator's own write). */
  boolean firstRecordAt(String roomId, long offset) {
    Long first = firstRecordOffsets.get(roomId);
    return first != null && first == offset;
  }

  /**
   * Completes once all of {@code people} are members of the room (at once if they are), or fails after
   * {@code timeoutMs}.
   */
  Future<Void> membersArrived(String roomId, Collection<String> people, long timeoutMs) {
    if (members(roomId).containsAll(people)) {
      return Future.succeededFuture();
    }
    MembersAwaited waiting = new MembersAwaited(roomId, List.copyOf(people), Promise.promise());
    awaited.add(waiting);
    return waiting.arrived().future().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .onFailure(e -> awaited.remove(waiting));
  }

  private void completeArrived(String roomId) {
    List<MembersAwaited> done = awaited.stream()
        .filter(waiting -> waiting.roomId().equals(roomId) && members(roomId).containsAll(waiting.people()))
        .toList();
    awaited.removeAll(done);
    done.forEach(waiting -> waiting.arrived().complete());
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

  /** Whether the user was a member of the room once and left it (and has not joined again). */
  boolean left(String roomId, String username) {
    return formerMembers.getOrDefault(roomId, Set.of()).contains(username);
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
