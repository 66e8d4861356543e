package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * A page of messages from several rooms, newest first, that are not deleted: what search and the mentions list show.
 * Rooms have their own cursors, so the page goes by time, then partition and offset, and ends with a
 * {@link SearchCursor} the client passes back as {@code before}.
 *
 * @param next the cursor of the following page, or null if this is the last
 */
record NewestFirstPage(List<ChatMessage> messages, String next) {

  private static final Sort NEWEST_FIRST = new Sort(
      LongField.newSortField(HistoryDocuments.TS, true, SortedNumericSelector.Type.MIN),
      IntField.newSortField(HistoryDocuments.PARTITION, true, SortedNumericSelector.Type.MIN),
      LongField.newSortField(HistoryDocuments.OFFSET, true, SortedNumericSelector.Type.MIN));

  static final NewestFirstPage EMPTY = new NewestFirstPage(List.of(), null);

  /**
   * The messages of {@code roomIds} that {@code query} matches, after {@code before} (a {@link SearchCursor}'s sort
   * values, or null for the newest).
   */
  static NewestFirstPage of(IndexSearcher searcher, Query query, Collection<String> roomIds, Object[] before,
      int limit) throws IOException {
    int maxDoc = searcher.getIndexReader().maxDoc();
    if (roomIds.isEmpty() || maxDoc == 0) {
      return EMPTY;
    }
    Query inRooms = new BooleanQuery.Builder()
        .add(query, BooleanClause.Occur.MUST)
        .add(KeywordField.newSetQuery(HistoryDocuments.ROOM, roomIds.stream().map(BytesRef::new).toList()),
            BooleanClause.Occur.FILTER)
        // A tombstone has no text, but a filter alone (from:, has:, a mention) would still find it.
        .add(KeywordField.newExactQuery(HistoryDocuments.KIND, HistoryDocuments.DELETED_KIND),
            BooleanClause.Occur.MUST_NOT)
        .build();
    TopDocs top = before == null ? searcher.search(inRooms, limit + 1, NEWEST_FIRST)
        : searcher.searchAfter(SearchCursor.after(before, maxDoc), inRooms, limit + 1, NEWEST_FIRST);
    List<ChatMessage> found = Timeline.load(searcher, top.scoreDocs, limit);
    return new NewestFirstPage(found,
        top.scoreDocs.length > limit ? SearchCursor.format((FieldDoc) top.scoreDocs[limit - 1]) : null);
  }
}
