package dev.kaftalk.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomTimelineTest {

  private static StoredMessage at(long offset, String clientMsgId) {
    return new StoredMessage(offset, offset, offset, offset * 1000, "alice", clientMsgId, "m" + offset, null);
  }

  private static RoomTimeline room(int dedupCapacity) {
    return new RoomTimeline("r", dedupCapacity, 1000, 0, 0);
  }

  private static List<Long> offsets(List<StoredMessage> page) {
    return page.stream().map(StoredMessage::offset).toList();
  }

  /** Offsets 10, 12, ..., 28: a room shares its partition with others, so its offsets have gaps. */
  private static RoomTimeline tenMessages() {
    RoomTimeline room = room(3);
    for (long offset = 10; offset < 30; offset += 2) {
      room.append(at(offset, "c" + offset));
    }
    return room;
  }

  @Test
  void pagesByCursorWithGaps() {
    RoomTimeline room = tenMessages();
    assertEquals(List.of(24L, 26L, 28L), offsets(room.page(null, null, 3)));
    assertEquals(List.of(14L, 16L, 18L), offsets(room.page(20L, null, 3)));
    assertEquals(List.of(14L, 16L, 18L), offsets(room.page(19L, null, 3)));
    assertEquals(List.of(22L, 24L), offsets(room.page(null, 20L, 2)));
    assertEquals(List.of(22L), offsets(room.page(24L, 20L, 5)));
    assertEquals(List.of(), offsets(room.page(null, 28L, 5)));
    assertEquals(List.of(10L, 12L), offsets(room.page(14L, null, 50)));
  }

  @Test
  void firstOccurrenceWinsWithinTheDedupWindow() {
    RoomTimeline room = room(2);
    StoredMessage original = at(1, "a");
    room.append(original);
    assertFalse(room.append(at(2, "a")));
    assertSame(original, room.find("alice", "a"));
    room.append(at(3, "b"));
    room.append(at(4, "c"));
    assertEquals(null, room.find("alice", "a"), "evicted after two newer pairs");
    assertEquals(List.of(1L, 3L, 4L), offsets(room.page(null, null, 10)));
  }

  @Test
  void trimsMessagesPastRetention() {
    RoomTimeline room = tenMessages();
    room.trimBefore(20_000);
    assertEquals(List.of(20L, 22L, 24L, 26L, 28L), offsets(room.page(null, null, 50)));
  }

  @Test
  void holdsTheNewestMessagesAndRemembersWhatWentToKafka() {
    RoomTimeline room = new RoomTimeline("r", 100, 4, 0, 10);
    for (long offset = 10; offset < 30; offset += 2) {
      room.append(at(offset, "c" + offset));
    }
    room.append(at(31, "c28"));
    assertEquals(List.of(22L, 24L, 26L, 28L), offsets(room.page(null, null, 50)), "trimmed back to 4 after 6");
    assertEquals(22L, room.coldBefore());
    assertEquals(10L, room.firstOffset());
    assertTrue(room.hasCold());
    assertTrue(room.skipped(31), "the resend of c28 is remembered as skipped");
    assertFalse(room.skipped(28));
  }
}
