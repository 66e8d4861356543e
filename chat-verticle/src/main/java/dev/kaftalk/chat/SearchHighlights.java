package dev.kaftalk.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Where a message's text matched a search: the message is analyzed again as it was indexed, and every word whose
 * folded form is a searched word or starts with a searched prefix is returned as {@code {start, end}}, half-open
 * UTF-16 offsets into the text. Offsets rather than marked-up text, so no message text is ever sent as HTML.
 */
final class SearchHighlights {

  private static final MessageAnalyzer ANALYZER = new MessageAnalyzer();

  private SearchHighlights() {
  }

  static JsonArray of(String text, Set<String> terms, Set<String> prefixes) {
    JsonArray highlights = new JsonArray();
    if (text != null && !(terms.isEmpty() && prefixes.isEmpty())) {
      ANALYZER.eachWord(text, (word, start, end) -> {
        if (terms.contains(word) || prefixes.stream().anyMatch(word::startsWith)) {
          highlights.add(new JsonObject().put("start", start).put("end", end));
        }
      });
    }
    return highlights;
  }
}
