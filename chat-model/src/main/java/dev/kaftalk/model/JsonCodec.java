package dev.kaftalk.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The codec of a record shape written as one JSON object. Reading turns every way a value can be malformed (not a
 * JSON object, a field of the wrong type, a required field missing) into {@link UnreadableRecordException}, so a
 * reader skips such a record with one warning instead of failing on a ClassCastException or NullPointerException.
 */
public final class JsonCodec<T> implements Codec<T> {

  /** Values that stay plain JSON objects, read by their own fields (the signals). */
  public static final Codec<JsonObject> OBJECT = of(json -> json, json -> json);

  private final Function<T, JsonObject> writer;
  private final Function<JsonObject, T> reader;

  private JsonCodec(Function<T, JsonObject> writer, Function<JsonObject, T> reader) {
    this.writer = writer;
    this.reader = reader;
  }

  /**
   * @param reader reads the shape from a JSON object; may throw {@link ClassCastException} for a field of the wrong
   *               type, and uses {@link #required} for the fields it cannot do without
   */
  public static <T> Codec<T> of(Function<T, JsonObject> writer, Function<JsonObject, T> reader) {
    return new JsonCodec<>(writer, reader);
  }

  /** The JSON object {@code text} holds. */
  public static JsonObject object(String text) {
    if (text == null) {
      throw new UnreadableRecordException("no value");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new UnreadableRecordException("not a JSON object");
    }
  }

  /** The string field a record cannot do without. */
  public static String required(JsonObject json, String field) {
    if (json.getValue(field) instanceof String s) {
      return s;
    }
    throw new UnreadableRecordException("record without a string '" + field + "'");
  }

  /** An optional list of strings, such as usernames; empty when absent. */
  static List<String> strings(JsonObject json, String field) {
    if (!(json.getValue(field, new JsonArray()) instanceof JsonArray array)) {
      throw new UnreadableRecordException("record whose '" + field + "' is not a list");
    }
    List<String> strings = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new UnreadableRecordException("record whose '" + field + "' holds something else than text");
      }
      strings.add(s);
    }
    return strings;
  }

  @Override
  public String encode(T value) {
    return writer.apply(value).encode();
  }

  @Override
  public T decode(String text) {
    JsonObject json = object(text);
    try {
      return reader.apply(json);
    } catch (ClassCastException e) {
      throw new UnreadableRecordException("record with a field of the wrong type");
    }
  }
}
