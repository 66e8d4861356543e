package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MediaRef;

import java.util.UUID;

/**
 * A message as history keeps it: the UUID id as two longs instead of a 36-char string, authors shared per name (see
 * {@link Timeline}), and the room id left to the timeline that holds it.
 *
 * <p>About 64 bytes for this object (12 header + 4 longs + 4 references, 8-aligned) plus the text and clientMsgId
 * strings (about 40 + length bytes each for Latin-1 text, 40 + 2 x length otherwise).
 */
record StoredMessage(long offset, long idHigh, long idLow, long ts, String author, String clientMsgId, String text,
                     MediaRef media) {

  /** @throws IllegalArgumentException if the message id is not a UUID */
  static StoredMessage of(ChatMessage message, long offset, String author) {
    UUID id = UUID.fromString(message.id());
    return new StoredMessage(offset, id.getMostSignificantBits(), id.getLeastSignificantBits(), message.ts(), author,
        message.clientMsgId(), message.text(), message.media());
  }

  ChatMessage toMessage(String roomId) {
    return new ChatMessage(new UUID(idHigh, idLow).toString(), roomId, author, ts, clientMsgId,
        Cursor.format(offset), text, media);
  }
}
