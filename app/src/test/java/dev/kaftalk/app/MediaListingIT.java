package dev.kaftalk.app;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code GET /api/rooms/{id}/media}: a room's shared media, newest first, by kind, a page at a time, for members only;
 * a deleted message's file leaves the listing; anything but a kind, a cursor and a page size is a clear 400.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class MediaListingIT {

  private static final String PASSWORD = "correct horse battery";
  private static final Buffer PDF = Buffer.buffer("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
      .getBytes(StandardCharsets.US_ASCII));

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  /** A room with one of each kind, three photos, and a text message between them. */
  private record Shared(String roomId, Map<String, JsonObject> byName) {
    String id(String name) {
      return byName.get(name).getString("id");
    }
  }

  @Test
  void membersSeeTheRoomsMediaNewestFirstByKindAPageAtATimeWithoutDeletedOnes(Vertx vertx,
      VertxTestContext testContext) {
    Checkpoint all = testContext.checkpoint();
    Checkpoint byKind = testContext.checkpoint();
    Checkpoint paged = testContext.checkpoint();
    Checkpoint deletedGone = testContext.checkpoint();
    Checkpoint otherMember = testContext.checkpoint();
    Future<ChatClient> lia = ChatClient.register(vertx, app.port(), SharedInfra.unique("lia"), PASSWORD);
    Future<ChatClient> max = ChatClient.register(vertx, app.port(), SharedInfra.unique("max"), PASSWORD);
    Future.all(lia, max)
        .compose(v -> share(lia.result()))
        .compose(shared -> list(lia.result(), shared.roomId(), "").map(found -> {
          testContext.verify(() -> {
            assertEquals(List.of("photo-3.png", "report.pdf", "clip.webm", "photo-2.png", "clip.wav", "photo-1.png"),
                names(found.getJsonArray("messages")), "every kind, newest first, no text message");
            assertNull(found.getString("next"));
            all.flag();
          });
          return shared;
        }))
        .compose(shared -> Future.all(List.of(list(lia.result(), shared.roomId(), "?kind=image"),
                list(lia.result(), shared.roomId(), "?kind=voice"), list(lia.result(), shared.roomId(), "?kind=video"),
                list(lia.result(), shared.roomId(), "?kind=file")))
            .map(kinds -> {
              testContext.verify(() -> {
                assertEquals(List.of("photo-3.png", "photo-2.png", "photo-1.png"),
                    names(kinds.<JsonObject>resultAt(0).getJsonArray("messages")));
                JsonArray voice = kinds.<JsonObject>resultAt(1).getJsonArray("messages");
                assertEquals(List.of("clip.wav"), names(voice));
                assertEquals(1000, voice.getJsonObject(0).getJsonObject("media").getLong("durationMs"), 50);
                assertEquals(List.of("clip.webm"), names(kinds.<JsonObject>resultAt(2).getJsonArray("messages")));
                assertEquals(List.of("report.pdf"), names(kinds.<JsonObject>resultAt(3).getJsonArray("messages")));
                byKind.flag();
              });
              return shared;
            }))
        .compose(shared -> list(lia.result(), shared.roomId(), "?kind=image&limit=2")
            .compose(first -> list(lia.result(), shared.roomId(), "?kind=image&limit=2&before=" + first.getString("next"))
                .map(second -> {
                  testContext.verify(() -> {
                    assertEquals(List.of("photo-3.png", "photo-2.png"), names(first.getJsonArray("messages")));
                    assertEquals(shared.byName().get("photo-2.png").getString("cursor"), first.getString("next"));
                    assertEquals(List.of("photo-1.png"), names(second.getJsonArray("messages")));
                    assertNull(second.getString("next"), "the last page says so");
                    paged.flag();
                  });
                  return shared;
                })))
        .compose(shared -> lia.result().call(HttpMethod.DELETE, "/api/rooms/" + shared.roomId() + "/messages/"
                + shared.id("photo-2.png"), null)
            .compose(deleted -> Future.all(list(lia.result(), shared.roomId(), "?kind=image"),
                    list(lia.result(), shared.roomId(), ""))
                .map(after -> {
                  testContext.verify(() -> {
                    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
                    assertEquals(List.of("photo-3.png", "photo-1.png"),
                        names(after.<JsonObject>resultAt(0).getJsonArray("messages")));
                    assertEquals(List.of("photo-3.png", "report.pdf", "clip.webm", "clip.wav", "photo-1.png"),
                        names(after.<JsonObject>resultAt(1).getJsonArray("messages")));
                    deletedGone.flag();
                  });
                  return shared;
                })))
        .compose(shared -> max.result().join(shared.roomId())
            .compose(v -> list(max.result(), shared.roomId(), "?kind=file&limit=1"))
            .map(found -> {
              testContext.verify(() -> {
                JsonObject message = found.getJsonArray("messages").getJsonObject(0);
                assertEquals(lia.result().username(), message.getString("author"));
                assertEquals(shared.byName().get("report.pdf").getString("cursor"), message.getString("cursor"),
                    "the cursor a permalink needs");
                otherMember.flag();
              });
              return null;
            }))
        .onFailure(testContext::failNow);
  }

  @Test
  void outsidersAreRefusedAndBadQueriesAre400(Vertx vertx, VertxTestContext testContext) {
    Map<String, Integer> refused = new LinkedHashMap<>();
    for (String query : List.of("kind=audio", "kind=IMAGE", "kind=", "kind=null", "kind=%5B%22image%22%5D",
        "kind=%7B%7D", "kind=image%00", "before=-1", "before=abc", "before=99999999999999999999", "before=1.5",
        "before=true", "before=%5B1%5D", "before=", "limit=0", "limit=201", "limit=-1", "limit=abc", "limit=1.5",
        "limit=99999999999999999999", "limit=true", "limit=null", "limit=")) {
      refused.put("?" + query, 400);
    }
    Checkpoint badQueries = testContext.checkpoint(refused.size());
    Checkpoint outsiders = testContext.checkpoint();
    Future<ChatClient> kim = ChatClient.register(vertx, app.port(), SharedInfra.unique("kim"), PASSWORD);
    Future<ChatClient> oz = ChatClient.register(vertx, app.port(), SharedInfra.unique("oz"), PASSWORD);
    Future.all(kim, oz)
        .compose(v -> kim.result().createRoom(SharedInfra.unique("secret")))
        .compose(room -> {
          String path = "/api/rooms/" + room.getString("id") + "/media";
          List<Future<?>> answers = new ArrayList<>();
          refused.forEach((query, status) -> answers.add(kim.result().get(path + query).map(response -> {
            testContext.verify(() -> {
              assertEquals(status, response.statusCode(), query + ": " + response.bodyAsString());
              assertEquals("bad_request", response.bodyAsJsonObject().getJsonObject("error").getString("code"),
                  query);
              badQueries.flag();
            });
            return null;
          })));
          Future<HttpResponse<Buffer>> anonymous = ChatClient.anonymous(vertx, app.port()).get(path);
          Future<HttpResponse<Buffer>> outsider = oz.result().get(path + "?kind=image");
          Future<HttpResponse<Buffer>> unknown = oz.result().get("/api/rooms/no-such-room/media");
          return Future.all(answers).compose(v -> Future.all(anonymous, outsider, unknown)).map(v -> {
            testContext.verify(() -> {
              assertEquals(401, anonymous.result().statusCode());
              assertEquals(403, outsider.result().statusCode(), outsider.result().bodyAsString());
              assertEquals(404, unknown.result().statusCode(), unknown.result().bodyAsString());
              outsiders.flag();
            });
            return null;
          });
        })
        .onFailure(testContext::failNow);
  }

  /** Shares, one after the other: a photo, a voice clip, a photo, a text, a video, a PDF, a photo. */
  private static Future<Shared> share(ChatClient user) {
    Map<String, JsonObject> byName = new LinkedHashMap<>();
    return user.createRoom(SharedInfra.unique("shared")).compose(room -> {
      String roomId = room.getString("id");
      Future<Void> chain = Future.succeededFuture();
      for (String name : List.of("photo-1.png", "clip.wav", "photo-2.png", "text", "clip.webm", "report.pdf",
          "photo-3.png")) {
        chain = chain.compose(v -> name.equals("text") ? sendText(user, roomId)
            : user.upload(roomId, name, bytes(name), "application/octet-stream", Map.of()).map(response -> {
              if (response.statusCode() != 201) {
                throw new IllegalStateException(name + ": " + response.statusCode() + " " + response.bodyAsString());
              }
              byName.put(name, response.bodyAsJsonObject().getJsonObject("message"));
              return null;
            }));
      }
      return chain.map(v -> new Shared(roomId, byName));
    });
  }

  private static Future<Void> sendText(ChatClient user, String roomId) {
    return user.connect().compose(bridge -> bridge.request(Addresses.CHAT_SEND,
            ChatContractIT.message(roomId, "look at these", SharedInfra.unique("t")))
        .compose(sent -> bridge.close()));
  }

  private static Buffer bytes(String name) {
    return switch (name) {
      case "clip.wav" -> MediaFixtures.wavSeconds(1);
      case "clip.webm" -> MediaFixtures.resource("video.webm");
      case "report.pdf" -> PDF;
      default -> MediaFixtures.image("png", 8 + name.length(), 8);
    };
  }

  private static Future<JsonObject> list(ChatClient user, String roomId, String query) {
    return user.get("/api/rooms/" + roomId + "/media" + query).compose(response -> response.statusCode() == 200
        ? Future.succeededFuture(response.bodyAsJsonObject())
        : Future.failedFuture(query + ": " + response.statusCode() + " " + response.bodyAsString()));
  }

  private static List<String> names(JsonArray messages) {
    return messages.stream().map(m -> ((JsonObject) m).getJsonObject("media").getString("name")).toList();
  }
}
