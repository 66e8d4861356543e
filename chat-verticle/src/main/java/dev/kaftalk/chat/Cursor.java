package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;

/**
 * A message's position in its room: the Kafka offset of its record, as a decimal string. A room is one record key
 * and so lives in one partition, where offsets order its messages; clients treat the string as opaque.
 */
final class Cursor {

  private Cursor() {
  }

  static String format(long offset) {
    return Long.toString(offset);
  }

  /** @return the offset, or null if {@code value} is absent; @throws ServiceException 400 for anything but a cursor */
  static Long parseOptional(Object value, String field) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    try {
      long offset = Long.parseLong(text);
      if (offset >= 0 && text.equals(Long.toString(offset))) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as a negative or padded number.
    }
    throw ServiceException.badRequest(field + " is not a valid cursor");
  }
}
