package dev.kaftalk.chat;

import dev.kaftalk.model.Attention;
import dev.kaftalk.model.ChatMessage;

/**
 * Reads the facts {@link Attention#of} needs about one member and one message from this instance's state (quiet
 * hours, notification levels, the room's kind), all judged at the message's {@code ts}, so the live gate, the rebuild
 * of a buffer and an urgent break-through get the same answer for the same message. Event-loop confined.
 */
final class MemberAttention {

  private final RoomDirectory directory;
  private final QuietGate gate;
  private final NotificationLevels levels;

  MemberAttention(RoomDirectory directory, QuietGate gate, NotificationLevels levels) {
    this.directory = directory;
    this.gate = gate;
    this.levels = levels;
  }

  /** @param urgent an urgent break-through of this message was granted to {@code member} */
  Attention of(String member, ChatMessage message, boolean urgent) {
    return Attention.of(new Attention.Facts(member.equals(message.author()), gate.quietAt(member, message.ts()),
        levels.levelAt(message.roomId(), member, message.ts()), message.mentions().contains(member),
        directory.isDm(message.roomId()), urgent));
  }
}
