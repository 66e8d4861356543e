package dev.kaftalk.model;

/**
 * How one record shape travels as a Kafka key or value: UTF-8 text (JSON for values).
 *
 * @param <T> the record shape
 */
public interface Codec<T> {

  String encode(T value);

  /** @throws UnreadableRecordException if {@code text} is not a {@code T} this version can read */
  T decode(String text);

  /** Keys that are plain strings (username, room id). */
  Codec<String> STRING = new Codec<>() {
    @Override
    public String encode(String value) {
      return value;
    }

    @Override
    public String decode(String text) {
      return text;
    }
  };
}
