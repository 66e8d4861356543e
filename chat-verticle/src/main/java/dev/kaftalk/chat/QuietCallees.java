package dev.kaftalk.chat;

import dev.kaftalk.model.Attention;
import dev.kaftalk.model.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The people a message calls (everyone else in a direct message, the mentioned in a room) who are quiet at its
 * {@code ts}, and whether an urgent resend would reach each of them now: their {@code breakThrough} lets this sender
 * through for this kind of message, the sender has not used up today's quota with them, and the rule gives
 * {@link Attention#LIVE_URGENT} (a room they set to level none is never pierced). Event-loop confined.
 */
final class QuietCallees {

  /** @param canNotify an urgent resend now would push the message to them live */
  record Callee(String username, long until, boolean canNotify, boolean granted) {
  }

  private final RoomDirectory directory;
  private final QuietGate gate;
  private final MemberAttention attention;
  private final UrgentLedger ledger;

  QuietCallees(RoomDirectory directory, QuietGate gate, MemberAttention attention, UrgentLedger ledger) {
    this.directory = directory;
    this.gate = gate;
    this.attention = attention;
    this.ledger = ledger;
  }

  /** @param now decides the UTC day of the quota */
  List<Callee> of(ChatMessage message, long now) {
    boolean dm = directory.isDm(message.roomId());
    Collection<String> called = dm ? directory.members(message.roomId()) : message.mentions();
    List<Callee> quiet = new ArrayList<>();
    for (String user : called) {
      if (user.equals(message.author()) || !gate.quietAt(user, message.ts())) {
        continue;
      }
      boolean canNotify = gate.breakThrough(user).allows(dm)
          && ledger.used(message.author(), user, now) < gate.breakThrough(user).maxPerSenderPerDay()
          && attention.of(user, message, true) == Attention.LIVE_URGENT;
      quiet.add(new Callee(user, gate.quietUntil(user, message.ts()), canNotify, ledger.granted(user, message.id())));
    }
    return quiet;
  }

  /** Why an urgent message of this room calls its recipients: {@code dm} or {@code mention}. */
  String reason(ChatMessage message) {
    return directory.isDm(message.roomId()) ? "dm" : "mention";
  }

  /** A send's answer gains {@code quiet:[{username, until, canNotify}]} when the message calls someone quiet. */
  JsonObject withQuiet(JsonObject answer, long now) {
    ChatMessage message = ChatMessage.fromRecord(answer.getJsonObject("message"));
    List<Callee> quiet = of(message, now);
    if (quiet.isEmpty()) {
      return answer;
    }
    JsonArray list = new JsonArray();
    quiet.forEach(c -> list.add(new JsonObject().put("username", c.username()).put("until", c.until())
        .put("canNotify", c.canNotify() && !c.granted())));
    return answer.put("quiet", list);
  }
}
