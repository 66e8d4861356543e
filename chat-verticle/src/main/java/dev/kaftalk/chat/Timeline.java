package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.TimelineEvent;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every room's history as the {@link HistoryStore} holds it, read on a worker pool (Lucene reads may touch the
 * disk). A page is a seek in the room's documents by offset, whatever the traffic of rooms sharing its partition.
 */
final class Timeline {

  /** A read against one consistent view of the store. */
  interface Read<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private static final Sort OLDEST_FIRST = new Sort(
      LongField.newSortField(HistoryDocuments.OFFSET, false, SortedNumericSelector.Type.MIN));
  private static final Sort NEWEST_FIRST = new Sort(
      LongField.newSortField(HistoryDocuments.OFFSET, true, SortedNumericSelector.Type.MIN));

  private final HistoryStore store;
  private final WorkerExecutor readers;
  private final UnrefreshedMessages unrefreshed;

  Timeline(HistoryStore store, WorkerExecutor readers, UnrefreshedMessages unrefreshed) {
    this.store = store;
    this.readers = readers;
    this.unrefreshed = unrefreshed;
  }

  /**
   * Oldest first. With {@code after}: the first {@code limit} messages after it (and before {@code before}, if
   * given). Otherwise the last {@code limit} before {@code before}, or the latest page.
   */
  Future<List<ChatMessage>> page(String roomId, Long before, Long after, int limit) {
    long below = before == null ? Long.MAX_VALUE : before;
    return read(searcher -> after != null
        ? messages(searcher, inRoom(roomId, after + 1, below - 1), limit, OLDEST_FIRST)
        : newestFirstReversed(searcher, inRoom(roomId, 0, below - 1), limit));
  }

  /** Oldest first: the message at {@code offset} (if it exists) and the pages around it, about half on each side. */
  Future<List<ChatMessage>> around(String roomId, long offset, int limit) {
    return read(searcher -> {
      List<ChatMessage> page = newestFirstReversed(searcher, inRoom(roomId, 0, offset - 1), limit / 2);
      page.addAll(messages(searcher, inRoom(roomId, offset, Long.MAX_VALUE), limit - page.size(), OLDEST_FIRST));
      return page;
    });
  }

  /**
   * Newest first: up to {@code limit} of the room's messages holding media of one of {@code kinds}, before the
   * offset {@code before} if given. Deleted messages are tombstones of another kind and never match.
   */
  Future<List<ChatMessage>> media(String roomId, List<String> kinds, Long before, int limit) {
    Query query = new BooleanQuery.Builder()
        .add(inRoom(roomId, 0, before == null ? Long.MAX_VALUE : before - 1), BooleanClause.Occur.FILTER)
        .add(KeywordField.newSetQuery(HistoryDocuments.KIND, kinds.stream().map(BytesRef::new).toList()),
            BooleanClause.Occur.FILTER)
        .build();
    return read(searcher -> messages(searcher, query, limit, NEWEST_FIRST));
  }

