package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Direct messages: a hidden room whose people are fixed. The same set of people always gets the same conversation:
 * its id is derived from the sorted set ({@link RoomIds#directMessage}), so asking again, through any instance, or
 * two of them starting it at the same moment, all name one room. Racing starts both write its record; the first in
 * the log is in force everywhere, and only its writer writes the joins, so each person joins once.
 *
 * <p>Starting a conversation that exists brings back whoever of its people left it, and so does a message posted in
 * it ({@link #reopen}): leaving a direct message hides it until someone starts it again or writes in it, so nobody
 * writes into a conversation that no longer reaches the other side.
 */
final class DirectMessages {

  static final int MAX_OTHERS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(DirectMessages.class);

  private final RoomDirectory directory;
  private final Membership membership;
  private final RoomService rooms;

  DirectMessages(RoomDirectory directory, Membership membership, RoomService rooms) {
    this.directory = directory;
    this.membership = membership;
    this.rooms = rooms;
  }

  /**
   * Reply {@code {room, created}}: {@code created} when this request wrote the room, false when it existed. Only the
   * request whose room record came first writes its people's joins; one that lost the race, or found the room just
   * recorded, waits for them ({@link #firstJoins}), and writes whichever are still missing after that (the first
   * writer died, or someone left since).
   */
  Future<JsonObject> start(Message<?> msg) {
    String user = Requests.user(msg);
    SortedSet<String> people = people(user, Requests.body(msg).getValue("usernames"));
    String id = RoomIds.directMessage(people);
    return Future.all(people.stream().map(rooms::knownUser).toList())
        .compose(v -> membership.caughtUp())
        .compose(v -> {
          boolean exists = directory.has(id);
          Future<Boolean> wroteFirst = exists ? Future.succeededFuture(false) : rooms.record(
                  new RoomRecord(id, String.join(", ", people), null, System.currentTimeMillis(), RoomRecord.Kind.DM,
                      true, List.copyOf(people)))
              .map(RoomService.Recorded::first);
          return wroteFirst.compose(first -> first ? Future.succeededFuture() : firstJoins(id, people))
              .compose(w -> Future.all(people.stream()
                  .map(person -> rooms.setMembership(id, person, true))
                  .toList()))
              .map(all -> {
                if (!exists) {
                  LOG.info("User {} started direct message {} with {} people", user, id, people.size());
                }
                return new JsonObject().put("room", rooms.view(directory.require(id), user)).put("created", !exists);
              });
        });
  }

  /**
   * Brings back whoever of a direct message's people left it, before a message is posted in it: their joins are
   * written to the room's timeline ahead of the message, so they get the conversation back with the message unread.
   * Nothing for a room, or when everyone is still in.
   */
  Future<Void> reopen(RoomRecord room) {
    if (room.kind() != RoomRecord.Kind.DM) {
      return Future.succeededFuture();
    }
    // Only who left: someone whose first join the conversation's starter is still writing joins once, by that.
    List<String> left = room.members().stream().filter(person -> directory.left(room.id(), person)).toList();
    return left.isEmpty() ? Future.succeededFuture() : Future.all(left.stream()
        .map(person -> rooms.setMembership(room.id(), person, true))
        .toList())
        .onSuccess(v -> LOG.info("A message brought {} back into direct message {}", left, room.id()))
        .mapEmpty();
  }

  /**
   * Waits (at most {@code chat.applyTimeoutMs}) for the joins of whoever of {@code people} never was a member: the
   * request that wrote the room's record first writes them, and it may be a moment ahead of this one, here or on
   * another instance. Someone who left is brought back at once.
   */
  private Future<Void> firstJoins(String id, Collection<String> people) {
    List<String> pending = people.stream()
        .filter(person -> !directory.isMember(id, person) && !directory.left(id, person))
        .toList();
    return pending.isEmpty() ? Future.succeededFuture() : membership.membersArrived(id, pending);
  }

  /** The asker and the others named, checked: 1 to 8 others, usernames, no repeats, not the asker. */
  private static SortedSet<String> people(String user, Object usernames) {
    if (!(usernames instanceof JsonArray names) || names.isEmpty() || names.size() > MAX_OTHERS) {
      throw ServiceException.badRequest("usernames must be a list of 1 to " + MAX_OTHERS + " other people's names");
    }
    SortedSet<String> people = new TreeSet<>();
    for (Object name : names) {
      if (!(name instanceof String username) || username.isEmpty()) {
        throw ServiceException.badRequest("usernames must hold names, not " + (name == null ? "null" : "other values"));
      }
      if (username.equals(user)) {
        throw ServiceException.badRequest("Leave yourself out of usernames: you are in the conversation anyway");
      }
      if (!people.add(username)) {
        throw ServiceException.badRequest("usernames names " + username + " twice");
      }
    }
    people.add(user);
    return people;
  }
}
