package dev.kaftalk.model;

/** Event-bus addresses. The {@code server.*} and {@code client.*} ones are the public bridge contract. */
public final class Addresses {

  private Addresses() {
  }

  /** Bridge inbound, request/reply. Body {@code {roomId, text, clientMsgId}}; reply {@code {message}} or fail. */
  public static final String CHAT_SEND = "server.chat.send";

  /** Bridge inbound, one-way. Body {@code {roomId}}: the session user is typing in that room. */
  public static final String CHAT_TYPING = "server.chat.typing";

  /** Bridge outbound prefix; {@code client.inbox.<username>} carries that user's frames ({@code {type, ...}}). */
  public static final String INBOX_PREFIX = "client.inbox.";

  /** Internal, request/reply. Body empty; reply {@link Health} JSON for the chat service's Kafka access. */
  public static final String CHAT_HEALTH = "chat.health";

  /** Internal, request/reply. Body empty; reply {@link Health} JSON for the quiet-hours service's Kafka access. */
  public static final String DND_HEALTH = "dnd.health";

  /** Internal, request/reply. Body empty; reply {@link Health} JSON for the media service's bucket access. */
  public static final String MEDIA_HEALTH = "media.health";

  public static String inbox(String username) {
    return INBOX_PREFIX + username;
  }
}
