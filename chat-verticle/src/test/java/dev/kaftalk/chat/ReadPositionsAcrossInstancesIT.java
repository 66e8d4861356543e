package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.MembershipKey;
import dev.kaftalk.model.ReadPosition;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.TopicReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.kaftalk.chat.ChatHarness.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A read position is kept in a compacted topic: whatever survives compaction must be the furthest a user read. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class ReadPositionsAcrossInstancesIT {

  private static final int USERS = 12;

  @Test
  void twoDevicesMovingAtOnceLeaveTheFurthestPositionAsTheLastRecord(Vertx vertx, SharedInfra infra,
      VertxTestContext testContext) {
    Vertx other = Vertx.vertx();
    String creator = SharedInfra.unique("creator");
    List<String> readers = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      readers.add(SharedInfra.unique("reader" + i));
    }
    Checkpoint furthestLast = testContext.checkpoint();

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.deploy(other, infra))
        .compose(id -> ChatHarness.room(vertx, creator, readers.toArray(String[]::new)))
        .compose(room -> ChatHarness.send(vertx, creator, room, "first")
            .compose(first -> ChatHarness.send(vertx, creator, room, "second")
                .compose(second -> Future.all(readers.stream().map(u -> ChatHarness.memberOn(other, u, room)).toList())
                    .compose(v -> {
                      // Each reader's phone reads up to the second message on one instance while a lagging tab
                      // reports the first on the other, both before either position landed.
                      List<Future<JsonObject>> moves = new ArrayList<>();
                      for (String reader : readers) {
                        moves.add(ask(vertx, Addresses.ROOMS_READ, reader, position(room, second)));
                        moves.add(ask(other, Addresses.ROOMS_READ, reader, position(room, first)));
                      }
                      return Future.all(moves);
                    })
                    .compose(v -> vertx.executeBlocking(() ->
                        new TopicReader(infra.bootstrapServers(), Duration.ofSeconds(3))
                            .read(Topics.READ_POSITIONS, 3 * USERS, key -> key.roomId().equals(room), value -> true)))
                    .map(records -> {
                      Map<MembershipKey, ReadPosition> last = new HashMap<>();
                      records.forEach(r -> last.put(r.key(), r.value()));
                      return Map.entry(second.getString("cursor"), last);
                    }))))
        .eventually(() -> other.close())
        .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
          Map<MembershipKey, ReadPosition> last = result.getValue();
          assertEquals(USERS, last.size());
          last.values().forEach(position -> assertEquals(result.getKey(), position.cursor(),
              position.username() + "'s last record, the one compaction keeps"));
          furthestLast.flag();
        })));
  }

  private static JsonObject position(String roomId, JsonObject message) {
    return new JsonObject().put("roomId", roomId).put("cursor", message.getString("cursor"));
  }
}
