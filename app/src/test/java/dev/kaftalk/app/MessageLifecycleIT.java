package dev.kaftalk.app;

import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.TopicReader;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edit, delete and react through the public contract: REST and the bridge, what a photo's deletion removes, a tab that
 * was offline converging, and a quiet member's batch.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MessageLifecycleIT {

  private static final String PASSWORD = "correct horse battery";
  private static final String THUMBS = "\uD83D\uDC4D";

  @RegisterExtension
  static final RunningKaftalk KAFTALK = RunningKaftalk.withDefaults();

  private static MinioClient s3;
  private static SharedInfra shared;

  @BeforeAll
  static void s3Client(SharedInfra infra) {
    shared = infra;
    s3 = MinioClient.builder().endpoint(infra.s3Endpoint())
        .credentials(SharedInfra.ACCESS_KEY, SharedInfra.SECRET_KEY).region("us-east-1").build();
  }

  /** The room's creator and one other member, each with a socket. */
  private record Scene(ChatClient creator, ChatClient member, String roomId, BridgeConnection creatorSocket,
                       BridgeConnection memberSocket) {
  }

  private static Future<Scene> scene(Vertx vertx) {
    int port = KAFTALK.port();
    return Future.all(ChatClient.register(vertx, port, SharedInfra.unique("cora"), PASSWORD),
            ChatClient.register(vertx, port, SharedInfra.unique("max"), PASSWORD))
        .compose(users -> {
          ChatClient creator = users.resultAt(0);
          ChatClient member = users.resultAt(1);
          return creator.createRoom(SharedInfra.unique("room")).map(room -> room.getString("id"))
              .compose(roomId -> member.join(roomId)
                  .compose(v -> Future.all(creator.connect(), member.connect()))
                  .map(sockets -> new Scene(creator, member, roomId, sockets.resultAt(0), sockets.resultAt(1))));
        });
  }

  private static JsonObject target(String roomId, String messageId) {
    return new JsonObject().put("roomId", roomId).put("messageId", messageId);
  }

  private static String path(String roomId, String messageId) {
    return "/api/rooms/" + roomId + "/messages/" + messageId;
  }

  private static Future<JsonObject> send(BridgeConnection socket, String roomId, String text) {
    return socket.request("server.chat.send", ChatContractIT.message(roomId, text, SharedInfra.unique("c")))
        .map(reply -> reply.getJsonObject("message"));
  }

  @Test
  void restAndBridgeChangeMessagesAndEveryMemberSeesIt(Vertx vertx, VertxTestContext testContext) {
    Checkpoint refusals = testContext.checkpoint();
    Checkpoint framesAndHistory = testContext.checkpoint();
    scene(vertx).compose(s -> send(s.memberSocket(), s.roomId(), "helo").compose(sent -> {
      String id = sent.getString("id");
      Map<String, Future<Integer>> statuses = new HashMap<>();
      statuses.put("PATCH by another member: 403", status(s.creator().call(HttpMethod.PATCH, path(s.roomId(), id),
          new JsonObject().put("text", "x"))));
      statuses.put("PATCH text a number: 400", status(s.member().call(HttpMethod.PATCH, path(s.roomId(), id),
          new JsonObject().put("text", 7))));
      statuses.put("PATCH not JSON: 400", status(s.member().sendRaw(HttpMethod.PATCH, path(s.roomId(), id),
          Map.of("Content-Type", "application/json"), Buffer.buffer("{text"))));
      statuses.put("PATCH unknown message: 404", status(s.member().call(HttpMethod.PATCH,
          path(s.roomId(), "nope"), new JsonObject().put("text", "x"))));
      statuses.put("DELETE anonymous: 401", status(ChatClient.anonymous(vertx, KAFTALK.port())
          .call(HttpMethod.DELETE, path(s.roomId(), id), null)));
      statuses.put("bridge react with text: 400", refusal(s.memberSocket().request("server.chat.react",
          target(s.roomId(), id).put("emoji", "yes").put("on", true))));
      return Future.join(new ArrayList<>(statuses.values())).transform(done -> {
        testContext.verify(() -> {
          statuses.forEach((name, status) -> assertEquals(Integer.parseInt(name.substring(name.length() - 3)),
              status.result(), name));
          refusals.flag();
        });
        return s.member().call(HttpMethod.PATCH, path(s.roomId(), id), new JsonObject().put("text", "hello"));
      }).compose(patched -> {
        testContext.verify(() -> {
          assertEquals(200, patched.statusCode(), patched.bodyAsString());
          assertEquals("hello", patched.bodyAsJsonObject().getJsonObject("message").getString("text"));
        });
        return s.creatorSocket().request("server.chat.react", target(s.roomId(), id).put("emoji", THUMBS).put("on", true));
      }).compose(reacted -> s.memberSocket().request("server.chat.edit",
          target(s.roomId(), id).put("text", "hello, all")))
          .compose(edited -> s.creator().call(HttpMethod.DELETE, path(s.roomId(), id), null))
          .compose(deleted -> {
            testContext.verify(() -> assertEquals(204, deleted.statusCode(), "the room's creator deletes"));
            return Future.all(List.of(s.creatorSocket(), s.memberSocket()).stream()
                .map(socket -> socket.awaitFrame(f -> "deleted".equals(f.getString("type")))).toList());
          })
          .compose(v -> s.member().history(s.roomId(), ""))
          .map(history -> {
            testContext.verify(() -> {
              for (BridgeConnection socket : List.of(s.creatorSocket(), s.memberSocket())) {
                List<String> types = socket.frames().stream().map(f -> f.getString("type"))
                    .filter(t -> List.of("edited", "reactions", "deleted").contains(t)).toList();
                assertEquals(List.of("edited", "reactions", "edited", "deleted"), types);
              }
              JsonObject tombstone = history.getJsonObject(history.size() - 1);
              assertEquals(id, tombstone.getString("id"));
              assertTrue(tombstone.getBoolean("deleted"));
              assertFalse(tombstone.containsKey("text"));
            });
            return history;
          });
    })).onComplete(testContext.succeeding(v -> framesAndHistory.flag()));
  }

  @Test
  void deletingAPhotoRemovesItsObjectsAndTheTombstoneRecordHoldsNoReference(Vertx vertx,
      VertxTestContext testContext) {
    Checkpoint gone = testContext.checkpoint();
    String bucket = KAFTALK.kaftalk().config().getJsonObject("s3").getString("bucket");
    scene(vertx).compose(s -> s.member().upload(s.roomId(), "photo.png", MediaFixtures.image("png", 800, 600),
            "image/png", Map.of())
        .compose(uploaded -> {
          JsonObject message = uploaded.bodyAsJsonObject().getJsonObject("message");
          String mediaId = message.getJsonObject("media").getString("id");
          String key = "media/" + mediaId.replace('.', '/');
          return s.member().get("/api/media/" + mediaId)
              .compose(before -> {
                testContext.verify(() -> assertEquals(200, before.statusCode()));
                return s.member().call(HttpMethod.DELETE, path(s.roomId(), message.getString("id")), null);
              })
              .compose(deleted -> objectsGone(vertx, bucket, List.of(key, key + ".preview"),
                  System.currentTimeMillis() + 10_000))
              .compose(v -> Future.all(s.member().get("/api/media/" + mediaId),
                  s.member().get("/api/media/" + mediaId + "/preview")))
              .compose(downloads -> vertx.executeBlocking(() -> TopicReader.of(shared).read(Topics.MESSAGES, 2,
                  s.roomId()::equals, e -> e instanceof TimelineEvent.Message || e instanceof TimelineEvent.Deleted))
                  .map(records -> {
                    testContext.verify(() -> {
                      assertEquals(404, ((io.vertx.ext.web.client.HttpResponse<?>) downloads.resultAt(0)).statusCode());
                      assertEquals(404, ((io.vertx.ext.web.client.HttpResponse<?>) downloads.resultAt(1)).statusCode());
                      String tombstone = Topics.MESSAGES.values().encode(records.get(1).value());
                      assertTrue(records.get(1).value() instanceof TimelineEvent.Deleted, tombstone);
                      assertFalse(tombstone.contains(mediaId.substring(mediaId.indexOf('.') + 1)), tombstone);
                    });
                    return records;
                  }));
        }))
        .onComplete(testContext.succeeding(v -> gone.flag()));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aTabOfflineDuringChangesConvergesWithOneThatStayedOnline(Vertx vertx, VertxTestContext testContext) {
    Checkpoint same = testContext.checkpoint();
    scene(vertx).compose(s -> Future.all(send(s.creatorSocket(), s.roomId(), "one"),
            send(s.creatorSocket(), s.roomId(), "two"), send(s.creatorSocket(), s.roomId(), "three"))
        .compose(sent -> s.member().history(s.roomId(), "").compose(seen -> {
          // The member's tab goes offline; the one that stays online keeps its page up to date from frames.
          Map<String, JsonObject> online = new HashMap<>();
          seen.forEach(m -> online.put(((JsonObject) m).getString("id"), (JsonObject) m));
          return s.memberSocket().close().compose(closed -> s.member().connect()).compose(onlineTab -> {
            onlineTab.onFrame(frame -> applyFrame(online, frame, s.member().username()));
            String one = ((JsonObject) sent.resultAt(0)).getString("id");
            String two = ((JsonObject) sent.resultAt(1)).getString("id");
            String three = ((JsonObject) sent.resultAt(2)).getString("id");
            return s.creatorSocket().request("server.chat.edit", target(s.roomId(), one).put("text", "uno"))
                .compose(v -> s.creatorSocket().request("server.chat.delete", target(s.roomId(), two)))
                .compose(v -> s.creatorSocket().request("server.chat.react",
                    target(s.roomId(), three).put("emoji", THUMBS).put("on", true)))
                .compose(v -> s.creatorSocket().request("server.chat.react",
                    target(s.roomId(), three).put("emoji", "\uD83C\uDF89").put("on", true)))
                .compose(v -> onlineTab.request("server.chat.react",
                    target(s.roomId(), three).put("emoji", THUMBS).put("on", true)))
                .compose(v -> onlineTab.awaitFrame(f -> "reactions".equals(f.getString("type"))
                    && f.getJsonArray("reactions").getJsonObject(0).getInteger("count") == 2))
                .compose(v -> s.member().history(s.roomId(), ""))
                .map(reloaded -> {
                  testContext.verify(() -> {
                    for (Object item : reloaded) {
                      JsonObject message = (JsonObject) item;
                      assertEquals(message, online.get(message.getString("id")), "as the online tab shows it");
                    }
                    assertEquals(online.size(), reloaded.size());
                  });
                  return reloaded;
                });
          });
        })))
        .onComplete(testContext.succeeding(v -> same.flag()));
  }

  /**
   * What a browser does with a change frame to the message it shows. A frame's reactions say nobody's {@code mine};
   * with every user listed (as here, under 20), the viewer's own are those naming them.
   */
  private static void applyFrame(Map<String, JsonObject> page, JsonObject frame, String viewer) {
    switch (frame.getString("type")) {
      case "edited" -> {
        JsonObject message = frame.getJsonObject("message").copy();
        if (message.containsKey("reactions")) {
          message.put("reactions", asSeenBy(message.getJsonArray("reactions"), viewer));
        }
        page.put(message.getString("id"), message);
      }
      case "deleted" -> {
        JsonObject shown = page.get(frame.getString("messageId"));
        page.put(frame.getString("messageId"), new JsonObject().put("id", shown.getString("id"))
            .put("roomId", shown.getString("roomId")).put("author", shown.getString("author"))
            .put("ts", shown.getLong("ts")).put("cursor", frame.getString("cursor")).put("deleted", true));
      }
      case "reactions" -> {
        JsonObject shown = page.get(frame.getString("messageId")).copy();
        JsonArray reactions = frame.getJsonArray("reactions");
        if (reactions.isEmpty()) {
          shown.remove("reactions");
        } else {
          shown.put("reactions", asSeenBy(reactions, viewer));
        }
        page.put(shown.getString("id"), shown);
      }
      default -> { }
    }
  }

  private static JsonArray asSeenBy(JsonArray reactions, String viewer) {
    JsonArray seen = new JsonArray();
    reactions.forEach(r -> seen.add(((JsonObject) r).copy()
        .put("mine", ((JsonObject) r).getJsonArray("users").contains(viewer))));
    return seen;
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aQuietMembersBatchHoldsMessagesAsTheyStandAndNoDeletedOne(Vertx vertx, VertxTestContext testContext) {
    Checkpoint batched = testContext.checkpoint();
    scene(vertx).compose(s -> QuietFrames.put(s.member(), QuietFrames.snoozedUntil(System.currentTimeMillis()
            + 3_600_000))
        .compose(v -> Future.all(send(s.creatorSocket(), s.roomId(), "draft"),
            send(s.creatorSocket(), s.roomId(), "oops"), send(s.creatorSocket(), s.roomId(), "vote")))
        .compose(sent -> {
          String draft = ((JsonObject) sent.resultAt(0)).getString("id");
          String oops = ((JsonObject) sent.resultAt(1)).getString("id");
          String vote = ((JsonObject) sent.resultAt(2)).getString("id");
          return s.creatorSocket().request("server.chat.edit", target(s.roomId(), draft).put("text", "final"))
              .compose(v -> s.creatorSocket().request("server.chat.delete", target(s.roomId(), oops)))
              .compose(v -> s.creatorSocket().request("server.chat.react",
                  target(s.roomId(), vote).put("emoji", THUMBS).put("on", true)))
              .compose(v -> QuietFrames.get(s.member()))
              .compose(v -> {
                testContext.verify(() -> assertEquals(List.of(), s.memberSocket().frames().stream()
                    .filter(f -> List.of("message", "edited", "deleted", "reactions").contains(f.getString("type")))
                    .toList(), "nothing pushed while quiet"));
                return QuietFrames.put(s.member(), QuietFrames.snoozedUntil(System.currentTimeMillis() - 1));
              })
              .compose(v -> s.memberSocket().awaitFrame(f -> "batch".equals(f.getString("type"))))
              .map(batch -> {
                testContext.verify(() -> {
                  JsonArray messages = batch.getJsonArray("messages");
                  assertEquals(2, messages.size(), messages.encode());
                  assertEquals(draft, messages.getJsonObject(0).getString("id"));
                  assertEquals("final", messages.getJsonObject(0).getString("text"));
                  assertEquals(vote, messages.getJsonObject(1).getString("id"));
                  assertEquals(1, messages.getJsonObject(1).getJsonArray("reactions").getJsonObject(0)
                      .getInteger("count"));
                });
                return batch;
              });
        }))
        .onComplete(testContext.succeeding(v -> batched.flag()));
  }

  private static Future<Integer> status(Future<io.vertx.ext.web.client.HttpResponse<Buffer>> response) {
    return response.map(io.vertx.ext.web.client.HttpResponse::statusCode);
  }

  private static Future<Integer> refusal(Future<JsonObject> reply) {
    return reply.transform(ar -> ar.failed() && ar.cause() instanceof ReplyException e
        ? Future.succeededFuture(e.failureCode()) : Future.succeededFuture(ar.succeeded() ? 200 : 500));
  }

  /** Polls the store until none of the keys is there. */
  private static Future<Void> objectsGone(Vertx vertx, String bucket, List<String> keys, long deadline) {
    return vertx.executeBlocking(() -> {
          List<String> left = new ArrayList<>();
          for (String key : keys) {
            if (exists(bucket, key)) {
              left.add(key);
            }
          }
          return left;
        })
        .compose(left -> left.isEmpty() ? Future.<Void>succeededFuture()
            : System.currentTimeMillis() > deadline ? Future.failedFuture("still in the store: " + left)
            : vertx.timer(100).compose(t -> objectsGone(vertx, bucket, keys, deadline)));
  }

  private static boolean exists(String bucket, String key) throws Exception {
    try {
      s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }
}
