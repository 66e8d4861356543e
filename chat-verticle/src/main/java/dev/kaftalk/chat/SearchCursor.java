package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;
import org.apache.lucene.search.FieldDoc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of search results ends, as the opaque {@code next} a client passes back as {@code before}: the last
 * result's place in the results' order (time, then partition and offset, which no two messages share).
 */
final class SearchCursor {

  private static final Pattern FORMAT = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,9})\\.(\\d{1,19})");

  private SearchCursor() {
  }

  /** The next page starts after this: its doc id is past every other, so only sort values decide. */
  static FieldDoc after(Object[] last, int maxDoc) {
    return new FieldDoc(maxDoc - 1, Float.NaN, last);
  }

  static String format(FieldDoc last) {
    return last.fields[0] + "." + last.fields[1] + "." + last.fields[2];
  }

  /**
   * The sort values of the last result, or null if {@code value} is absent.
   *
   * @throws ServiceException 400 for anything but a cursor this class made
   */
  static Object[] parseOptional(Object value) {
    if (value == null) {
      return null;
    }
    Matcher m = FORMAT.matcher(value.toString());
    try {
      if (m.matches()) {
        return new Object[] {Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))};
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as any other malformed cursor.
    }
    throw ServiceException.badRequest("before is not a valid search cursor");
  }
}
