package dev.kaftalk.chat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EmojiTest {

  private static final String HEART = "\u2764\uFE0F";
  private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
  private static final String FLAG_FR = "\uD83C\uDDEB\uD83C\uDDF7";
  private static final String THUMBS_DARK = "\uD83D\uDC4D\uD83C\uDFFF";
  private static final String KEYCAP_ONE = "1\uFE0F\u20E3";
  private static final String GRIN = "\uD83D\uDE00";

  @Test
  void keepsOneRecommendedEmojiAsItIs() {
    for (String emoji : new String[] {GRIN, HEART, FAMILY, FLAG_FR, THUMBS_DARK, KEYCAP_ONE}) {
      assertEquals(emoji, Emoji.canonical(emoji), emoji);
    }
  }

  @Test
  void countsTheSameEmojiTypedWithOrWithoutItsVariationSelectorAsOne() {
    assertEquals(HEART, Emoji.canonical("\u2764"), "a bare heart is the heart reaction");
    assertEquals(KEYCAP_ONE, Emoji.canonical("1\u20E3"));
    assertEquals(GRIN, Emoji.canonical(GRIN + "\uFE0F"), "an emoji shown as emoji anyway needs no selector");
  }

  @Test
  void refusesWhatIsNotOneEmoji() {
    for (String text : new String[] {null, "", "ok", "1", "1\uFE0F", "\uFE0F", GRIN + GRIN, GRIN + "\u0301",
        GRIN + "\u200D", "\uD83C\uDDEB", "<b>", "\uD83D", GRIN.repeat(30)}) {
      assertNull(Emoji.canonical(text), String.valueOf(text));
    }
  }
}
