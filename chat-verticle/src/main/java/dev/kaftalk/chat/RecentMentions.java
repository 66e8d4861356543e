package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code chat.mentions}: the messages that mention the user, newest first across the rooms the user is in now (a room
 * left takes its mentions with it), a page at a time.
 */
final class RecentMentions {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final Supplier<Future<Void>> handedOutVisible;
  private final int defaultLimit;
  private final int maxLimit;

  /** @param handedOutVisible completes once every message handed out so far can be read: a mention just made is listed */
  RecentMentions(RoomDirectory directory, Timeline timeline, Supplier<Future<Void>> handedOutVisible,
      int defaultLimit, int maxLimit) {
    this.directory = directory;
    this.timeline = timeline;
    this.handedOutVisible = handedOutVisible;
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
  }

  Future<JsonObject> list(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    int limit = PageLimit.parse(body.getValue("limit"), defaultLimit, maxLimit);
    Object[] before = SearchCursor.parseOptional(body.getValue("before"));
    // Membership is read here, on the event loop that owns the directory; the page is read on a worker.
    List<String> rooms = directory.roomsOf(user).stream().filter(directory::has).toList();
    TermQuery mentionsUser = new TermQuery(new Term(HistoryDocuments.MENTIONS, user));
    return handedOutVisible.get()
        .compose(v -> timeline.read(searcher -> NewestFirstPage.of(searcher, mentionsUser, rooms, before, limit)))
        .map(page -> {
          JsonArray mentions = new JsonArray();
          page.messages().forEach(message -> mentions.add(message.toJson(user)));
          JsonObject answer = new JsonObject().put("mentions", mentions);
          return page.next() == null ? answer : answer.put("next", page.next());
        });
  }
}
