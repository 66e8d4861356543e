package dev.kaftalk.model;

/**
 * Event-bus addresses. The {@code server.*} and {@code client.*} ones are the public bridge contract; the others
 * connect the HTTP edge to the services inside one instance.
 *
 * <p>Requests that act for a user carry the session's username in the {@link #USER_HEADER} header, set by the
 * edge from the verified session, never from a body. Failures are {@code ReplyException}s whose failure code is
 * the HTTP status to answer with and whose message is shown to the user.
 */
public final class Addresses {

  private Addresses() {
  }

  /** Header naming the session user on every request made for a user. */
  public static final String USER_HEADER = "kaftalk-user";

  /** Bridge inbound, request/reply. Body {@code {roomId, text, clientMsgId}}; reply {@code {message}} or fail. */
  public static final String CHAT_SEND = "server.chat.send";

  /** Bridge inbound, one-way. Body {@code {roomId}}: the session user is typing in that room. */
  public static final String CHAT_TYPING = "server.chat.typing";

  /** Bridge outbound prefix; {@code client.inbox.<username>} carries that user's frames ({@code {type, ...}}). */
  public static final String INBOX_PREFIX = "client.inbox.";

  /** Request/reply. Body {@code {username, password}}; reply {@code {username}}; fails 400 invalid, 409 taken. */
  public static final String ACCOUNT_REGISTER = "chat.account.register";

  /** Request/reply. Body {@code {username, password}}; reply {@code {username}}; fails 401 for any mismatch. */
  public static final String ACCOUNT_LOGIN = "chat.account.login";

  /** Request/reply, user header. Body empty; reply {@code [{id, name, memberCount, joined}]}. */
  public static final String ROOMS_LIST = "chat.rooms.list";

  /** Request/reply, user header. Body {@code {name}}; reply {@code {id, name}}; the creator joins. */
  public static final String ROOMS_CREATE = "chat.rooms.create";

  /** Request/reply, user header. Body {@code {roomId}}; reply empty; fails 404 unknown room. */
  public static final String ROOMS_JOIN = "chat.rooms.join";

  /** Request/reply, user header. Body {@code {roomId}}; reply empty; fails 404 unknown room. */
  public static final String ROOMS_LEAVE = "chat.rooms.leave";

  /**
   * Request/reply, user header. Body {@code {roomId, before?, after?, limit?}}; reply {@code {messages:[...]}}
   * oldest first; fails 400 bad cursor or limit, 403 non-member, 404 unknown room.
   */
  public static final String ROOMS_HISTORY = "chat.rooms.history";

  /** Request/reply, user header. Body {@code {roomId}}; reply {@code {member:true}}; fails 403 or 404. */
  public static final String ROOMS_MEMBER_CHECK = "chat.rooms.member-check";

  /** One-way. Body {@code {username, socketId}}: a bridge socket of that user opened its inbox on this instance. */
  public static final String PRESENCE_CONNECTED = "chat.presence.connected";

  /** One-way. Body {@code {username, socketId}}: that bridge socket closed. */
  public static final String PRESENCE_DISCONNECTED = "chat.presence.disconnected";

  /** Request/reply. Body empty; reply {@link Health} JSON for the chat service's Kafka access. */
  public static final String CHAT_HEALTH = "chat.health";

  /** Request/reply. Body empty; reply {@link Health} JSON for the quiet-hours service's Kafka access. */
  public static final String DND_HEALTH = "dnd.health";

  /** Request/reply. Body empty; reply {@link Health} JSON for the media service's bucket access. */
  public static final String MEDIA_HEALTH = "media.health";

  /**
   * Request/reply, user header. The one door into a room for other services: body {@code {roomId, clientMsgId?,
   * media}} (a {@link MediaRef}); reply {@code {message}} once stored, with the same membership, rate limit and
   * clientMsgId dedup as {@link #CHAT_SEND}; fails 400, 403, 404, 429, 503.
   */
  public static final String MESSAGES_POST = "chat.messages.post";

  /**
   * Request/reply, user header. Body {@code {roomId, path, durationMs?, clientMsgId?}}: an upload the edge streamed
   * to {@code path}; reply {@code {message}}; fails 400, 403, 404, 413, 415, 429, 503. Nothing is kept on failure.
   */
  public static final String MEDIA_UPLOAD = "media.upload";

  /**
   * Request/reply, user header. Body {@code {mediaId, preview}}; reply {@code {url, contentType, size, fileName}}
   * where {@code url} is a short-lived link to the bytes in the store; fails 403 non-member of the media's room,
   * 404 unknown media.
   */
  public static final String MEDIA_FETCH = "media.fetch";

  public static String inbox(String username) {
    return INBOX_PREFIX + username;
  }
}
