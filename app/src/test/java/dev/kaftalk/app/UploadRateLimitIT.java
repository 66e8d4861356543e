package dev.kaftalk.app;

import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One user uploading faster than {@code media.uploadsPerMinute} is refused with 429; other users are not. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class UploadRateLimitIT {

  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config ->
      config.put("media", config.getJsonObject("media", new JsonObject()).put("uploadsPerMinute", 2)));

  @Test
  void uploadsBeyondTheUserLimitGet429WithRetryAfterAndOthersStillUpload(Vertx vertx, VertxTestContext testContext) {
    Checkpoint allowed = testContext.checkpoint();
    Checkpoint refused = testContext.checkpoint();
    Checkpoint otherUser = testContext.checkpoint();
    Buffer png = MediaFixtures.image("png", 32, 24);
    Future<ChatClient> ivy = ChatClient.register(vertx, app.port(), SharedInfra.unique("ivy"), PASSWORD);
    Future<ChatClient> jon = ChatClient.register(vertx, app.port(), SharedInfra.unique("jon"), PASSWORD);
    Future.all(ivy, jon)
        .compose(both -> ivy.result().createRoom(SharedInfra.unique("pics")))
        .compose(room -> {
          String roomId = room.getString("id");
          return jon.result().join(roomId)
              .compose(v -> upload(ivy.result(), roomId, png, "1"))
              .compose(first -> upload(ivy.result(), roomId, png, "2").map(second -> {
                testContext.verify(() -> {
                  assertEquals(201, first.statusCode(), first.bodyAsString());
                  assertEquals(201, second.statusCode(), second.bodyAsString());
                  allowed.flag();
                });
                return roomId;
              }));
        })
        .compose(roomId -> upload(ivy.result(), roomId, png, "3").compose(third -> {
          testContext.verify(() -> {
            assertEquals(429, third.statusCode(), third.bodyAsString());
            assertNotNull(third.getHeader("Retry-After"));
            assertTrue(Integer.parseInt(third.getHeader("Retry-After")) > 0);
            JsonObject error = third.bodyAsJsonObject().getJsonObject("error");
            assertTrue(error.getString("message").contains("too fast"), error.encode());
            refused.flag();
          });
          return upload(jon.result(), roomId, png, "4");
        }))
        .onComplete(testContext.succeeding(jons -> testContext.verify(() -> {
          assertEquals(201, jons.statusCode(), jons.bodyAsString());
          otherUser.flag();
        })));
  }

  private static Future<HttpResponse<Buffer>> upload(ChatClient user, String roomId, Buffer png, String id) {
    return user.upload(roomId, "pic.png", png, "image/png", Map.of("clientMsgId", "up-" + id));
  }
}
