package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.ReplyRef;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.model.UnreadableRecordException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NRTCachingDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This instance's materialized view of {@code chat.messages}: a Lucene index of the stored messages, and in each of
 * its commits the Kafka offsets it reflects, so that whatever moment the process dies at, the last commit is the
 * history up to exactly those offsets and a restart reads Kafka only from there.
 *
 * <p>Writes ({@link #apply}, {@link #commit}, {@link #prepareCommit}, {@link #deleteBefore}) come from one thread at a
 * time, in partition order, while a prepared commit may finish and a {@link #reopen} may run on others; reads
 * ({@link #searcher}) from any thread. A record is visible to reads once {@link #refresh} or {@link #reopen} ran after
 * its {@link #apply}: live, {@link HistoryRefresher} refreshes within 250 ms (100 ms when a read waits) and reads that
 * must include a record wait for it; while catching up the feed refreshes only now and then, which makes a rebuild
 * several times faster.
 */
final class HistoryStore implements AutoCloseable {

  /** A record of {@code chat.messages} as the store needs it. */
  record Input(int partition, long offset, String value) {
  }

  /**
   * A readable record after it was applied. {@code duplicate} for a resend the dedup rule skipped, and for a joined
   * (left) event of someone the room's timeline already has in (out of) it. {@code message}: for
   * a message, the stored message; for an edit, delete or reaction, the message it changed as it stands now (with its
   * cursor), or null if the change did not apply (an unknown or deleted message, a repeated toggle); for an urgent
   * break-through, the message it names (null if unknown).
   */
  record Applied(int partition, long offset, TimelineEvent event, boolean duplicate, ChatMessage message) {
  }

  /** A prepared commit's wait for the disk, after which it is durable. */
  interface Durable {
    void finish() throws IOException;
  }

  /** A document as the store holds it: written since the last refresh, or read from the searcher. */
  private record Pending(ChatMessage message, int partition, long offset) {
  }

  /** A document the searcher may not see yet, and the {@link #written} count its write made. */
  private record Unseen(Pending pending, long written) {
  }

  /** Bump when the documents' shape changes: a store of another format is rebuilt from Kafka. */
  static final String FORMAT = "2";

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
  private static final String FORMAT_KEY = "format";
  private static final String OFFSETS_KEY = "offsets";

  private final DeferredSyncDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  /** Per partition, the offset after the last record applied. */
  private final Map<Integer, Long> next;
  private boolean changedSinceCommit;
  /**
   * Documents written so far. Read beside the writer by {@link #written()}: a refresh started after a count was read
   * shows every document up to it.
   */
  private volatile long written;
  /** Resend keys applied since the last refresh, which the searcher cannot see yet, with their {@link #written}. */
  private final Map<String, Long> unrefreshedKeys = new HashMap<>();
  /** Documents written since the last refresh, by message id: a change may follow its message before a refresh. */
  private final Map<String, Unseen> unrefreshedById = new HashMap<>();
  /**
   * Per user and room, whether the last joined/left event applied put them in or out: a repeat of it (two instances
   * joining one user at the same moment) is a duplicate, which no one is told about. Holds what was applied since
   * this process opened the store; a repeat straddling a restart is rare enough to be told. Writer thread only.
   */
  private final Map<MembershipKey, Boolean> timelineMembers = new HashMap<>();
  /** Set when a write failed: what was applied since the last commit is then not trusted, nor committed. */
  private volatile Throwable failure;

  private HistoryStore(DeferredSyncDirectory directory, IndexWriter writer, Map<Integer, Long> next) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.next = new HashMap<>(next);
  }

  /**
   * Opens the store under {@code dir}, or starts an empty one (logging why) if there is none, it cannot be read, or
   * it was written in another format. Blocking.
   */
  static HistoryStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, String> commit = lastCommit(dir);
      if (commit != null && FORMAT.equals(commit.get(FORMAT_KEY))) {
        return openAt(dir, parseOffsets(commit.get(OFFSETS_KEY)));
      }
      if (commit != null) {
        LOG.warn("History store {} has format {} (this version writes {}); rebuilding it from Kafka", dir,
            commit.get(FORMAT_KEY), FORMAT);
        wipe(dir);
      }
      return openAt(dir, Map.of());
    } catch (IOException | RuntimeException e) {
      LOG.warn("History store {} cannot be opened ({}); rebuilding it from Kafka", dir, e.toString());
      try {
        wipe(dir);
        return openAt(dir, Map.of());
      } catch (IOException again) {
        throw new UncheckedIOException("Cannot create the history store in " + dir, again);
      }
    }
  }

  /** Where reading {@code chat.messages} resumes: per partition, the offset after the last one this store holds. */
  Map<Integer, Long> resumeOffsets() {
    return Map.copyOf(next);
  }

  /**
   * Applies records in partition order; {@link #refresh} makes them visible to reads. A failure (a full disk, say) stops the
   * store: it neither applies nor commits any more, and on close the last commit stays what a restart resumes from.
   */
  List<Applied> apply(List<Input> records) throws IOException {
    requireHealthy();
    try {
      return applyAll(records);
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** Why the store stopped applying records, or null while it works. */
  Throwable failure() {
    return failure;
  }

  /** Makes everything applied so far visible to reads. On the writer thread. */
  void refresh() throws IOException {
    long upTo = written;
    reopen();
    reopened(upTo);
  }

  /** How many documents were written so far; any thread. {@link #reopen} started after this shows all of them. */
  long written() {
    return written;
  }

  /**
   * Opens reads on what was written before this started. It may run on another thread while the writer writes on, so
   * that applies and the frames behind them never wait for a refresh (5-35 ms, 100 ms beside a commit's syncs).
   */
  void reopen() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /**
   * After a {@link #reopen} that started once {@code upTo} documents were written: the searcher shows those, so the
   * writer stops keeping them aside. A document written again since stays, as the searcher may hold its old version.
   * On the writer thread, between two applies, which each read through one searcher.
   */
  void reopened(long upTo) {
    unrefreshedKeys.values().removeIf(at -> at <= upTo);
    unrefreshedById.values().removeIf(unseen -> unseen.written() <= upTo);
  }

  /** How many documents were written since the last {@link #refresh}, a measure of what reads cannot see yet. */
  int unrefreshed() {
    return unrefreshedById.size();
  }

  private List<Applied> applyAll(List<Input> records) throws IOException {
    List<Applied> applied = new ArrayList<>(records.size());
    IndexSearcher searcher = searchers.acquire();
    try {
      for (Input record : records) {
        next.put(record.partition(), record.offset() + 1);
        changedSinceCommit = true;
        if (record.value() == null) {
          continue;
        }
        try {
          applied.add(applyOne(TimelineEvent.CODEC.decode(record.value()), record, searcher));
        } catch (UnreadableRecordException | IllegalArgumentException e) {
          // IllegalArgumentException: Lucene refused the document (an immense field, say) and stays usable.
          LOG.warn("Skipped unreadable record {}-{}@{}: {}", Topics.MESSAGES.name(), record.partition(),
              record.offset(), e.getMessage());
        }
      }
    } finally {
      searchers.release(searcher);
    }
    return applied;
  }

  /** Makes what was applied durable, with the offsets it reflects, in one atomic Lucene commit. */
  void commit() throws IOException {
    Durable durable = prepareCommit();
    if (durable != null) {
      durable.finish();
    }
  }

  /**
   * The first half of {@link #commit}, on the writer thread: fixes what the commit holds, exactly what was applied so
   * far, with its offsets. The second half, {@link Durable#finish}, waits for the disk (tens of milliseconds, up to
   * 130 ms measured under load) and may run on another thread while the writer applies more; none other may be
   * prepared until it is done.
   *
   * @return the second half, or null if nothing changed since the last commit
   */
  Durable prepareCommit() throws IOException {
    requireHealthy();
    if (!changedSinceCommit) {
      return null;
    }
    writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT, OFFSETS_KEY, formatOffsets(next)).entrySet());
    DeferredSyncDirectory.Deferred syncs = directory.deferring(writer::prepareCommit);
    changedSinceCommit = false;
    return () -> {
      try {
        syncs.sync();
        writer.commit();
      } catch (IOException | RuntimeException e) {
        failure = e;
        throw e;
      }
    };
  }

  /** Removes the messages of {@code partition} below {@code offset}, as Kafka's retention removed their records. */
  void deleteBefore(int partition, long offset) throws IOException {
    writer.deleteDocuments(new BooleanQuery.Builder()
        .add(IntField.newExactQuery(HistoryDocuments.PARTITION, partition), BooleanClause.Occur.FILTER)
        .add(LongField.newRangeQuery(HistoryDocuments.OFFSET, Long.MIN_VALUE, offset - 1), BooleanClause.Occur.FILTER)
        .build());
    next.merge(partition, offset, Math::max);
    changedSinceCommit = true;
    refresh();
  }

  /** Empties the store, to be filled again from the beginning of the topic. */
  void clear() throws IOException {
    writer.deleteAll();
    next.clear();
    timelineMembers.clear();
    changedSinceCommit = true;
    commit();
    refresh();
  }

  /** A searcher over everything applied so far; give it back with {@link #release}. */
  IndexSearcher searcher() throws IOException {
    return searchers.acquire();
  }

  void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Commits what was applied, unless a write failed, and closes. */
  @Override
  public void close() throws IOException {
    if (failure == null) {
      commit();
    } else {
      writer.rollback();
    }
    searchers.close();
    writer.close();
    directory.close();
  }

  private void requireHealthy() {
    if (failure != null) {
      throw new IllegalStateException("the history store stopped after a failed write: " + failure);
    }
  }

  private Applied applyOne(TimelineEvent event, Input record, IndexSearcher searcher) throws IOException {
    if (event instanceof TimelineEvent.Message posted) {
      boolean stored = store(posted.message(), record, searcher);
      return new Applied(record.partition(), record.offset(), event, !stored,
          stored ? posted.message().withCursor(Cursor.format(record.offset())) : null);
    }
    if (event instanceof TimelineEvent.Joined joined) {
      return membershipChange(event, record, new MembershipKey(joined.roomId(), joined.username()), true);
    }
    if (event instanceof TimelineEvent.Left left) {
      return membershipChange(event, record, new MembershipKey(left.roomId(), left.username()), false);
    }
    if (event instanceof TimelineEvent.Urgent urgent) {
      // Changes no message; kept on a document of its own. The live side needs the message it names, as it stands.
      writer.addDocument(HistoryDocuments.urgent(urgent, record.partition(), record.offset()));
      Pending named = current(event.roomId(), event.accept(ChangedMessage.ID), searcher);
      return new Applied(record.partition(), record.offset(), event, false,
          named == null ? null : named.message().withCursor(Cursor.format(named.offset())));
    }
    return new Applied(record.partition(), record.offset(), event, false, change(event, searcher));
  }

  /** A joined or left event, a duplicate if it repeats the last one of the same user and room. */
  private Applied membershipChange(TimelineEvent event, Input record, MembershipKey key, boolean member) {
    Boolean before = timelineMembers.put(key, member);
    return new Applied(record.partition(), record.offset(), event, before != null && before == member, null);
  }

  /** @return false for a resend of a message the room already has, which is not stored */
  private boolean store(ChatMessage message, Input record, IndexSearcher searcher) throws IOException {
    String key = null;
    if (message.clientMsgId() != null) {
      TermQuery sameKey = new TermQuery(
          HistoryDocuments.dedupTerm(message.roomId(), message.author(), message.clientMsgId()));
      key = sameKey.getTerm().text();
      if (unrefreshedKeys.containsKey(key) || searcher.count(sameKey) > 0) {
        return false;
      }
    }
    write(new Pending(message, record.partition(), record.offset()), false);
    if (key != null) {
      unrefreshedKeys.put(key, written);
    }
    return true;
  }

  /** Folds an edit, delete or reaction into the message it names; @return the message after it, or null */
  private ChatMessage change(TimelineEvent event, IndexSearcher searcher) throws IOException {
    String messageId = event.accept(ChangedMessage.ID);
    Pending current = current(event.roomId(), messageId, searcher);
    ChatMessage after = current == null ? null : ChangeFold.apply(current.message(), event);
    if (after == null) {
      return null;
    }
    write(new Pending(after, current.partition(), current.offset()), true);
    ChatMessage changed = after.withCursor(Cursor.format(current.offset()));
    if (!(event instanceof TimelineEvent.Reacted)) {
      requote(changed, searcher);
    }
    return changed;
  }

  /** Replies quote an edited message's new text, and say so once it is deleted. */
  private void requote(ChatMessage original, IndexSearcher searcher) throws IOException {
    String roomId = original.roomId();
    String messageId = original.id();
    ReplyRef quote = ReplyRef.of(original);
    Map<String, Pending> quoting = new HashMap<>();
    unrefreshedById.values().stream().map(Unseen::pending)
        .filter(p -> p.message().replyTo() != null && p.message().replyTo().id().equals(messageId))
        .forEach(p -> quoting.put(p.message().id(), p));
    Query replies = new BooleanQuery.Builder()
        .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(HistoryDocuments.REPLY_TO, messageId)), BooleanClause.Occur.FILTER)
        .build();
    StoredFields stored = searcher.storedFields();
    for (ScoreDoc hit : searcher.search(replies, Math.max(1, searcher.count(replies))).scoreDocs) {
      Document doc = stored.document(hit.doc);
      ChatMessage reply = HistoryDocuments.message(doc);
      quoting.putIfAbsent(reply.id(), new Pending(reply.withCursor(null), HistoryDocuments.partition(doc),
          Long.parseLong(reply.cursor())));
    }
    for (Pending reply : quoting.values()) {
      if (!reply.message().deleted()) {
        write(new Pending(reply.message().withReplyTo(quote), reply.partition(), reply.offset()), true);
      }
    }
  }

  /** The message as it stands, written since the last refresh or as the searcher sees it; null if not held. */
  private Pending current(String roomId, String messageId, IndexSearcher searcher) throws IOException {
    Unseen unseen = unrefreshedById.get(messageId);
    if (unseen != null) {
      return unseen.pending().message().roomId().equals(roomId) ? unseen.pending() : null;
    }
    Query byId = new BooleanQuery.Builder()
        .add(KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(HistoryDocuments.ID, messageId)), BooleanClause.Occur.FILTER)
        .build();
    ScoreDoc[] hits = searcher.search(byId, 1).scoreDocs;
    if (hits.length == 0) {
      return null;
    }
    Document doc = searcher.storedFields().document(hits[0].doc);
    ChatMessage message = HistoryDocuments.message(doc);
    return new Pending(message.withCursor(null), HistoryDocuments.partition(doc), Long.parseLong(message.cursor()));
  }

  private void write(Pending pending, boolean replace) throws IOException {
    Document doc = HistoryDocuments.of(pending.message(), pending.partition(), pending.offset());
    if (replace) {
      writer.updateDocument(new Term(HistoryDocuments.ID, pending.message().id()), doc);
    } else {
      writer.addDocument(doc);
    }
    written++;
    unrefreshedById.put(pending.message().id(), new Unseen(pending, written));
  }

  private static HistoryStore openAt(Path dir, Map<Integer, Long> offsets) throws IOException {
    // Small segments from frequent refreshes stay in memory until merged, and skip being packed into a compound
    // file, which for a segment of a few messages cost more than writing it: live refreshes stay cheap.
    DeferredSyncDirectory directory = new DeferredSyncDirectory(new NRTCachingDirectory(FSDirectory.open(dir), 8, 64));
    IndexWriterConfig config = new IndexWriterConfig(new MessageAnalyzer())
        .setCodec(new HistoryCodec())
        .setUseCompoundFile(false)
        // Segments are written by whoever flushes (a refresh, a commit), never by the writer thread in passing.
        .setCheckPendingFlushUpdate(false)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false);
    try {
      return new HistoryStore(directory, new IndexWriter(directory, config), offsets);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  private static Map<String, String> lastCommit(Path dir) throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      return SegmentInfos.readLatestCommit(directory).getUserData();
    } catch (IndexNotFoundException e) {
      return null;
    }
  }

  private static void wipe(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
        Files.delete(path);
      }
    }
  }

  private static String formatOffsets(Map<Integer, Long> offsets) {
    return offsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
  }

  private static Map<Integer, Long> parseOffsets(String text) {
    Map<Integer, Long> offsets = new HashMap<>();
    if (text == null || text.isEmpty()) {
      return offsets;
    }
    for (String entry : text.split(",")) {
      String[] parts = entry.split(":");
      offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
    }
    return offsets;
  }
}
