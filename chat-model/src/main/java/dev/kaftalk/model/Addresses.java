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

  /**
   * Bridge inbound, request/reply. Body {@code {roomId, text, clientMsgId, replyTo?}}; reply {@code {message,
   * quiet?:[{username, until, canNotify}]}} or fail (404 {@code replyTo} not a message of the room, 409 it was
   * deleted). With {@code urgent:true} (same clientMsgId, text ignored) it asks that earlier message to break through
   * quiet hours: reply {@code {message, urgent:[{username, delivered:"now"|"later", until}]}}, or fail 404 (no such
   * message of the user's), 429.
   */
  public static final String CHAT_SEND = "server.chat.send";

  /**
   * Bridge inbound, request/reply. Body {@code {roomId, messageId, text}}; reply {@code {message}} as it stands after
   * the edit; fails 400 bad text or a media message, 403 not the author, outside {@code chat.editWindowMinutes} or a
   * non-member, 404 unknown room or message, 409 deleted, 429.
   */
  public static final String CHAT_EDIT = "server.chat.edit";

  /**
   * Bridge inbound, request/reply. Body {@code {roomId, messageId}}; reply {@code {message}}, the tombstone; fails 403
   * neither the author nor the room's creator, or a non-member, 404 unknown room or message. Deleting again is a no-op.
   */
  public static final String CHAT_DELETE = "server.chat.delete";

  /**
   * Bridge inbound, request/reply. Body {@code {roomId, messageId, emoji, on}}: the session user's emoji on or off;
   * reply {@code {message}} with its reactions; fails 400 not a single emoji or {@code on} not a boolean, 403, 404,
   * 409 deleted or the message already holds 20 other emoji, 429. Idempotent per (user, message, emoji).
   */
  public static final String CHAT_REACT = "server.chat.react";

  /** Bridge inbound, one-way. Body {@code {roomId}}: the session user is typing in that room. */
  public static final String CHAT_TYPING = "server.chat.typing";

  /** Bridge inbound, request/reply: the edge answers {@code {inbox}} once the socket's earlier frames are applied. */
  public static final String BRIDGE_SYNC = "server.bridge.sync";

  /**
   * Edge-internal, one-way: the prefix of each edge instance's relay, {@code edge.bridge.send.<edge id>}
   * ({@link #bridgeSendRelay}). A bridge socket's {@code server.chat.send} (or edit, delete, react, or
   * {@link #BRIDGE_SYNC}), re-addressed by the edge instance that holds the socket so that it answers every request on
   * its own reply address. Body as the request's; headers {@link #USER_HEADER}, {@code socket-id},
   * {@code target-address} and {@code reply-address}.
   */
  public static final String BRIDGE_SEND_RELAY = "edge.bridge.send";

  /**
   * Edge-internal, local publish: one inbox frame for several users ({@link SharedFrames.Fanout}), from the chat
   * service to every edge instance, each of which writes it as {@code client.inbox.<username>} to the sockets of those
   * users that it holds. Never reachable from the bridge.
   */
  public static final String EDGE_FANOUT = "edge.fanout";

  /** Bridge outbound prefix; {@code client.inbox.<username>} carries that user's frames ({@code {type, ...}}). */
  public static final String INBOX_PREFIX = "client.inbox.";

  /** Request/reply. Body {@code {username, password}}; reply {@code {username}}; fails 400 invalid, 409 taken. */
  public static final String ACCOUNT_REGISTER = "chat.account.register";

  /** Request/reply. Body {@code {username, password}}; reply {@code {username}}; fails 401 for any mismatch. */
  public static final String ACCOUNT_LOGIN = "chat.account.login";

  /**
   * Request/reply, user header. Body empty; reply empty once every session of the user issued until now is invalid
   * on every instance (logout ends all of them).
   */
  public static final String ACCOUNT_LOGOUT = "chat.account.logout";

  /**
   * Request/reply, user header. Body {@code {currentPassword, newPassword}}; reply {@code {username, validAfter}}
   * once the new password counts and every session issued until validAfter is invalid on every instance; fails 400
   * new password too short, 403 current password wrong, 409 changed elsewhere at the same moment.
   */
  public static final String ACCOUNT_PASSWORD = "chat.account.password";

  /** Request/reply. Body empty; reply {@code {<username>: epochMs}}: sessions issued until then are invalid. */
  public static final String SESSIONS_VALID_AFTER = "chat.account.sessions-valid-after";

  /** Local publish. Body {@code {username, validAfter}}: that user's sessions issued until validAfter just ended. */
  public static final String SESSIONS_REVOKED = "chat.account.sessions-revoked";

  /**
   * Request/reply, user header. Body empty; reply {@code [{id, name, createdBy, memberCount, joined, online, lastRead?,
   * unread?}]}; {@code createdBy} the room's creator (who may delete any of its messages); {@code lastRead} (the user's
   * read position, when there is one) and {@code unread} (messages from others after it) for the rooms the user is in.
   */
  public static final String ROOMS_LIST = "chat.rooms.list";

  /**
   * Request/reply, user header. Body {@code {name, private?}}; reply {@code {id, name, kind, private}}; the creator
   * joins; fails 400 bad name or flag, 409 a public room of that name (any case) exists.
   */
  public static final String ROOMS_CREATE = "chat.rooms.create";

  /**
   * Request/reply, user header. Body {@code {roomId, username}}; reply empty once the invitee is a member; fails 400
   * bad username or a direct message, 403 non-member of a public room, 404 unknown (or hidden) room or unknown user.
   */
  public static final String ROOMS_INVITE = "chat.rooms.invite";

  /**
   * Request/reply, user header. Body {@code {usernames:[...]}} (1-8 others); reply {@code {room, created}}: the one
   * direct message of that set of people, {@code created} when this request wrote it; fails 400, 404 unknown user.
   */
  public static final String DMS_START = "chat.dms.start";

  /**
   * Request/reply, user header. Body {@code {roomId, cursor}}: the user has read up to that message; reply
   * {@code {roomId, cursor}}, the position now (an older cursor than the stored one changes nothing); fails 400 bad
   * cursor, 403 non-member, 404 unknown room.
   */
  public static final String ROOMS_READ = "chat.rooms.read";

  /**
   * Request/reply, user header. Body {@code {roomId, level, muteUntil?}}: the user's notification level in the room;
   * reply {@code {roomId, level, muteUntil}} once applied; fails 400 bad level or muteUntil, 403 non-member, 404
   * unknown room.
   */
  public static final String ROOMS_NOTIFICATIONS = "chat.rooms.notifications";

  /** Request/reply, user header. Body {@code {roomId}}; reply empty; fails 404 unknown room. */
  public static final String ROOMS_JOIN = "chat.rooms.join";

  /** Request/reply, user header. Body {@code {roomId}}; reply empty; fails 404 unknown room. */
  public static final String ROOMS_LEAVE = "chat.rooms.leave";

  /**
   * Request/reply, user header. Body {@code {roomId, before?, after?, around?, limit?}}; reply {@code {messages:[...]}}
   * oldest first; fails 400 bad cursor or limit, 403 non-member, 404 unknown room.
   */
  public static final String ROOMS_HISTORY = "chat.rooms.history";

  /**
   * Request/reply, user header. Body {@code {roomId, kind?, before?, limit?}}; reply {@code {messages:[...], next?}}:
   * the room's messages with media of that kind (every kind when absent), newest first; fails 400 bad kind, cursor or
   * limit, 403 non-member, 404 unknown room.
   */
  public static final String ROOMS_MEDIA = "chat.rooms.media";

  /**
   * Request/reply, user header. Body {@code {q, room?, before?, limit?, tz?}}; reply {@code {results:[{message,
   * highlights:[{start, end}]}], next?}} from the rooms the user is in; fails 400, 403, 404, 429.
   */
  public static final String CHAT_SEARCH = "chat.search";

  /**
   * Request/reply, user header. Body {@code {before?, limit?}}; reply {@code {mentions:[message], next?}}: the messages
   * that mention the user, newest first, from the rooms the user is in; fails 400 bad cursor or limit.
   */
  public static final String CHAT_MENTIONS = "chat.mentions";

  /**
   * Request/reply, user header. Body {@code {q?}}; reply {@code [{username, quiet:{until}|null, online}]}: at most 20
   * users whose name starts with {@code q} (ignoring case), by name; fails 400 for a {@code q} no name could start with.
   */
  public static final String USERS_FIND = "chat.users.find";

  /** Request/reply, user header. Body {@code {roomId}}; reply {@code {member:true}}; fails 403 or 404. */
  public static final String ROOMS_MEMBER_CHECK = "chat.rooms.member-check";

  /** One-way. Body {@code {username, socketId}}: a bridge socket of that user opened its inbox on this instance. */
  public static final String PRESENCE_CONNECTED = "chat.presence.connected";

  /** One-way. Body {@code {username, socketId}}: that bridge socket closed. */
  public static final String PRESENCE_DISCONNECTED = "chat.presence.disconnected";

  /** Request/reply. Body empty; reply {@link Health} JSON for the chat service's Kafka access. */
  public static final String CHAT_HEALTH = "chat.health";

  /** Request/reply. Body empty; reply {@link Health} JSON: the quiet-hours service serves, its settings loaded. */
  public static final String DND_HEALTH = "dnd.health";

  /** Request/reply. Body empty; reply {@link Health} JSON for the media service's bucket access. */
  public static final String MEDIA_HEALTH = "media.health";

  /** Request/reply, user header. Body empty; reply the user's {@link QuietHours} in contract form. */
  public static final String DND_SETTINGS_GET = "dnd.settings.get";

  /**
   * Request/reply, user header. Body {@code {enabled, zone, days, start, end, snoozeUntil}}; reply what was stored,
   * once it is in Kafka and in effect on this instance; fails 400 with what is wrong.
   */
  public static final String DND_SETTINGS_PUT = "dnd.settings.put";

  /**
   * One-way, local, in order. Body {@code {username, roomId, offset, ts, notify}}: the chat service held this message
   * back from a quiet user ({@code notify} whether it calls them, {@link Attention}); the quiet-hours service buffers it, or delivers it at once if that user's quiet stretch is over.
   */
  public static final String DND_BUFFER = "dnd.buffer";

  /**
   * One-way, local, in order after {@link #DND_BUFFER}. Body {@code {username, roomId, offset, by, reason}}: an urgent
   * break-through of this message was granted to this quiet user; the quiet-hours service takes it out of their
   * stretch and, if it held it, pushes it live with {@code notify:"urgent"} (once: the batch no longer has it).
   */
  public static final String DND_URGENT = "dnd.urgent";

  /**
   * Request/reply, local. Body {@code {username, refs:[{roomId, offsets:[...], notify?:[...]}]}}; reply
   * {@code {messages:[...], notifying:[ids]}}: those messages in client view, in the order asked, leaving out any that
   * retention dropped and rooms the user is no longer in; {@code notifying} the ids of those whose offset was in
   * {@code notify}.
   */
  public static final String CHAT_MESSAGES_FETCH = "chat.messages.fetch";

  /**
   * Request/reply, local. Body {@code {username, from}}; reply {@code {refs:[{roomId, offsets:[...], notify:[...]}]}}:
   * the messages since {@code from} in the user's rooms that the live gate holds back from them, and which of them
   * notify, by the same {@link Attention} rule (rebuilds a buffer after a restart).
   */
  public static final String CHAT_QUIET_BACKLOG = "chat.quiet.backlog";

  /**
   * Request/reply, user header. The one door into a room for other services: body {@code {roomId, clientMsgId?,
   * media, replyTo?}} (a {@link MediaRef}); reply {@code {message}} once stored, with the same membership, rate limit,
   * clientMsgId dedup and replies as {@link #CHAT_SEND}; fails 400, 403, 404, 409, 429, 503.
   */
  public static final String MESSAGES_POST = "chat.messages.post";

  /**
   * Request/reply, user header. Body {@code {roomId, path, name?, waveform?, clientMsgId?, replyTo?}}: an upload the
   * edge streamed to {@code path}, {@code name} as the uploader sent it, {@code waveform} 64 amplitudes 0-255; reply
   * {@code {message}}; fails 400, 403, 404, 409, 413, 415, 429, 503. Nothing is kept on failure.
   */
  public static final String MEDIA_UPLOAD = "media.upload";

  /**
   * Request/reply, user header. Body {@code {mediaId, preview}}; reply {@code {url, contentType, size, fileName,
   * disposition}} where {@code url} is a short-lived link to the bytes in the store, {@code contentType} the type to
   * serve and {@code disposition} "inline" or "attachment"; fails 403 non-member of the media's room,
   * 404 unknown media.
   */
  public static final String MEDIA_FETCH = "media.fetch";

  /**
   * Request/reply. Body {@code {mediaId}}: the message holding it was deleted, remove its objects (original and
   * preview) from the store; reply empty. Only the chat service asks, after the delete is in Kafka.
   */
  public static final String MEDIA_DELETE = "media.delete";

  public static String inbox(String username) {
    return INBOX_PREFIX + username;
  }

  /** The send relay of one edge instance ({@link #BRIDGE_SEND_RELAY}); each relays only for its own sockets. */
  public static String bridgeSendRelay(String edgeId) {
    return BRIDGE_SEND_RELAY + "." + edgeId;
  }
}
