package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.refused;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** History pages: latest, before, after, limits, and who may read. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class HistoryIT {

  private static List<String> texts(JsonArray messages) {
    return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }

  @Test
  void pagesBeforeAndAfterCursors(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    List<JsonObject> sent = new ArrayList<>();
    String[] room = new String[1];
    Checkpoint latest = testContext.checkpoint();
    Checkpoint before = testContext.checkpoint();
    Checkpoint after = testContext.checkpoint();
    Checkpoint afterLast = testContext.checkpoint();

    Future<Void> chain = ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .map(id -> {
          room[0] = id;
          return null;
        });
    for (int i = 1; i <= 7; i++) {
      String text = "m" + i;
      chain = chain.compose(v -> ChatHarness.send(vertx, alice, room[0], text)).map(m -> {
        sent.add(m);
        return null;
      });
    }
    chain
        .compose(v -> history(vertx, alice, roomId(room[0]).put("limit", 3)))
        .compose(page -> {
          testContext.verify(() -> assertEquals(List.of("m5", "m6", "m7"), texts(page)));
          latest.flag();
          return history(vertx, alice, roomId(room[0]).put("limit", "3").put("before", sent.get(4).getString("cursor")));
        })
        .compose(page -> {
          testContext.verify(() -> assertEquals(List.of("m2", "m3", "m4"), texts(page)));
          before.flag();
          return history(vertx, alice, roomId(room[0]).put("after", sent.get(1).getString("cursor")));
        })
        .compose(page -> {
          testContext.verify(() -> {
            assertEquals(List.of("m3", "m4", "m5", "m6", "m7"), texts(page));
            assertEquals(sent.subList(2, 7), page.getList());
          });
          after.flag();
          return history(vertx, alice, roomId(room[0]).put("after", sent.get(6).getString("cursor")));
        })
        .onComplete(testContext.succeeding(page -> testContext.verify(() -> {
          assertEquals(0, page.size());
          afterLast.flag();
        })));
  }

  @Test
  void refusesNonMembersAndBadParameters(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String eve = SharedInfra.unique("eve");
    Checkpoint refusals = testContext.checkpoint(6);

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ChatHarness.room(vertx, alice))
        .compose(room -> {
          List<Future<ReplyException>> attempts = List.of(
              refused(ask(vertx, Addresses.ROOMS_HISTORY, eve, roomId(room))),
              refused(ask(vertx, Addresses.ROOMS_HISTORY, alice, roomId(SharedInfra.unique("missing")))),
              refused(ask(vertx, Addresses.ROOMS_HISTORY, alice, roomId(room).put("limit", 0))),
              refused(ask(vertx, Addresses.ROOMS_HISTORY, alice, roomId(room).put("limit", 201))),
              refused(ask(vertx, Addresses.ROOMS_HISTORY, alice, roomId(room).put("before", "abc"))),
              refused(ask(vertx, Addresses.ROOMS_HISTORY, alice, roomId(room).put("after", "-1"))));
          List<Integer> expected = List.of(403, 404, 400, 400, 400, 400);
          return Future.all(attempts).map(all -> {
            testContext.verify(() -> {
              for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), attempts.get(i).result().failureCode(), "attempt " + i);
                refusals.flag();
              }
            });
            return null;
          });
        })
        .onComplete(testContext.succeeding(v -> { }));
  }
}
