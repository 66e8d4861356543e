package dev.kaftalk.chat;

import ch.qos.logback.classic.Level;
import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.testing.logs.LogRecorder;
import dev.kaftalk.model.Reaction;
import dev.kaftalk.model.ReplyRef;
import org.apache.lucene.index.Term;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history store on its own: what it keeps, what survives a reopen, and what makes it start over. */
class HistoryStoreTest {

  @TempDir
  Path dir;
  private LogRecorder log;

  @BeforeEach
  void recordWarnings() {
    log = LogRecorder.attach();
  }

  @AfterEach
  void stopRecording() {
    log.detach();
  }

  @Test
  void keepsMessagesSkipsResendsAndUnreadableRecordsAndResumesAfterTheLastCommit() throws IOException {
    TimelineEvent first = message("r1", "ada", "c1", "hello");
    List<HistoryStore.Applied> applied;
    try (HistoryStore store = HistoryStore.open(dir)) {
      applied = store.apply(List.of(
          input(0, 10, first),
          new HistoryStore.Input(0, 11, "{\"type\":\"pinned\",\"roomId\":\"r1\"}"),
          new HistoryStore.Input(0, 12, null),
          input(0, 13, new TimelineEvent.Joined("r1", "bob", 5L)),
          input(0, 14, message("r1", "ada", "c1", "hello again")),
          input(1, 3, message("r2", "bob", "c1", "other room"))));
      store.refresh();
      assertEquals(2, count(store));
    }
    assertEquals(List.of(10L, 13L, 14L, 3L), applied.stream().map(HistoryStore.Applied::offset).toList());
    assertEquals(List.of(false, false, true, false),
        applied.stream().map(HistoryStore.Applied::duplicate).toList());
    List<String> warnings = log.lines(Level.WARN).stream().filter(l -> l.contains("chat.messages-0@11")).toList();
    assertEquals(1, warnings.size(), log.lines(Level.WARN).toString());
    assertTrue(warnings.get(0).contains("'pinned'"), warnings.get(0));

    try (HistoryStore reopened = HistoryStore.open(dir)) {
      assertEquals(Map.of(0, 15L, 1, 4L), reopened.resumeOffsets());
      assertEquals(2, count(reopened));
    }
  }

  @Test
  void aJoinOrLeaveRepeatingTheRoomsLastOneForThatUserIsADuplicate() throws IOException {
    List<HistoryStore.Applied> applied;
    try (HistoryStore store = HistoryStore.open(dir)) {
      // Two instances joining bob at the same moment both write "joined"; likewise for leaving.
      applied = store.apply(List.of(
          input(0, 1, new TimelineEvent.Joined("r1", "bob", 1L)),
          input(0, 2, new TimelineEvent.Joined("r1", "bob", 2L)),
          input(0, 3, new TimelineEvent.Joined("r1", "cy", 3L)),
          input(0, 4, new TimelineEvent.Left("r1", "bob", 4L)),
          input(0, 5, new TimelineEvent.Left("r1", "bob", 5L)),
          input(1, 1, new TimelineEvent.Joined("r2", "bob", 6L)),
          input(0, 6, new TimelineEvent.Joined("r1", "bob", 7L))));
    }
    assertEquals(List.of(false, true, false, false, true, false, false),
        applied.stream().map(HistoryStore.Applied::duplicate).toList());
  }

  @Test
  void anUrgentBreakThroughChangesNoMessageAndNamesItsMessageAsItStands() throws IOException {
    TimelineEvent.Message original = message("r1", "ada", "c1", "@bob now");
    String id = original.message().id();
    try (HistoryStore store = HistoryStore.open(dir)) {
      List<HistoryStore.Applied> applied = store.apply(List.of(input(0, 7, original),
          input(0, 8, new TimelineEvent.Urgent("r1", id, "ada", List.of("bob"), "mention", 2L)),
          input(0, 9, new TimelineEvent.Urgent("r1", "no-such-message", "ada", List.of("bob"), "mention", 3L))));
      store.refresh();
      assertEquals(1, countInRoom(store, "r1"), "history pages never show an urgent event");
      assertEquals(3, count(store), "each urgent event is kept on a document of its own");
      assertEquals(id, applied.get(1).message().id());
      assertEquals("7", applied.get(1).message().cursor(), "the message's own cursor, for the quiet buffer");
      assertEquals(null, applied.get(2).message(), "an unknown message: nothing to break through");
    }
  }

