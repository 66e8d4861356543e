package dev.kaftalk.dnd;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A quiet user's buffer: sorted references without duplicates, and what 10,000 of them cost. */
class StretchTest {

  @Test
  void referencesStaySortedPerRoomAndARebuildAddsNoDuplicates() {
    Stretch stretch = new Stretch(0, false);
    stretch.add("b", 7, false);
    stretch.add("a", 3, false);
    stretch.add("b", 9, false);
    stretch.addAll(new JsonArray().add(new JsonObject().put("roomId", "b").put("offsets", new JsonArray(List.of(2, 7, 9))))
        .add(new JsonObject().put("roomId", "a").put("offsets", new JsonArray(List.of(1, 3)))));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("roomId", "b").put("offsets", new JsonArray(List.of(2L, 7L, 9L))))
        .add(new JsonObject().put("roomId", "a").put("offsets", new JsonArray(List.of(1L, 3L)))), stretch.refs());
    assertEquals(5, stretch.size());
  }

  @Test
  void notifyingReferencesTravelAlongAndAnUrgentDeliveryTakesOneOut() {
    Stretch stretch = new Stretch(0, false);
    stretch.add("a", 3, true);
    stretch.add("a", 4, false);
    stretch.addAll(new JsonArray().add(new JsonObject().put("roomId", "a").put("offsets", new JsonArray(List.of(5, 6)))
        .put("notify", new JsonArray(List.of(6)))));
    assertTrue(stretch.remove("a", 3));
    assertFalse(stretch.remove("a", 3), "gone once taken out");
    assertFalse(stretch.remove("elsewhere", 4));
    assertEquals(new JsonArray().add(new JsonObject().put("roomId", "a").put("offsets", new JsonArray(List.of(4L, 5L, 6L)))
        .put("notify", new JsonArray(List.of(6L)))), stretch.refs());
  }

  /** Measures the heap 10,000 buffered messages in 20 rooms add, over 50 such users to drown the noise. */
  @Test
  void tenThousandBufferedMessagesTakeAboutEightBytesEach() {
    int users = 50;
    int messages = 10_000;
    List<Stretch> kept = new ArrayList<>();
    long before = usedHeapAfterGc();
    for (int u = 0; u < users; u++) {
      Stretch stretch = new Stretch(0, true);
      for (int n = 0; n < messages; n++) {
        stretch.add("room-" + (n % 20), 1_000_000L + n, false);
      }
      kept.add(stretch);
    }
    long perUser = (usedHeapAfterGc() - before) / users;
    LoggerFactory.getLogger(StretchTest.class).info(
        "MEASURED: a quiet user's buffer of {} messages in 20 rooms takes {} bytes ({} per message)",
        messages, perUser, String.format("%.1f", perUser / (double) messages));
    assertEquals(users, kept.size());
    assertTrue(perUser < 20 * messages, "took " + perUser + " bytes per user");
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
