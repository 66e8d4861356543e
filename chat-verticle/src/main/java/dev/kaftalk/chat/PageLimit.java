package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;

/** A request's page size: a number or, as a query string gives it, a numeric string, within bounds. */
final class PageLimit {

  private PageLimit() {
  }

  /** @throws ServiceException 400 unless {@code value} is absent (the default) or a whole number in [1, max] */
  static int parse(Object value, int defaultLimit, int max) {
    if (value == null) {
      return defaultLimit;
    }
    try {
      int limit = value instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue()
          : Integer.parseInt(value.toString());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as an out-of-range number.
    }
    throw ServiceException.badRequest("limit must be between 1 and " + max);
  }
}