  @Test
  void editsReactionsAndDeletesFoldIntoTheMessageEvenBeforeItIsVisible() throws IOException {
    TimelineEvent.Message original = message("r1", "ada", "c1", "helo wrold");
    String id = original.message().id();
    TimelineEvent.Message reply = new TimelineEvent.Message(new ChatMessage(UUID.randomUUID().toString(), "r1", "bob",
        2L, "c2", null, "yes", null, ReplyRef.of(original.message().withCursor("0"))));
    String thumbs = "\uD83D\uDC4D";
    try (HistoryStore store = HistoryStore.open(dir)) {
      List<HistoryStore.Applied> applied = store.apply(List.of(
          input(0, 0, original),
          input(0, 1, new TimelineEvent.Edited("r1", id, "ada", "hello world", 5L, List.of())),
          input(0, 2, new TimelineEvent.Reacted("r1", id, "bob", thumbs, true, 6L)),
          input(0, 3, new TimelineEvent.Reacted("r1", id, "carol", thumbs, true, 7L)),
          input(0, 4, new TimelineEvent.Reacted("r1", id, "bob", thumbs, true, 8L)),
          input(0, 5, new TimelineEvent.Edited("r1", id, "bob", "not mine", 9L, List.of())),
          input(0, 6, new TimelineEvent.Edited("r2", id, "ada", "wrong room", 9L, List.of())),
          input(0, 7, reply)));
      assertEquals(List.of(true, true, true, true, false, false, false, true),
          applied.stream().map(a -> a.message() != null).toList(), "which records changed something");
      store.refresh();
      ChatMessage stored = stored(store, id);
      assertEquals("hello world", stored.text());
      assertEquals(5L, stored.editedAt());
      assertEquals("0", stored.cursor());
      assertEquals(List.of(new Reaction(thumbs, List.of("bob", "carol"))), stored.reactions());
      assertEquals(1, countText(store, "world"));
      assertEquals(0, countText(store, "wrold"), "search finds the latest text only");

      store.apply(List.of(
          input(0, 8, new TimelineEvent.Reacted("r1", id, "bob", thumbs, false, 10L)),
          input(0, 9, new TimelineEvent.Deleted("r1", id, "ada", 11L)),
          input(0, 10, new TimelineEvent.Edited("r1", id, "ada", "back again", 12L, List.of()))));
      store.refresh();
      assertEquals(original.message().tombstone().withCursor("0"), stored(store, id));
      assertEquals(0, countText(store, "world"));
      assertEquals(ReplyRef.DELETED, stored(store, reply.message().id()).replyTo().excerpt());
      assertEquals(2, count(store), "a tombstone keeps the cursor");
    }
    try (HistoryStore reopened = HistoryStore.open(dir)) {
      assertTrue(stored(reopened, id).deleted());
    }
  }

  @Test
  void aRefreshBesideTheWriterForgetsOnlyWhatItShows() throws IOException {
    TimelineEvent.Message first = message("r1", "ada", "c1", "first");
    String id = first.message().id();
    String thumbs = "\uD83D\uDC4D";
    try (HistoryStore store = HistoryStore.open(dir)) {
      store.apply(List.of(input(0, 0, first)));
      long upTo = store.written();
      store.reopen();
      // Written after the reopen started: the searcher shows the message unedited and not the second one.
      store.apply(List.of(
          input(0, 1, new TimelineEvent.Edited("r1", id, "ada", "first, edited", 5L, List.of())),
          input(0, 2, message("r1", "bob", "c2", "second"))));
      store.reopened(upTo);

      List<HistoryStore.Applied> applied = store.apply(List.of(
          input(0, 3, message("r1", "ada", "c1", "first")),
          input(0, 4, message("r1", "bob", "c2", "second")),
          input(0, 5, new TimelineEvent.Reacted("r1", id, "bob", thumbs, true, 6L))));
      assertEquals(List.of(true, true, false), applied.stream().map(HistoryStore.Applied::duplicate).toList(),
          "resends of a shown and of a not yet shown message are both skipped");
      assertEquals("first, edited", applied.get(2).message().text(), "the reaction folds into the edited message");
      store.refresh();
      assertEquals(2, count(store));
      assertEquals("first, edited", stored(store, id).text());
      assertEquals(List.of(new Reaction(thumbs, List.of("bob"))), stored(store, id).reactions());
    }
  }

  @Test
  void aRecordLuceneRefusesIsSkippedAndTheStoreGoesOn() throws IOException {
    try (HistoryStore store = HistoryStore.open(dir)) {
      List<HistoryStore.Applied> applied = store.apply(List.of(
          input(0, 0, message("r1", "ada", "x".repeat(40_000), "a resend key longer than Lucene takes")),
          input(0, 1, message("r1", "ada", "c1", "next"))));
      store.refresh();
      assertEquals(List.of(1L), applied.stream().map(HistoryStore.Applied::offset).toList());
      assertEquals(1, count(store));
      assertEquals(null, store.failure());
    }
    assertTrue(log.lines(Level.WARN).stream().anyMatch(l -> l.contains("chat.messages-0@0")));
  }

