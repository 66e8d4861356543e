package dev.kaftalk.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Room ids that follow from what a room is, so that every instance, asked at the same moment, picks the same one and
 * Kafka's compacted rooms topic ends up with one room rather than two: a direct message is its sorted set of people,
 * a public room its name ignoring case. The id is a UUID made from a SHA-256 hash (version 8, "custom"), the form of
 * every other room id, which media ids and membership keys rely on; it hides nothing, which is why hidden rooms
 * answer 404 to outsiders however the id was found.
 */
final class RoomIds {

  private RoomIds() {
  }

  static String directMessage(SortedSet<String> members) {
    return uuid("dm\n" + String.join("\n", members));
  }

  static String publicRoom(String name) {
    return uuid("room\n" + name.toLowerCase(Locale.ROOT));
  }

  private static String uuid(String text) {
    try {
      ByteBuffer hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
      long high = (hash.getLong() & ~0xF000L) | 0x8000L;
      long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(high, low).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
