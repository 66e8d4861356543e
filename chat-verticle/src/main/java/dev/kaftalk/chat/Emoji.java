package dev.kaftalk.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.BreakIterator;

/**
 * What counts as one reaction: a single emoji as a user sees it (one extended grapheme cluster, so a family, a flag,
 * a skin tone or a keycap is one), never free text. ICU rather than the JDK: Java 17's BreakIterator splits
 * emoji ZWJ sequences.
 */
final class Emoji {

  /** The longest emoji sequences (families with skin tones) are about 35 UTF-16 units. */
  private static final int MAX_CHARS = 40;
  private static final int VARIATION_SELECTOR_16 = 0xFE0F;

  private Emoji() {
  }

  static boolean isOne(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_CHARS) {
      return false;
    }
    BreakIterator graphemes = BreakIterator.getCharacterInstance();
    graphemes.setText(value);
    if (graphemes.next() != value.length()) {
      return false;
    }
    int first = value.codePointAt(0);
    boolean presented = value.indexOf(VARIATION_SELECTOR_16) >= 0;
    return UCharacter.hasBinaryProperty(first, UProperty.EMOJI_PRESENTATION)
        || UCharacter.hasBinaryProperty(first, UProperty.REGIONAL_INDICATOR) && value.codePointCount(0, value.length()) == 2
        || presented && UCharacter.hasBinaryProperty(first, UProperty.EMOJI);
  }
}
