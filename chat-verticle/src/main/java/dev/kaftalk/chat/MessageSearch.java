package dev.kaftalk.chat;

import dev.kaftalk.model.Requests;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code chat.search}: messages of the rooms the user is a member of at the time of the query that match every word
 * of a {@link SearchQuery}, newest first, a page at a time, with where each matched ({@link SearchHighlights}).
 */
final class MessageSearch {

  private final RoomDirectory directory;
  private final Timeline timeline;
  private final RateLimiter limiter;
  private final SearchSettings settings;

  MessageSearch(RoomDirectory directory, Timeline timeline, RateLimiter limiter, SearchSettings settings) {
    this.directory = directory;
    this.timeline = timeline;
    this.limiter = limiter;
    this.settings = settings;
  }

  Future<JsonObject> search(Message<?> msg) {
    String user = Requests.user(msg);
    JsonObject body = Requests.body(msg);
    String q = body.getValue("q") instanceof String text ? text.strip() : "";
    if (q.isEmpty()) {
      throw ServiceException.badRequest("Type a word to search for");
    }
    if (q.length() > settings.maxQueryChars()) {
      throw ServiceException.badRequest("A search can be at most " + settings.maxQueryChars() + " characters");
    }
    ZoneId zone = zone(body.getValue("tz"));
    int limit = PageLimit.parse(body.getValue("limit"), settings.defaultLimit(), settings.maxLimit());
    Object[] before = SearchCursor.parseOptional(body.getValue("before"));
    // Membership is read here, on the event loop that owns the directory; the search runs on a worker.
    Map<String, String> rooms = roomsToSearch(user, body.getValue("room"));
    SearchQuery query = SearchQuery.parse(q, zone);
    if (!limiter.tryAcquire(user, System.currentTimeMillis())) {
      throw new ServiceException(429, "You are searching too fast; wait a moment");
    }
    return timeline.read(searcher -> run(searcher, query, rooms, before, limit, user));
  }

  /** Room id to lower-cased name, for the rooms this search may look in. */
  private Map<String, String> roomsToSearch(String user, Object room) {
    List<RoomRecord> rooms = room == null
        ? directory.roomsOf(user).stream().filter(directory::has).map(directory::require).toList()
        : List.of(directory.requireMember(room.toString(), user));
    return rooms.stream().collect(Collectors.toMap(RoomRecord::id, r -> r.name().toLowerCase(Locale.ROOT)));
  }

  private static JsonObject run(IndexSearcher searcher, SearchQuery query, Map<String, String> rooms,
      Object[] before, int limit, String viewer) throws IOException {
    List<String> roomIds = rooms.entrySet().stream()
        .filter(room -> query.roomNames().isEmpty()
            || query.roomNames().stream().anyMatch(name -> name.toLowerCase(Locale.ROOT).equals(room.getValue())))
        .map(Map.Entry::getKey).toList();
    BooleanQuery.Builder all = new BooleanQuery.Builder().add(query.text(), BooleanClause.Occur.MUST);
    query.filters().forEach(filter -> all.add(filter, BooleanClause.Occur.FILTER));
    NewestFirstPage page = NewestFirstPage.of(searcher, all.build(), roomIds, before, limit);
    Set<String> terms = query.terms();
    Set<String> prefixes = query.prefixes();
    JsonArray results = new JsonArray();
    page.messages().forEach(message -> results.add(new JsonObject().put("message", message.toJson(viewer))
        .put("highlights", SearchHighlights.of(message.text(), terms, prefixes))));
    JsonObject answer = new JsonObject().put("results", results);
    return page.next() == null ? answer : answer.put("next", page.next());
  }

  private static ZoneId zone(Object value) {
    if (value == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(value.toString());
    } catch (DateTimeException e) {
      throw ServiceException.badRequest("tz is not a time zone such as Europe/Berlin");
    }
  }
}