  @Test
  void aCrashBeforeTheNextCommitLosesDataAndOffsetsTogether() throws IOException {
    HistoryStore store = HistoryStore.open(dir);
    store.apply(List.of(input(0, 0, message("r1", "ada", null, "one"))));
    store.commit();
    store.apply(List.of(input(0, 1, message("r1", "ada", null, "two"))));
    Path copy = crashCopy();
    store.close();
    try (HistoryStore recovered = HistoryStore.open(copy)) {
      assertEquals(Map.of(0, 1L), recovered.resumeOffsets());
      assertEquals(1, count(recovered));
    }
  }

  @Test
  void aCommitHoldsWhatWasAppliedWhenItWasPreparedAndCountsOnlyOnceFinished() throws IOException {
    HistoryStore store = HistoryStore.open(dir);
    store.apply(List.of(input(0, 0, message("r1", "ada", null, "one"))));
    store.commit();
    store.apply(List.of(input(0, 1, message("r1", "ada", null, "two"))));
    HistoryStore.Durable prepared = store.prepareCommit();
    // Applied while the commit waits for the disk: not part of it.
    store.apply(List.of(input(0, 2, message("r1", "ada", null, "three"))));
    try (HistoryStore crashedBeforeTheDisk = HistoryStore.open(crashCopy())) {
      assertEquals(Map.of(0, 1L), crashedBeforeTheDisk.resumeOffsets());
      assertEquals(1, count(crashedBeforeTheDisk));
    }
    prepared.finish();
    Path crashedAfter = crashCopy();
    store.close();
    try (HistoryStore recovered = HistoryStore.open(crashedAfter)) {
      assertEquals(Map.of(0, 2L), recovered.resumeOffsets());
      assertEquals(2, count(recovered));
    }
  }

  @Test
  void anUnreadableStoreStartsEmptyWithAWarning() throws IOException {
    try (HistoryStore store = HistoryStore.open(dir)) {
      store.apply(List.of(input(0, 0, message("r1", "ada", null, "one"))));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(file, new byte[] {1, 2, 3});
      }
    }
    try (HistoryStore rebuilt = HistoryStore.open(dir)) {
      assertEquals(Map.of(), rebuilt.resumeOffsets());
      assertEquals(0, count(rebuilt));
    }
    assertTrue(log.lines(Level.WARN).stream().anyMatch(l -> l.contains("rebuilding it from Kafka")));
  }

  @Test
  void retentionRemovesOnlyWhatKafkaRemoved() throws IOException {
    try (HistoryStore store = HistoryStore.open(dir)) {
      List<HistoryStore.Input> inputs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        inputs.add(input(i % 2, i, message("r" + (i % 2), "ada", null, "m" + i)));
      }
      store.apply(inputs);
      store.deleteBefore(0, 6);
      // Partition 0 kept 6 and 8; partition 1 all five.
      assertEquals(7, count(store));
    }
  }

  /** The store's files as a killed process leaves them: copied while it is open, before a close would commit. */
  private Path crashCopy() throws IOException {
    Path copy = Files.createTempDirectory(dir.getParent(), "crashed");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static long countInRoom(HistoryStore store, String roomId) throws IOException {
    return count(store, KeywordField.newExactQuery(HistoryDocuments.ROOM, roomId));
  }

  private static long count(HistoryStore store) throws IOException {
    return count(store, new MatchAllDocsQuery());
  }

  private static long count(HistoryStore store, Query query) throws IOException {
    IndexSearcher searcher = store.searcher();
    try {
      return searcher.count(query);
    } finally {
      store.release(searcher);
    }
  }

  private static ChatMessage stored(HistoryStore store, String id) throws IOException {
    IndexSearcher searcher = store.searcher();
    try {
      ScoreDoc[] hits = searcher.search(new TermQuery(new Term(HistoryDocuments.ID, id)), 2).scoreDocs;
      assertEquals(1, hits.length, "one document per message");
      return HistoryDocuments.message(searcher.storedFields().document(hits[0].doc));
    } finally {
      store.release(searcher);
    }
  }

  private static int countText(HistoryStore store, String word) throws IOException {
    IndexSearcher searcher = store.searcher();
    try {
      return searcher.count(new TermQuery(new Term(HistoryDocuments.TEXT, word)));
    } finally {
      store.release(searcher);
    }
  }

  private static HistoryStore.Input input(int partition, long offset, TimelineEvent event) {
    return new HistoryStore.Input(partition, offset, TimelineEvent.CODEC.encode(event));
  }

  private static TimelineEvent.Message message(String room, String author, String clientMsgId, String text) {
    return new TimelineEvent.Message(new ChatMessage(UUID.randomUUID().toString(), room, author, 1L, clientMsgId,
        null, text, null));
  }
}
