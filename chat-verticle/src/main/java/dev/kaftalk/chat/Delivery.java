package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.Attention;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.ConnectedUsers;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.SharedFrames;
import dev.kaftalk.model.TimelineEvent;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one place that pushes frames to inboxes on the local event bus. Every instance does this for every event, but
 * only for the users with a socket on this instance ({@link ConnectedUsers}): each frame goes to the edge once, with
 * its recipients ({@link SharedFrames#fanOut}), and each edge instance writes it to the sockets of those users that
 * registered their inbox with it, so each socket gets each frame once.
 *
 * <p>Message and typing frames pass the per-user quiet gate: each member gets what {@link Attention} decides for
 * them. A message a member is quiet for (at the message's {@code ts}) is not published to them but handed to the
 * quiet-hours service ({@link Addresses#DND_BUFFER}) with whether it notifies; that service buffers it or, if that
 * member's quiet stretch is already over, delivers it itself. Deciding here, once per member and message, is what
 * keeps a message from arriving both live and batched, or neither. The author's own tabs always get their message
 * live, silent. Typing frames to quiet members are dropped.
 */
final class Delivery {

  private final EventBus bus;
  private final RoomDirectory directory;
  private final QuietGate gate;
  private final MemberAttention attention;
  private final Clock clock;
  private final ConnectedUsers connected;

  Delivery(EventBus bus, RoomDirectory directory, QuietGate gate, MemberAttention attention, Clock clock,
           ConnectedUsers connected) {
    this.bus = bus;
    this.connected = connected;
    SharedFrames.register(bus);
    this.directory = directory;
    this.gate = gate;
    this.attention = attention;
    this.clock = clock;
  }

  /** At most one frame per {@code notify} value, each handed to the edge once with the members it is for. */
  void message(ChatMessage message, long offset) {
    JsonObject view = message.toJson();
    Map<Attention.Notify, List<String>> live = new EnumMap<>(Attention.Notify.class);
    for (String member : directory.members(message.roomId())) {
      Attention decided = attention.of(member, message, false);
      if (decided.live()) {
        live.computeIfAbsent(decided.call(), notify -> new ArrayList<>()).add(member);
      } else {
        bus.send(Addresses.DND_BUFFER, new JsonObject().put("username", member).put("roomId", message.roomId())
            .put("offset", offset).put("ts", message.ts()).put("notify", decided.notifies()));
      }
    }
    live.forEach((notify, members) -> push(members.stream(), Frames.message(view, notify)));
  }

  /**
   * An urgent break-through was granted: each recipient for whom the rule now says {@link Attention#LIVE_URGENT} (still
   * quiet for it, level not none) gets it live through the quiet-hours service, which takes it out of their buffer
   * first, so it arrives once. Those not quiet for it had it live already.
   */
  void urgent(TimelineEvent.Urgent event, ChatMessage message) {
    long offset = Long.parseLong(message.cursor());
    for (String member : event.to()) {
      if (directory.isMember(message.roomId(), member)
          && attention.of(member, message, true) == Attention.LIVE_URGENT) {
        bus.send(Addresses.DND_URGENT, new JsonObject().put("username", member).put("roomId", message.roomId())
            .put("offset", offset).put("by", event.username()).put("reason", event.reason()));
      }
    }
  }

  /**
   * An edit, delete or reaction: to the members not quiet now. A quiet member's batch and history carry the message
   * as it stands when they read it, so a change is never pushed into quiet hours.
   */
  void change(ChatMessage message, JsonObject frame) {
    long now = clock.millis();
    push(directory.members(message.roomId()).stream().filter(member -> !gate.quietAt(member, now)), frame);
  }

  void typing(String roomId, String typist) {
    long now = clock.millis();
    JsonObject frame = Frames.typing(roomId, typist);
    push(directory.members(roomId).stream().filter(member -> !member.equals(typist) && !gate.quietAt(member, now)),
        frame);
  }

  void toMembers(String roomId, JsonObject frame) {
    push(directory.members(roomId).stream(), frame);
  }

  /** To each of {@code users} (e.g. everyone with a socket on this instance). */
  void toUsers(Collection<String> users, JsonObject frame) {
    push(users.stream(), frame);
  }

  /** To the members and to {@code user}, who may have just joined or left. */
  void toMembersAnd(String roomId, String user, JsonObject frame) {
    push(Stream.concat(directory.members(roomId).stream().filter(member -> !member.equals(user)), Stream.of(user)),
        frame);
  }

  /**
   * One message to the edge for all of {@code users} that have an open inbox on this instance; a user without one
   * has no socket here, and their sockets elsewhere get the frame there.
   */
  private void push(Stream<String> users, JsonObject frame) {
    List<String> here = users.filter(connected::contains).toList();
    if (!here.isEmpty()) {
      SharedFrames.fanOut(bus, frame, here);
    }
  }
}
