package dev.kaftalk.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gate rule over the full product of its inputs (2 x 2 x 3 x 2 x 2 x 2 = 96 cases), against the table README's
 * "Quiet hours" section shows. Each case must match exactly one row of the table; {@code *} matches anything.
 */
class AttentionTest {

  /** author | quiet | level | mentioned | dm | urgent -> outcome; the order of rows does not matter. */
  private static final String TABLE = """
      yes | *   | *        | *   | *   | *   | LIVE_SILENT
      no  | no  | all      | *   | *   | *   | LIVE_NOTIFY
      no  | no  | mentions | yes | *   | *   | LIVE_NOTIFY
      no  | no  | mentions | no  | yes | *   | LIVE_NOTIFY
      no  | no  | mentions | no  | no  | *   | LIVE_SILENT
      no  | no  | none     | *   | *   | *   | LIVE_SILENT
      no  | yes | all      | *   | *   | yes | LIVE_URGENT
      no  | yes | mentions | *   | *   | yes | LIVE_URGENT
      no  | yes | none     | *   | *   | yes | BATCHED_SILENT
      no  | yes | all      | *   | *   | no  | BATCHED_NOTIFY
      no  | yes | mentions | yes | *   | no  | BATCHED_NOTIFY
      no  | yes | mentions | no  | yes | no  | BATCHED_NOTIFY
      no  | yes | mentions | no  | no  | no  | BATCHED_SILENT
      no  | yes | none     | *   | *   | no  | BATCHED_SILENT
      """;

  @Test
  void everyCaseMatchesExactlyOneRowOfTheTable() {
    List<String[]> rows = TABLE.lines().map(line -> line.split("\\s*\\|\\s*")).map(r -> {
      r[0] = r[0].strip();
      return r;
    }).toList();
    int cases = 0;
    for (boolean author : new boolean[] {false, true}) {
      for (boolean quiet : new boolean[] {false, true}) {
        for (NotificationLevel level : NotificationLevel.values()) {
          for (boolean mentioned : new boolean[] {false, true}) {
            for (boolean dm : new boolean[] {false, true}) {
              for (boolean urgent : new boolean[] {false, true}) {
                String[] input = {yesNo(author), yesNo(quiet), level.wire(), yesNo(mentioned), yesNo(dm), yesNo(urgent)};
                List<String> outcomes = new ArrayList<>();
                rows.stream().filter(row -> matches(row, input)).forEach(row -> outcomes.add(row[6]));
                Attention.Facts facts = new Attention.Facts(author, quiet, level, mentioned, dm, urgent);
                assertEquals(1, outcomes.size(), "rows matching " + facts);
                assertEquals(Attention.valueOf(outcomes.get(0)), Attention.of(facts), facts.toString());
                cases++;
              }
            }
          }
        }
      }
    }
    assertEquals(96, cases);
  }

  @Test
  void theWireNamesOfNotify() {
    assertEquals("none", Attention.BATCHED_SILENT.call().wire());
    assertEquals("normal", Attention.LIVE_NOTIFY.call().wire());
    assertEquals("urgent", Attention.LIVE_URGENT.call().wire());
  }

  private static boolean matches(String[] row, String[] input) {
    for (int i = 0; i < input.length; i++) {
      if (!row[i].equals("*") && !row[i].equals(input[i])) {
        return false;
      }
    }
    return true;
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
