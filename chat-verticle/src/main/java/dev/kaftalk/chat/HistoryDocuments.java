package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Codec;
import dev.kaftalk.model.TimelineEvent;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;

/**
 * The shape of one message in the history store: one Lucene document per stored message, holding the message as it
 * stands (its record with every edit, delete and reaction folded in) plus the fields that pages, dedup, retention,
 * changes and search look up. A change replaces the whole document, keeping its partition and offset. Urgent
 * break-throughs have documents of their own ({@link #urgent}), which no query of messages finds.
 */
final class HistoryDocuments {

  /** Room id: every page and every search is filtered by it. */
  static final String ROOM = "room";
  /** Kafka partition of the record: retention removes by (partition, offset). */
  static final String PARTITION = "partition";
  /** Kafka offset of the record: the cursor, and the order of a room. */
  static final String OFFSET = "offset";
  static final String TS = "ts";
  static final String AUTHOR = "author";
  /** "text" or the media kind ("image", "voice", "video", "file"), or {@link #DELETED_KIND} for a tombstone. */
  static final String KIND = "kind";
  static final String ID = "id";
  /** The id of the message a reply quotes, so that deleting it reaches the quotes. */
  static final String REPLY_TO = "replyTo";
  static final String DELETED_KIND = "deleted";
  /** Each member the message mentions: unread mentions and the mentions list. */
  static final String MENTIONS = "mentions";
  /** room, author and clientMsgId: a resend of a stored message has the same key. */
  static final String DEDUP = "dedup";
  /** The analyzed message text (see {@link MessageAnalyzer}). */
  static final String TEXT = "text";
  /** The message as it stands, in record form; on an urgent event's document, that event. */
  static final String RECORD = "record";
  /** The time of an urgent break-through, on the document that keeps it ({@link #urgent}). */
  static final String URGENT_TS = "urgentTs";

  private static final Codec<TimelineEvent> CODEC = TimelineEvent.CODEC;

  private HistoryDocuments() {
  }

  /** @param message the message as it stands */
  static Document of(ChatMessage message, int partition, long offset) {
    Document doc = new Document();
    doc.add(new KeywordField(ROOM, message.roomId(), Field.Store.NO));
    doc.add(new IntField(PARTITION, partition, Field.Store.YES));
    doc.add(new LongField(OFFSET, offset, Field.Store.YES));
    doc.add(new LongField(TS, message.ts(), Field.Store.NO));
    doc.add(new KeywordField(AUTHOR, message.author(), Field.Store.NO));
    doc.add(new KeywordField(KIND, message.deleted() ? DELETED_KIND
        : message.media() == null ? "text" : message.media().kind(), Field.Store.NO));
    doc.add(new StringField(ID, message.id(), Field.Store.NO));
    if (message.replyTo() != null) {
      doc.add(new StringField(REPLY_TO, message.replyTo().id(), Field.Store.NO));
    }
    message.mentions().forEach(user -> doc.add(new StringField(MENTIONS, user, Field.Store.NO)));
    if (message.clientMsgId() != null) {
      doc.add(new StringField(DEDUP, dedupKey(message.roomId(), message.author(), message.clientMsgId()),
          Field.Store.NO));
    }
    if (message.text() != null) {
      doc.add(new TextField(TEXT, message.text(), Field.Store.NO));
    }
    doc.add(new StoredField(RECORD, CODEC.encode(new TimelineEvent.Message(message.withCursor(null)))));
    return doc;
  }

  /**
   * An urgent break-through, kept so that the grants and the day's quota it used outlive a restart. Its document has
   * no room, id or text, so no page, lookup or search of messages finds it; its partition and offset let retention
   * remove it with the records around it.
   */
  static Document urgent(TimelineEvent.Urgent event, int partition, long offset) {
    Document doc = new Document();
    doc.add(new IntField(PARTITION, partition, Field.Store.YES));
    doc.add(new LongField(OFFSET, offset, Field.Store.YES));
    doc.add(new LongField(URGENT_TS, event.ts(), Field.Store.NO));
    doc.add(new StoredField(RECORD, CODEC.encode(event)));
    return doc;
  }

  static TimelineEvent.Urgent urgentEvent(Document doc) {
    return (TimelineEvent.Urgent) CODEC.decode(doc.get(RECORD));
  }

  static Term dedupTerm(String roomId, String author, String clientMsgId) {
    return new Term(DEDUP, dedupKey(roomId, author, clientMsgId));
  }

  static int partition(Document doc) {
    return doc.getField(PARTITION).numericValue().intValue();
  }

  /** The message a stored document holds, with its cursor. */
  static ChatMessage message(Document doc) {
    long offset = doc.getField(OFFSET).numericValue().longValue();
    TimelineEvent.Message event = (TimelineEvent.Message) CODEC.decode(doc.get(RECORD));
    return event.message().withCursor(Cursor.format(offset));
  }

  static String dedupKey(String roomId, String author, String clientMsgId) {
    // U+0000 cannot occur in a room id or username, so the key is unambiguous.
    return roomId + '\u0000' + author + '\u0000' + clientMsgId;
  }
}
