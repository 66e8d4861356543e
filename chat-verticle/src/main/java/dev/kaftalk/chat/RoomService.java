package dev.kaftalk.chat;

import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.MembershipRecord;
import dev.kaftalk.model.Requests;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Creating, listing, joining, inviting to and leaving rooms. A membership change is written twice: as state to the
 * compacted {@link Topics#MEMBERSHIPS}, and as a "joined"/"left" event to the room's timeline so that it is ordered
 * with the room's messages. The event goes first: if the state write then fails, a retry still finds the user outside
 * and writes both again, rather than an event that never happens.
 *
 * <p>Changes to one user's membership of one room take turns on this instance, each deciding on what the one before it
 * wrote: two tabs joining at the same moment write one join. Two instances may still both write one (neither has read
 * the other's yet); the history store folds a "joined" of someone the timeline already has in the room, and a "left"
 * of someone it has out, into nothing ({@link HistoryStore}).
 *
 * <p>Private rooms and direct messages are hidden: listed, joinable and readable only by their members, and a
 * non-member asking by id is told there is no such room (404, never 403).
 */
final class RoomService {

  private static final Logger LOG = LoggerFactory.getLogger(RoomService.class);

  private final RoomDirectory directory;
  private final Membership membership;
  private final AccountService accounts;
  private final Presence presence;
  private final QuietStatus quietStatus;
  private final EventLog log;
  private final Mentions mentions;
  private final int maxNameChars;
  private final InTurn<MembershipKey> changes = new InTurn<>();

  RoomService(RoomDirectory directory, Membership membership, AccountService accounts, Presence presence,
              QuietStatus quietStatus, EventLog log, Mentions mentions, int maxNameChars) {
    this.mentions = mentions;
    this.accounts = accounts;
    this.quietStatus = quietStatus;
    this.directory = directory;
    this.presence = presence;
    this.log = log;
    this.membership = membership;
    this.maxNameChars = maxNameChars;
  }

  /**
   * A public room's id follows from its name, so two people creating the same name through two instances at once
   * get one room; a name already taken by a public room (any case) is 409 once this instance has caught up.
   */
  Future<JsonObject> create(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String name = body.getValue("name") instanceof String s ? s.strip() : "";
    if (name.isEmpty() || name.length() > maxNameChars) {
      throw ServiceException.badRequest("Room name must be 1-" + maxNameChars + " characters");
    }
    Object privateFlag = body.getValue("private");
    if (privateFlag != null && !(privateFlag instanceof Boolean)) {
      throw ServiceException.badRequest("private must be true or false");
    }
    boolean hidden = Boolean.TRUE.equals(privateFlag);
    String id = hidden ? UUID.randomUUID().toString() : RoomIds.publicRoom(name);
    RoomRecord room = new RoomRecord(id, name, user, System.currentTimeMillis(), RoomRecord.Kind.ROOM, hidden,
        List.of());
    return (hidden ? Future.<Void>succeededFuture() : membership.caughtUp().map(v -> {
      if (directory.publicNameTaken(name)) {
        throw ServiceException.conflict("A room named " + name + " exists already; join it or choose another name");
      }
      return v;
    }))
        .compose(v -> record(room))
        .compose(recorded -> setMembership(id, user, true).map(recorded))
        .map(recorded -> {
          LOG.info("User {} {} {} room {}", user, recorded.first() ? "created" : "joined, as it was created elsewhere,",
              hidden ? "private" : "public", id);
          return new JsonObject().put("id", id).put("name", recorded.room().name()).put("kind", room.kind().json())
              .put("private", hidden);
        });
  }

  /** What writing a new room's record came to: the record in force, and whether it is the one written. */
  record Recorded(RoomRecord room, boolean first) {
  }

  /**
   * Writes a new room's record. Another instance creating the same id at the same moment may have written first:
   * its record stays in force on every instance ({@link RoomDirectory}), and this one writes it again, so that
   * compaction, which keeps a key's last record, keeps it too.
   */
  Future<Recorded> record(RoomRecord room) {
    return log.append(Topics.ROOMS, room.id(), room).compose(meta -> {
      RoomRecord inForce = directory.require(room.id());
      if (directory.firstRecordAt(room.id(), meta.getOffset())) {
        return Future.succeededFuture(new Recorded(inForce, true));
      }
      LOG.info("Room {} was created elsewhere a moment earlier; keeping that record", room.id());
      return log.send(Topics.ROOMS, room.id(), inForce).map(new Recorded(inForce, false));
    });
  }

  /** Public rooms, and the private rooms and direct messages the user is in. */
  Future<JsonArray> list(Message<?> msg) {
    String user = Requests.user(msg);
    JsonArray list = new JsonArray();
    directory.rooms().stream()
        .filter(room -> directory.visibleTo(room, user))
        .sorted(Comparator.comparing(RoomRecord::name).thenComparing(RoomRecord::id))
        .forEach(room -> list.add(view(room, user)));
    return Future.succeededFuture(list);
  }

  /** A room as {@code GET /api/rooms} shows it to {@code user}. */
  JsonObject view(RoomRecord room, String user) {
    JsonArray online = new JsonArray();
    JsonArray quiet = new JsonArray();
    directory.members(room.id()).stream().sorted().forEach(member -> {
      if (presence.isOnline(member)) {
        online.add(member);
      }
      Long until = quietStatus.quietUntil(member);
      if (until != null) {
        quiet.add(new JsonObject().put("username", member).put("until", until));
      }
    });
    JsonObject view = new JsonObject().put("id", room.id()).put("name", room.name())
        .put("kind", room.kind().json())
        .put("private", room.hidden())
        .put("createdBy", room.createdBy())
        .put("memberCount", directory.members(room.id()).size())
        .put("joined", directory.isMember(room.id(), user))
        .put("online", online)
        .put("quiet", quiet)
        .put("roomMention", mentions.roomCallable(room.id()));
    if (room.kind() == RoomRecord.Kind.DM) {
      view.put("members", new JsonArray(room.members()));
    }
    return view;
  }

  /** Public rooms are open to all; a private room or direct message only to its members (404 for others). */
  Future<Void> join(Message<?> msg) {
    return changeMembership(msg, true);
  }

  Future<Void> leave(Message<?> msg) {
    return changeMembership(msg, false);
  }

  /**
   * A member adds someone to a room (private or public) at once, as Slack does for private channels: there is no
   * pending invitation to accept, and someone who leaves a private room needs a new invitation. The invitee's
   * sockets get the timeline's "joined" frame, so the room appears for them live. A direct message keeps the people
   * it was started with (400).
   */
  Future<Void> invite(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    if (!(body.getValue("username") instanceof String invitee) || invitee.isEmpty()) {
      throw ServiceException.badRequest("username must be the name of the person to invite");
    }
    return membership.requireMember(Requests.requiredString(body, "roomId"), user).compose(room -> {
      if (room.kind() == RoomRecord.Kind.DM) {
        throw ServiceException.badRequest("A direct message keeps its people; start a new one with everyone instead");
      }
      return knownUser(invitee).compose(v -> setMembership(room.id(), invitee, true)).map(changed -> {
        if (changed) {
          LOG.info("User {} added {} to room {}", user, invitee, room.id());
        }
        return null;
      });
    });
  }

  Future<JsonObject> memberCheck(Message<?> msg) {
    return membership.requireMember(Requests.requiredString(Requests.body(msg), "roomId"), Requests.user(msg))
        .map(room -> new JsonObject().put("member", true));
  }

  /** Completes if {@code username} has an account, here or, after catching up, anywhere; fails 404 otherwise. */
  Future<Void> knownUser(String username) {
    return accounts.exists(username) ? Future.succeededFuture() : membership.caughtUpWithAccounts().map(v -> {
      if (!accounts.exists(username)) {
        throw ServiceException.notFound("No such user: " + username);
      }
      return v;
    });
  }

  private Future<Void> changeMembership(Message<?> msg, boolean member) {
    String user = Requests.user(msg);
    String requested = Requests.requiredString(Requests.body(msg), "roomId");
    // Checked again in turn: a member of a private room who leaves and joins at once is out by the join's turn.
    return membership.visibleRoom(requested, user).map(RoomRecord::id)
        .compose(roomId -> setMembership(roomId, user, member, () -> directory.requireVisible(roomId, user))
            .map(changed -> {
              if (changed) {
                LOG.info("User {} {} room {}", user, member ? "joined" : "left", roomId);
              }
              return null;
            }));
  }

  /**
   * Makes {@code user} a member of the room, or not, unless this instance knows them to be so already, after every
   * change to the same membership asked for here before.
   *
   * @return whether this call wrote the change
   */
  Future<Boolean> setMembership(String roomId, String user, boolean member) {
    return setMembership(roomId, user, member, () -> { });
  }

  /** @param allowed throws (a {@link ServiceException}) if the change may not be made now, in its turn */
  private Future<Boolean> setMembership(String roomId, String user, boolean member, Runnable allowed) {
    return changes.run(new MembershipKey(roomId, user), () -> directory.isMember(roomId, user) == member
        ? Future.succeededFuture(false)
        : Future.succeededFuture().map(v -> {
          allowed.run();
          return v;
        }).compose(v -> write(roomId, user, member)).map(true));
  }

  private Future<Void> write(String roomId, String user, boolean member) {
    long now = System.currentTimeMillis();
    TimelineEvent event = member
        ? new TimelineEvent.Joined(roomId, user, now)
        : new TimelineEvent.Left(roomId, user, now);
    MembershipRecord state = new MembershipRecord(roomId, user, member, now);
    return log.send(Topics.MESSAGES, roomId, event)
        .compose(meta -> log.append(Topics.MEMBERSHIPS, state.key(), state))
        .mapEmpty();
  }
}
