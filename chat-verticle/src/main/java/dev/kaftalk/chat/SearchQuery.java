package dev.kaftalk.chat;

import dev.kaftalk.model.MediaRef;
import dev.kaftalk.model.ServiceException;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's search as typed: words (all must match), {@code "phrases"}, {@code prefix*}, and the operators
 * {@code from:username}, {@code in:room-name} (or {@code in:"room name"}), {@code has:image|voice} and
 * {@code before:|after:|on:YYYY-MM-DD} (days in the user's zone; before and after exclude the day itself, as in
 * Slack). Anything else with a colon is a word. Parsing never fails on free text; only an operator with a value it
 * cannot mean is refused (400).
 *
 * @param text       what the words, phrases and prefixes require of the message text; null if there are none
 * @param filters    what the operators other than {@code in:} require
 * @param roomNames  the {@code in:} room names, resolved against the user's rooms by the caller
 * @param terms      the folded words and phrase words, for highlighting
 * @param prefixes   the folded prefixes, for highlighting
 */
record SearchQuery(Query text, List<Query> filters, List<String> roomNames, Set<String> terms, Set<String> prefixes) {

  private static final MessageAnalyzer ANALYZER = new MessageAnalyzer();
  private static final QueryBuilder BUILDER = new QueryBuilder(ANALYZER);

  /** @throws ServiceException 400 for an operator value it cannot mean, or a query with nothing to search for */
  static SearchQuery parse(String input, ZoneId zone) {
    Builder query = new Builder(zone);
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = closingQuote(input, i + 1);
        query.phrase(input.substring(i + 1, end));
        i = end + 1;
      } else {
        int end = i;
        while (end < input.length() && !Character.isWhitespace(input.charAt(end))) {
          end++;
        }
        String token = input.substring(i, end);
        int colon = token.indexOf(':');
        String operator = colon > 0 ? token.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (Builder.OPERATORS.contains(operator)) {
          int valueStart = i + colon + 1;
          if (valueStart < input.length() && input.charAt(valueStart) == '"') {
            end = closingQuote(input, valueStart + 1);
            query.operator(operator, input.substring(valueStart + 1, end));
            end++;
          } else {
            query.operator(operator, token.substring(colon + 1));
          }
        } else {
          query.word(token);
        }
        i = end;
      }
    }
    return query.build();
  }

  private static int closingQuote(String input, int from) {
    int end = input.indexOf('"', from);
    return end < 0 ? input.length() : end;
  }

  private static final class Builder {

    static final Set<String> OPERATORS = Set.of("from", "in", "has", "before", "after", "on");

    private final ZoneId zone;
    private final BooleanQuery.Builder text = new BooleanQuery.Builder();
    private final List<Query> filters = new ArrayList<>();
    private final List<String> roomNames = new ArrayList<>();
    private final Set<String> terms = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();
    private boolean hasText;

    Builder(ZoneId zone) {
      this.zone = zone;
    }

    void word(String word) {
      if (word.length() > 1 && word.endsWith("*")) {
        prefix(word.substring(0, word.length() - 1));
      } else {
        phrase(word);
      }
    }

    /** One word may be several tokens ("e-mail", or a run of Han characters): they must then stand together. */
    void phrase(String words) {
      Query query = BUILDER.createPhraseQuery(HistoryDocuments.TEXT, words);
      if (query != null) {
        text.add(query, BooleanClause.Occur.MUST);
        terms.addAll(tokens(words));
        hasText = true;
      }
    }

    void prefix(String start) {
      BytesRef folded = ANALYZER.normalize(HistoryDocuments.TEXT, start);
      if (folded.length > 0) {
        text.add(new PrefixQuery(new Term(HistoryDocuments.TEXT, folded)), BooleanClause.Occur.MUST);
        prefixes.add(folded.utf8ToString());
        hasText = true;
      }
    }

    void operator(String operator, String value) {
      if (value.isBlank()) {
        throw ServiceException.badRequest(operator + ": needs a value");
      }
      switch (operator) {
        case "from" -> filters.add(KeywordField.newExactQuery(HistoryDocuments.AUTHOR,
            value.strip().replaceFirst("^@", "").toLowerCase(Locale.ROOT)));
        case "in" -> roomNames.add(value.strip().replaceFirst("^#", ""));
        case "has" -> filters.add(KeywordField.newExactQuery(HistoryDocuments.KIND, kind(value)));
        case "before" -> filters.add(LongField.newRangeQuery(HistoryDocuments.TS, Long.MIN_VALUE,
            startOf(day(operator, value)) - 1));
        case "after" -> filters.add(LongField.newRangeQuery(HistoryDocuments.TS,
            startOf(day(operator, value).plusDays(1)), Long.MAX_VALUE));
        case "on" -> {
          LocalDate day = day(operator, value);
          filters.add(LongField.newRangeQuery(HistoryDocuments.TS, startOf(day), startOf(day.plusDays(1)) - 1));
        }
        default -> throw new IllegalArgumentException(operator);
      }
    }

    SearchQuery build() {
      if (!hasText && filters.isEmpty() && roomNames.isEmpty()) {
        throw ServiceException.badRequest("Type a word to search for");
      }
      return new SearchQuery(hasText ? text.build() : new MatchAllDocsQuery(), List.copyOf(filters),
          List.copyOf(roomNames), Set.copyOf(terms), Set.copyOf(prefixes));
    }

    private long startOf(LocalDate day) {
      return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static String kind(String value) {
      String kind = value.toLowerCase(Locale.ROOT);
      if (kind.equals(MediaRef.IMAGE) || kind.equals(MediaRef.VOICE)) {
        return kind;
      }
      throw ServiceException.badRequest("has: takes image or voice");
    }

    private static LocalDate day(String operator, String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw ServiceException.badRequest(operator + ": takes a date such as 2026-12-31");
      }
    }

    private static List<String> tokens(String text) {
      List<String> tokens = new ArrayList<>();
      ANALYZER.eachWord(text, (word, start, end) -> tokens.add(word));
      return tokens;
    }
  }
}
