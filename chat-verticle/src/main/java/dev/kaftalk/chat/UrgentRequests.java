package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.ServiceException;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * "Notify anyway": {@code server.chat.send} again with the same clientMsgId and {@code urgent:true}. The message is
 * not written again; this instance decides, per quiet person it calls, whether that person's own settings let it
 * through now ({@link QuietCallees}), and writes the decision to the room's timeline as one
 * {@link TimelineEvent.Urgent}, which every instance applies alike. The answer waits until this instance applied it.
 * A recipient granted before is not granted again (nor counted); a message that calls nobody quiet writes nothing.
 */
final class UrgentRequests {

  private static final Logger LOG = LoggerFactory.getLogger(UrgentRequests.class);

  private final Membership membership;
  private final Timeline timeline;
  private final QuietCallees callees;
  private final RateLimiter limiter;
  private final EventLog log;
  private final Clock clock;

  UrgentRequests(Membership membership, Timeline timeline, QuietCallees callees, RateLimiter limiter, EventLog log,
      Clock clock) {
    this.membership = membership;
    this.timeline = timeline;
    this.callees = callees;
    this.limiter = limiter;
    this.log = log;
    this.clock = clock;
  }

  /**
   * @return {@code {message, urgent:[{username, delivered:"now"|"later", until}]}}, one entry per quiet person the
   *         message calls
   * @throws ServiceException 429 over the request rate; 404 (failed future) when the user sent no message with this
   *                          clientMsgId in the room (someone else's clientMsgId is no message of theirs)
   */
  Future<JsonObject> ask(String user, String roomId, String clientMsgId) {
    long now = clock.millis();
    if (!limiter.tryAcquire(user, now)) {
      throw new ServiceException(429, "Too many urgent requests; wait a moment");
    }
    return membership.requireMember(roomId, user).map(RoomRecord::id)
        .compose(room -> timeline.find(room, user, clientMsgId))
        .compose(message -> {
          if (message == null) {
            throw ServiceException.notFound("You sent no message with this clientMsgId here; send it first");
          }
          return decide(message, now);
        });
  }

  private Future<JsonObject> decide(ChatMessage message, long now) {
    List<QuietCallees.Callee> quiet = callees.of(message, now);
    List<String> grant = quiet.stream().filter(c -> c.canNotify() && !c.granted()).map(QuietCallees.Callee::username)
        .toList();
    Future<?> written = grant.isEmpty() ? Future.succeededFuture()
        : log.append(Topics.MESSAGES, message.roomId(), new TimelineEvent.Urgent(message.roomId(), message.id(),
            message.author(), grant, callees.reason(message), now));
    return written.map(v -> {
      if (!grant.isEmpty()) {
        LOG.info("Urgent message {} of {} granted to {}", message.id(), message.author(), grant);
      }
      JsonArray urgent = new JsonArray();
      quiet.forEach(c -> urgent.add(new JsonObject().put("username", c.username())
          .put("delivered", c.granted() || grant.contains(c.username()) ? "now" : "later").put("until", c.until())));
      return message.toReply(message.author()).put("urgent", urgent);
    });
  }
}
