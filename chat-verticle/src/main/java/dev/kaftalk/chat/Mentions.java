package dev.kaftalk.chat;

import dev.kaftalk.model.ServiceException;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a message's text calls by name: {@code @username} of a member of the room, or {@code @room} for all of them.
 * Decided once, when the text is written (sent or edited), against the members of that moment, so every instance and
 * every later reader agree on it. Event-loop confined: it reads the room directory.
 */
final class Mentions {

  /** {@code @room} always means everyone in the room, so a user named "room" cannot be called alone. */
  static final String ROOM = "room";
  /**
   * An @ that does not follow a letter, digit or name character (so an e-mail address is no mention), then the
   * characters a username may have, in any case.
   */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@/-])@([A-Za-z0-9_.-]{1,33})");
  /** A sentence may end right after a name: "thanks @bob." */
  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.\\-]+$");

  private final RoomDirectory directory;
  private final int roomMentionMax;

  Mentions(RoomDirectory directory, int roomMentionMax) {
    this.directory = directory;
    this.roomMentionMax = roomMentionMax;
  }

  /** Whether {@code @room} may call everyone in the room: it has at most {@code roomMentionMax} members. */
  boolean roomCallable(String roomId) {
    return directory.members(roomId).size() <= roomMentionMax;
  }

  /**
   * The members {@code text} mentions, by name, without its author.
   *
   * @throws ServiceException 400 for {@code @room} in a room of more than {@code roomMentionMax} members
   */
  List<String> in(String roomId, String author, String text) {
    if (text == null || text.indexOf('@') < 0) {
      return List.of();
    }
    return named(text, author, directory.members(roomId), roomMentionMax);
  }

  /** {@link #in} for a room of {@code members}. */
  static List<String> named(String text, String author, Set<String> members, int roomMentionMax) {
    Set<String> mentioned = new TreeSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      String trimmed = TRAILING_PUNCTUATION.matcher(name).replaceFirst("");
      if (ROOM.equals(name) || ROOM.equals(trimmed)) {
        if (members.size() > roomMentionMax) {
          throw ServiceException.badRequest("@room calls rooms of at most " + roomMentionMax
              + " members; this one has " + members.size());
        }
        mentioned.addAll(members);
      } else if (members.contains(name)) {
        mentioned.add(name);
      } else if (members.contains(trimmed)) {
        mentioned.add(trimmed);
      }
    }
    mentioned.remove(author);
    return List.copyOf(mentioned);
  }
}
