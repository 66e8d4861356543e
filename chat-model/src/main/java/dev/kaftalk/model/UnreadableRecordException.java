package dev.kaftalk.model;

/**
 * A Kafka record this version cannot read: malformed, or of a type written by a newer version. Readers skip it with a
 * warning rather than stop, so one bad record never blocks a topic.
 */
public final class UnreadableRecordException extends RuntimeException {

  public UnreadableRecordException(String message) {
    super(message, null, false, false);
  }
}
