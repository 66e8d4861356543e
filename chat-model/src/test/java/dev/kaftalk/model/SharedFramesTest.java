package dev.kaftalk.model;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertSame;

@ExtendWith(VertxExtension.class)
class SharedFramesTest {

  @Test
  void everyConsumerOfAPublishedFrameGetsTheSameInstance(Vertx vertx, VertxTestContext testContext) {
    EventBus bus = vertx.eventBus();
    // Both publishing verticles register it; the second registration must not fail.
    SharedFrames.register(bus);
    SharedFrames.register(bus);
    JsonObject frame = new JsonObject().put("type", "typing").put("roomId", "r").put("username", "ann");
    Checkpoint received = testContext.checkpoint(3);
    List<Future<Void>> consumers = IntStream.range(0, 3)
        .mapToObj(i -> bus.<JsonObject>consumer("client.inbox.shared-test", msg -> testContext.verify(() -> {
          assertSame(frame, msg.body());
          received.flag();
        })).completion())
        .toList();
    Future.all(consumers).onComplete(testContext.succeeding(
        all -> bus.publish("client.inbox.shared-test", frame, SharedFrames.OPTIONS)));
  }
}
