package dev.kaftalk.app;

import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.Eventually;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.TopicReader;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One user joining (leaving) a room from several tabs, or through two instances, at the same moment joins (leaves)
 * once: the other members are told once, and every instance lists the room's members right.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class ConcurrentMembershipIT {

  private static final String PASSWORD = "concurrent membership pw";
  /** Requests fired at once for one change. */
  private static final int AT_ONCE = 4;
  private static final long SETTLE_MS = 10_000;

  @RegisterExtension
  static final RunningKaftalk a = RunningKaftalk.withDefaults();
  @RegisterExtension
  static final RunningKaftalk b = RunningKaftalk.withDefaults();

  /**
   * One test's room and people: its owner listening on A, a member listening on B, and the one who joins, signed in on
   * A; the owner and the joiner also signed in on B, to ask B.
   */
  private record Room(String id, ChatClient owner, ChatClient ownerOnB, ChatClient joiner, ChatClient joinerOnB,
                      BridgeConnection onA, BridgeConnection onB) {
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void joinsAndLeavesFromTabsOfOneInstanceWriteOneEventEach(SharedInfra infra, Vertx vertx,
                                                            VertxTestContext testContext) {
    Checkpoint told = testContext.checkpoint();
    Checkpoint written = testContext.checkpoint();
    room(vertx, "tabs").compose(room -> ChatClient.login(vertx, a.port(), room.joiner().username(), PASSWORD)
            .compose(secondTab -> changeAtOnce(vertx, room, i -> i % 2 == 0 ? room.joiner() : secondTab, testContext))
            .compose(v -> vertx.executeBlocking(() -> TopicReader.of(infra).read(Topics.MESSAGES, 4,
                room.id()::equals, event -> traced(event, room.joiner().username())))))
        .onComplete(testContext.succeeding(records -> testContext.verify(() -> {
          told.flag();
          // Through one instance the second request finds the first one's change and writes nothing.
          assertEquals(List.of("joined", "message", "left", "message"),
              records.stream().map(r -> r.value().getClass().getSimpleName().toLowerCase(Locale.ROOT)).toList());
          written.flag();
        })));
  }

  @Test
  @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
  void joinsAndLeavesThroughTwoInstancesAreToldOnce(Vertx vertx, VertxTestContext testContext) {
    Checkpoint told = testContext.checkpoint();
    room(vertx, "instances")
        .compose(room -> changeAtOnce(vertx, room, i -> i % 2 == 0 ? room.joiner() : room.joinerOnB(), testContext))
        .onComplete(testContext.succeeding(v -> told.flag()));
  }

  private static Future<Room> room(Vertx vertx, String name) {
    Future<ChatClient> owner = ChatClient.register(vertx, a.port(), SharedInfra.unique("owner"), PASSWORD);
    Future<ChatClient> member = ChatClient.register(vertx, b.port(), SharedInfra.unique("member"), PASSWORD);
    Future<ChatClient> joiner = ChatClient.register(vertx, a.port(), SharedInfra.unique("joiner"), PASSWORD);
    return Future.all(owner, member, joiner)
        .compose(v -> owner.result().createRoom(SharedInfra.unique(name)))
        .map(created -> created.getString("id"))
        .compose(id -> member.result().join(id)
            .compose(v -> Future.all(owner.result().connect(), member.result().connect(),
                ChatClient.login(vertx, b.port(), owner.result().username(), PASSWORD),
                ChatClient.login(vertx, b.port(), joiner.result().username(), PASSWORD)))
            .map(all -> new Room(id, owner.result(), all.resultAt(2), joiner.result(), all.resultAt(3),
                all.resultAt(0), all.resultAt(1))));
  }

  /**
   * The joiner joins {@value AT_ONCE} times at once through {@code tab}, then leaves as many times; after each, both
   * listening members were told exactly once and both instances list the room's members right.
   */
  private static Future<Void> changeAtOnce(Vertx vertx, Room room, Function<Integer, ChatClient> tab,
                                           VertxTestContext testContext) {
    return Future.all(IntStream.range(0, AT_ONCE).mapToObj(i -> tab.apply(i).join(room.id())).toList())
        .compose(v -> toldOnce(room, "joined", testContext))
        .compose(v -> listed(vertx, room, 3, true))
        .compose(v -> Future.all(IntStream.range(0, AT_ONCE).mapToObj(i -> tab.apply(i).leave(room.id())).toList()))
        .compose(v -> toldOnce(room, "left", testContext))
        .compose(v -> listed(vertx, room, 2, false));
  }

  /**
   * Once a message sent after the change reached both listeners, each had one {@code room} frame of it: the timeline
   * is one order, so a second event for the change would have come before the message.
   */
  private static Future<Void> toldOnce(Room room, String event, VertxTestContext testContext) {
    String marker = "after " + event;
    return room.onA().request("server.chat.send", ChatContractIT.message(room.id(), marker, SharedInfra.unique("c")))
        .compose(sent -> Future.all(
            room.onA().awaitFrame(f -> isMessage(f, marker)), room.onB().awaitFrame(f -> isMessage(f, marker))))
        .map(v -> {
          testContext.verify(() -> {
            for (BridgeConnection socket : List.of(room.onA(), room.onB())) {
              assertEquals(1, socket.frames().stream()
                  .filter(f -> "room".equals(f.getString("type")) && event.equals(f.getString("event"))
                      && room.joiner().username().equals(f.getString("username")))
                  .count(), event + " frames: " + socket.frames());
            }
          });
          return null;
        });
  }

  /** Both instances count {@code members} in the room, and have the joiner in it, or not. */
  private static Future<Void> listed(Vertx vertx, Room room, int members, boolean joined) {
    return Future.all(List.of(
            Eventually.until(vertx, room.owner()::rooms, rooms -> memberCount(rooms, room.id()) == members, SETTLE_MS),
            Eventually.until(vertx, room.ownerOnB()::rooms, rooms -> memberCount(rooms, room.id()) == members,
                SETTLE_MS),
            Eventually.until(vertx, room.joiner()::rooms, rooms -> joinedBy(rooms, room.id()) == joined, SETTLE_MS),
            Eventually.until(vertx, room.joinerOnB()::rooms, rooms -> joinedBy(rooms, room.id()) == joined,
                SETTLE_MS)))
        .mapEmpty();
  }

  /** The timeline events the one-instance test follows: the joiner's joined and left, and the messages sent after. */
  private static boolean traced(TimelineEvent event, String joiner) {
    if (event instanceof TimelineEvent.Joined joined) {
      return joiner.equals(joined.username());
    }
    if (event instanceof TimelineEvent.Left left) {
      return joiner.equals(left.username());
    }
    return event instanceof TimelineEvent.Message posted && posted.message().text() != null
        && posted.message().text().startsWith("after ");
  }

  private static boolean isMessage(JsonObject frame, String text) {
    return "message".equals(frame.getString("type")) && text.equals(frame.getJsonObject("message").getString("text"));
  }

  private static int memberCount(JsonArray rooms, String roomId) {
    return find(rooms, roomId).getInteger("memberCount", -1);
  }

  private static boolean joinedBy(JsonArray rooms, String roomId) {
    return find(rooms, roomId).getBoolean("joined", false);
  }

  private static JsonObject find(JsonArray rooms, String roomId) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> roomId.equals(r.getString("id"))).findFirst()
        .orElse(new JsonObject());
  }
}
