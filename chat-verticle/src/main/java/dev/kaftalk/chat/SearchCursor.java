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

  static String format(FieldDoc last) {
    return last.fields[0] + "." + last.fields[1] + "." + last.fields[2];
  }

  /** @return null if absent; @throws ServiceException 400 for anything but a cursor this class made */
  static FieldDoc parseOptional(Object value) {
    if (value == null) {
      return null;
    }
    Matcher m = FORMAT.matcher(value.toString());
    try {
      if (m.matches()) {
        // The doc id breaks ties only between equal sort values, which no other message has.
        return new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {Long.parseLong(m.group(1)),
            Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))});
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as any other malformed cursor.
    }
    throw ServiceException.badRequest("before is not a valid search cursor");
  }
}
