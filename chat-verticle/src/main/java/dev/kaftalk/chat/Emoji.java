package dev.kaftalk.chat;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;

/**
 * What counts as one reaction: one emoji from Unicode's recommended set (RGI: what keyboards and pickers offer, so a
 * family, a flag, a skin tone or a keycap is one), never free text and never an emoji with marks stacked on it.
 * Reactions are counted by their text, so each is kept in its fully-qualified form: a heart typed without its
 * emoji variation selector and one typed with it are the same reaction.
 */
final class Emoji {

  /** The longest RGI sequences (families with skin tones) are about 35 UTF-16 units. */
  private static final int MAX_CHARS = 40;
  private static final String VARIATION_SELECTOR_16 = "\uFE0F";

  private Emoji() {
  }

  /** The fully-qualified form of {@code value} when it is a single recommended emoji, else null. */
  static String canonical(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_CHARS) {
      return null;
    }
    if (isRecommended(value)) {
      return value;
    }
    String bare = value.replace(VARIATION_SELECTOR_16, "");
    if (bare.isEmpty() || isRecommended(bare)) {
      return bare.isEmpty() ? null : bare;
    }
    int first = bare.offsetByCodePoints(0, 1);
    String qualified = bare.substring(0, first) + VARIATION_SELECTOR_16 + bare.substring(first);
    return isRecommended(qualified) ? qualified : null;
  }

  private static boolean isRecommended(String value) {
    return UCharacter.hasBinaryProperty(value, UProperty.RGI_EMOJI);
  }
}