  /** The messages at these offsets of the room, in the order given; offsets no longer kept are left out. */
  Future<List<ChatMessage>> at(String roomId, List<Long> offsets) {
    if (offsets.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    long[] wanted = offsets.stream().mapToLong(Long::longValue).toArray();
    return read(searcher -> {
      Map<String, ChatMessage> byCursor = new HashMap<>();
      messages(searcher, new BooleanQuery.Builder()
          .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
          .add(LongField.newSetQuery(HistoryDocuments.OFFSET, wanted), BooleanClause.Occur.FILTER)
          .build(), wanted.length, OLDEST_FIRST).forEach(m -> byCursor.put(m.cursor(), m));
      return offsets.stream().map(o -> byCursor.get(Cursor.format(o))).filter(Objects::nonNull).toList();
    });
  }

  /**
   * The message an (author, clientMsgId) pair first produced in the room, or null. Lookups run side by side: a user's
   * sends keep their order without them ({@link RoomDoor#post} writes each after its predecessor), and an ordered
   * lookup would queue behind every other ordered task of the context. Call on the event loop.
   */
  Future<ChatMessage> find(String roomId, String author, String clientMsgId) {
    if (clientMsgId == null) {
      return Future.succeededFuture();
    }
    ChatMessage recent = unrefreshed.find(roomId, author, clientMsgId);
    if (recent != null) {
      return Future.succeededFuture(recent);
    }
    return read(searcher -> {
      List<ChatMessage> found = messages(searcher,
          new TermQuery(HistoryDocuments.dedupTerm(roomId, author, clientMsgId)), 1, OLDEST_FIRST);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** The urgent break-throughs kept in the store from {@code fromTs} on, in no particular order. */
  Future<List<TimelineEvent.Urgent>> urgentSince(long fromTs) {
    return read(searcher -> {
      Query since = LongField.newRangeQuery(HistoryDocuments.URGENT_TS, fromTs, Long.MAX_VALUE);
      StoredFields stored = searcher.storedFields();
      List<TimelineEvent.Urgent> events = new ArrayList<>();
      for (ScoreDoc hit : searcher.search(since, Math.max(1, searcher.count(since))).scoreDocs) {
        events.add(HistoryDocuments.urgentEvent(stored.document(hit.doc)));
      }
      return events;
    });
  }

  /** The room's message with this id as it stands, or null; call once what was handed out is visible. */
  Future<ChatMessage> byId(String roomId, String messageId) {
    return read(searcher -> {
      List<ChatMessage> found = messages(searcher, new BooleanQuery.Builder()
          .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
          .add(new TermQuery(new Term(HistoryDocuments.ID, messageId)), BooleanClause.Occur.FILTER)
          .build(), 1, OLDEST_FIRST);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** What a user has not read in a room: messages from others, and how many of them mention the user. */
  record Unread(int messages, int mentions) {
  }

  /**
   * Per room, how many messages from others (not deleted) follow the given offset ({@code -1}: the whole room), and
   * how many of those mention {@code user}. Counts, not pages: cheap however many are unread.
   */
  Future<Map<String, Unread>> unread(String user, Map<String, Long> after) {
    if (after.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Query mentionsUser = new TermQuery(new Term(HistoryDocuments.MENTIONS, user));
    return read(searcher -> {
      Map<String, Unread> counts = new HashMap<>();
      for (Map.Entry<String, Long> room : after.entrySet()) {
        Query fromOthers = new BooleanQuery.Builder()
            .add(inRoom(room.getKey(), room.getValue() + 1, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
            .add(KeywordField.newExactQuery(HistoryDocuments.AUTHOR, user), BooleanClause.Occur.MUST_NOT)
            .add(KeywordField.newExactQuery(HistoryDocuments.KIND, HistoryDocuments.DELETED_KIND),
                BooleanClause.Occur.MUST_NOT)
            .build();
        int messages = searcher.count(fromOthers);
        int mentions = messages == 0 ? 0 : searcher.count(new BooleanQuery.Builder()
            .add(fromOthers, BooleanClause.Occur.FILTER)
            .add(mentionsUser, BooleanClause.Occur.FILTER)
            .build());
        counts.put(room.getKey(), new Unread(messages, mentions));
      }
      return counts;
    });
  }

  /**
   * The room's messages sent at or after {@code fromTs} that {@code select} accepts (on a worker: no event-loop state),
   * oldest first, with their cursors.
   */
  Future<List<ChatMessage>> messagesSince(String roomId, long fromTs, Predicate<ChatMessage> select) {
    Query since = new BooleanQuery.Builder()
        .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
        .add(LongField.newRangeQuery(HistoryDocuments.TS, fromTs, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
        .build();
    return read(searcher -> messages(searcher, since, Math.max(1, searcher.count(since)), OLDEST_FIRST).stream()
        .filter(select).toList());
  }

  /** Runs {@code read} on a worker against the store's current view. */
  <T> Future<T> read(Read<T> read) {
    return readers.executeBlocking(() -> {
      IndexSearcher searcher = store.searcher();
      try {
        return read.run(searcher);
      } finally {
        store.release(searcher);
      }
    }, false);
  }

  /** The documents' messages in the order of {@code sort}. */
  static List<ChatMessage> messages(IndexSearcher searcher, Query query, int limit, Sort sort) throws IOException {
    if (limit <= 0) {
      return new ArrayList<>();
    }
    return load(searcher, searcher.search(query, limit, sort).scoreDocs, limit);
  }

  /** The messages of the first {@code count} of {@code hits}, in their order. */
  static List<ChatMessage> load(IndexSearcher searcher, ScoreDoc[] hits, int count) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<ChatMessage> messages = new ArrayList<>(Math.min(count, hits.length));
    for (int i = 0; i < Math.min(count, hits.length); i++) {
      messages.add(HistoryDocuments.message(stored.document(hits[i].doc)));
    }
    return messages;
  }

  private static List<ChatMessage> newestFirstReversed(IndexSearcher searcher, Query query, int limit)
      throws IOException {
    List<ChatMessage> newest = messages(searcher, query, limit, NEWEST_FIRST);
    Collections.reverse(newest);
    return newest;
  }

  private static Query inRoom(String roomId, long fromOffset, long toOffset) {
    return new BooleanQuery.Builder()
        .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
        .add(LongField.newRangeQuery(HistoryDocuments.OFFSET, fromOffset, toOffset), BooleanClause.Occur.FILTER)
        .build();
  }
}
