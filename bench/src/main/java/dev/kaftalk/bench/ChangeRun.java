package dev.kaftalk.bench;

import dev.kaftalk.model.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * Edits and reactions at a fixed rate on open tabs, each measured from the request to its frame on every socket of
 * the room's members. Each room has one target message, written by its first member; changes go round the rooms and
 * alternate: the author rewrites the text, the second member toggles a thumbs-up. A room has at most one change in
 * flight, so each frame belongs to the change it matches (a newer text, or the reaction in its new state).
 */
final class ChangeRun implements Tabs.Receiver {

  static final String EDIT = "edit";
  static final String REACTION = "reaction";
  private static final String THUMBS_UP = "\uD83D\uDC4D";

  /** One change in flight: the frame it waits for and the sockets that have it. */
  private record InFlight(String kind, long startNanos, Predicate<JsonObject> frame, Set<Integer> reached) {
  }

  private final Vertx vertx;
  private final Tabs tabs;
  private final double rate;
  private final int total;
  private final long graceMs;
  private final String[] targets;
  private final boolean[] reacted;
  /** Set on the pacer's thread, read on the client's event loops. */
  private final AtomicReferenceArray<InFlight> inFlight;
  private final Latencies editEvery = new Latencies();
  private final Latencies editEach = new Latencies();
  private final Latencies editReply = new Latencies();
  private final Latencies reactionEvery = new Latencies();
  private final Latencies reactionEach = new Latencies();
  private final Latencies reactionReply = new Latencies();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();

  /** @param targets each room's target message id, by room index */
  ChangeRun(Vertx vertx, Tabs tabs, String[] targets, double rate, double seconds, long graceMs) {
    this.vertx = vertx;
    this.tabs = tabs;
    this.targets = targets;
    this.rate = rate;
    this.total = (int) Math.round(rate * seconds);
    this.graceMs = graceMs;
    this.reacted = new boolean[targets.length];
    this.inFlight = new AtomicReferenceArray<>(targets.length);
  }

  /** Changes at the rate, then waits for the last frames (or the grace period), and answers the figures. */
  Future<JsonObject> run() {
    return Pacer.run(vertx, rate, total, this::change)
        .compose(end -> settle(System.currentTimeMillis() + graceMs))
        .map(v -> figures());
  }

  @Override
  public void pushed(int socket, JsonObject frame) {
    long now = System.nanoTime();
    int room = tabs.population().shape().roomOfSocket(socket);
    InFlight change = inFlight.get(room);
    if (change == null || !change.frame().test(frame) || !change.reached().add(socket)) {
      return;
    }
    boolean edit = EDIT.equals(change.kind());
    (edit ? editEach : reactionEach).record(now - change.startNanos());
    if (change.reached().size() == tabs.population().shape().socketsPerRoom()) {
      (edit ? editEvery : reactionEvery).record(now - change.startNanos());
      done.incrementAndGet();
    }
  }

  private void change(int seq) {
    LoadShape shape = tabs.population().shape();
    int room = seq % shape.rooms();
    InFlight previous = inFlight.get(room);
    if (previous != null && previous.reached().size() < shape.socketsPerRoom()) {
      skipped.incrementAndGet();
      return;
    }
    String roomId = tabs.population().roomIds().get(room);
    String messageId = targets[room];
    int firstMember = room * shape.roomSize();
    JsonObject body = new JsonObject().put("roomId", roomId).put("messageId", messageId);
    InFlight change;
    BridgeSocket from;
    String address;
    if ((seq / shape.rooms()) % 2 == 0) {
      String text = "edited " + seq;
      body.put("text", text);
      from = tabs.socket(firstMember * shape.tabs());
      address = Addresses.CHAT_EDIT;
      change = new InFlight(EDIT, System.nanoTime(), frame -> "edited".equals(frame.getString("type"))
          && text.equals(frame.getJsonObject("message").getString("text")), ConcurrentHashMap.newKeySet());
    } else {
      boolean on = !reacted[room];
      reacted[room] = on;
      from = tabs.socket((firstMember + 1) * shape.tabs());
      String reactor = from.user().name();
      body.put("emoji", THUMBS_UP).put("on", on);
      address = Addresses.CHAT_REACT;
      change = new InFlight(REACTION, System.nanoTime(), frame -> "reactions".equals(frame.getString("type"))
          && messageId.equals(frame.getString("messageId"))
          && reactedBy(frame.getJsonArray("reactions"), reactor) == on, ConcurrentHashMap.newKeySet());
    }
    inFlight.set(room, change);
    unanswered.incrementAndGet();
    from.request(address, body).onComplete(reply -> {
      unanswered.decrementAndGet();
      if (reply.failed() || reply.result().failed()) {
        refused.incrementAndGet();
      } else {
        (EDIT.equals(change.kind()) ? editReply : reactionReply).record(System.nanoTime() - change.startNanos());
      }
    });
  }

  private static boolean reactedBy(JsonArray reactions, String user) {
    return reactions != null && reactions.stream().map(JsonObject.class::cast)
        .anyMatch(r -> THUMBS_UP.equals(r.getString("emoji")) && r.getJsonArray("users").contains(user));
  }

  private Future<Void> settle(long deadline) {
    int rooms = tabs.population().shape().rooms();
    int perRoom = tabs.population().shape().socketsPerRoom();
    boolean allReached = true;
    for (int room = 0; room < rooms; room++) {
      InFlight change = inFlight.get(room);
      allReached &= change == null || change.reached().size() == perRoom;
    }
    if (allReached && unanswered.get() == 0 || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(50).compose(t -> settle(deadline));
  }

  private JsonObject figures() {
    long started = total - skipped.get();
    return new JsonObject()
        .put("targetChangesPerSecond", rate)
        .put("changes", started)
        .put("skippedRoomBusy", skipped.get())
        .put("refused", refused.get())
        .put("unanswered", unanswered.get())
        .put("reachedEverySocket", done.get())
        .put("incomplete", started - refused.get() - done.get())
        .put("edit", kind(editEvery, editEach, editReply))
        .put("reaction", kind(reactionEvery, reactionEach, reactionReply));
  }

  private static JsonObject kind(Latencies every, Latencies each, Latencies reply) {
    return new JsonObject()
        .put("toEverySocketMs", Latencies.summary(every.total()))
        .put("toEachSocketMs", Latencies.summary(each.total()))
        .put("replyMs", Latencies.summary(reply.total()));
  }
}
