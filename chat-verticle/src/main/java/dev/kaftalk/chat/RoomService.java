package dev.kaftalk.chat;

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
import java.util.UUID;

/**
 * Creating, listing, joining and leaving rooms. A membership change is written twice: as state to the compacted
 * {@link Topics#MEMBERSHIPS}, and as a "joined"/"left" event to the room's timeline so that it is ordered with the
 * room's messages. The event goes first: if the state write then fails, a retry still finds the user outside and
 * writes both again, rather than an event that never happens.
 */
final class RoomService {

  private static final Logger LOG = LoggerFactory.getLogger(RoomService.class);

  private final RoomDirectory directory;
  private final Membership membership;
  private final Presence presence;
  private final QuietStatus quietStatus;
  private final EventLog log;
  private final int maxNameChars;

  RoomService(RoomDirectory directory, Membership membership, Presence presence, QuietStatus quietStatus, EventLog log,
              int maxNameChars) {
    this.quietStatus = quietStatus;
    this.directory = directory;
    this.presence = presence;
    this.log = log;
    this.membership = membership;
    this.maxNameChars = maxNameChars;
  }

  Future<JsonObject> create(Message<?> msg) {
    String user = Requests.user(msg);
    String name = Requests.body(msg).getValue("name") instanceof String s ? s.strip() : "";
    if (name.isEmpty() || name.length() > maxNameChars) {
      throw ServiceException.badRequest("Room name must be 1-" + maxNameChars + " characters");
    }
    String id = UUID.randomUUID().toString();
    RoomRecord room = new RoomRecord(id, name, user, System.currentTimeMillis());
    return log.append(Topics.ROOMS, id, room)
        .compose(meta -> setMembership(id, user, true))
        .map(v -> {
          LOG.info("User {} created room {}", user, id);
          return new JsonObject().put("id", id).put("name", name);
        });
  }

  Future<JsonArray> list(Message<?> msg) {
    String user = Requests.user(msg);
    JsonArray list = new JsonArray();
    directory.rooms().stream()
        .sorted(Comparator.comparing(RoomRecord::name).thenComparing(RoomRecord::id))
        .forEach(room -> {
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
          list.add(new JsonObject().put("id", room.id()).put("name", room.name())
              .put("createdBy", room.createdBy())
              .put("memberCount", directory.members(room.id()).size())
              .put("joined", directory.isMember(room.id(), user))
              .put("online", online)
              .put("quiet", quiet));
        });
    return Future.succeededFuture(list);
  }

  Future<Void> join(Message<?> msg) {
    return changeMembership(msg, true);
  }

  Future<Void> leave(Message<?> msg) {
    return changeMembership(msg, false);
  }

  Future<JsonObject> memberCheck(Message<?> msg) {
    return membership.requireMember(Requests.requiredString(Requests.body(msg), "roomId"), Requests.user(msg))
        .map(room -> new JsonObject().put("member", true));
  }

  private Future<Void> changeMembership(Message<?> msg, boolean member) {
    String user = Requests.user(msg);
    return membership.room(Requests.requiredString(Requests.body(msg), "roomId")).map(RoomRecord::id).compose(roomId -> {
      if (directory.isMember(roomId, user) == member) {
        return Future.succeededFuture();
      }
      return setMembership(roomId, user, member)
          .onSuccess(v -> LOG.info("User {} {} room {}", user, member ? "joined" : "left", roomId));
    });
  }

  private Future<Void> setMembership(String roomId, String user, boolean member) {
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
