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
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import dev.kaftalk.model.MembershipRecord;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.TopicReader;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.kaftalk.chat.ChatHarness.PASSWORD;
import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.memberOn;
import static dev.kaftalk.chat.ChatHarness.eventually;
import static dev.kaftalk.chat.ChatHarness.history;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static dev.kaftalk.chat.ChatHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two chat instances on one Kafka, each in its own Vert.x so that each has its own event bus, as two processes do:
 * they agree on order, on resends and on who registered a name first.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class TwoInstancesIT {

  private Vertx other;

  @BeforeEach
  void startOther() {
    other = Vertx.vertx();
  }

  @AfterEach
  void closeOther() throws Exception {
    other.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Future<Void> deployBoth(Vertx vertx, SharedInfra infra) {
    return ChatHarness.deploy(vertx, infra).compose(id -> ChatHarness.deploy(other, infra)).mapEmpty();
  }

  @Test
  void bothInstancesSeeTheSameOrder(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String[] room = new String[1];
    Checkpoint sameOrder = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> ChatHarness.room(vertx, alice, bob))
        .compose(id -> {
          room[0] = id;
          return memberOn(other, bob, id);
        })
        .compose(v -> {
          List<Future<JsonObject>> sends = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            sends.add(ChatHarness.send(vertx, alice, room[0], "a" + i));
            sends.add(ChatHarness.send(other, bob, room[0], "b" + i));
          }
          return Future.all(sends);
        })
        .compose(v -> Future.all(
            eventually(vertx, () -> history(vertx, alice, roomId(room[0])), page -> page.size() == 10, 10_000),
            eventually(other, () -> history(other, bob, roomId(room[0])), page -> page.size() == 10, 10_000)))
        .onComplete(testContext.succeeding(pages -> testContext.verify(() -> {
          JsonArray here = pages.resultAt(0);
          JsonArray there = pages.resultAt(1);
          assertEquals(here, there);
          sameOrder.flag();
        })));
  }

  @Test
  void resendOnTheOtherInstanceReturnsTheOriginal(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String sequential = SharedInfra.unique("c");
    String racing = SharedInfra.unique("c");
    String[] room = new String[1];
    Checkpoint sequentialResend = testContext.checkpoint();
    Checkpoint racingResend = testContext.checkpoint();
    Checkpoint postedOnceEach = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> ChatHarness.room(vertx, alice))
        .compose(id -> {
          room[0] = id;
          return memberOn(other, alice, id);
        })
        .compose(v -> ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "first", sequential)))
        .compose(first -> ask(other, Addresses.CHAT_SEND, alice, text(room[0], "first", sequential)).map(resend -> {
          testContext.verify(() -> assertEquals(first, resend));
          sequentialResend.flag();
          return null;
        }))
        .compose(v -> Future.all(
            ask(vertx, Addresses.CHAT_SEND, alice, text(room[0], "racing", racing)),
            ask(other, Addresses.CHAT_SEND, alice, text(room[0], "racing", racing))))
        .compose(both -> {
          testContext.verify(() -> assertEquals(both.<JsonObject>resultAt(0), both.resultAt(1)));
          racingResend.flag();
          return Future.all(
              eventually(vertx, () -> history(vertx, alice, roomId(room[0])), page -> page.size() >= 2, 10_000),
              eventually(other, () -> history(other, alice, roomId(room[0])), page -> page.size() >= 2, 10_000));
        })
        .onComplete(testContext.succeeding(pages -> testContext.verify(() -> {
          assertEquals(2, pages.<JsonArray>resultAt(0).size());
          assertEquals(pages.<JsonArray>resultAt(0), pages.resultAt(1));
          postedOnceEach.flag();
        })));
  }

  @Test
  void concurrentRegistrationsOfOneNameHaveOneWinner(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    Checkpoint oneWinner = testContext.checkpoint();
    Checkpoint winnerLogsInOnBoth = testContext.checkpoint();
    JsonObject here = new JsonObject().put("username", name).put("password", PASSWORD + "-here");
    JsonObject there = new JsonObject().put("username", name).put("password", PASSWORD + "-there");

    deployBoth(vertx, infra)
        .compose(v -> {
          Future<JsonObject> registeredHere = ask(vertx, Addresses.ACCOUNT_REGISTER, null, here);
          Future<JsonObject> registeredThere = ask(other, Addresses.ACCOUNT_REGISTER, null, there);
          return Future.join(registeredHere, registeredThere).transform(done -> {
            testContext.verify(() -> {
              assertTrue(registeredHere.succeeded() ^ registeredThere.succeeded(), "exactly one registration wins");
              Future<JsonObject> loser = registeredHere.succeeded() ? registeredThere : registeredHere;
              assertEquals(409, ((ReplyException) loser.cause()).failureCode());
            });
            oneWinner.flag();
            return Future.succeededFuture(registeredHere.succeeded());
          });
        })
        .compose(hereWon -> {
          JsonObject winner = hereWon ? here : there;
          JsonObject loser = hereWon ? there : here;
          return Future.all(
              ask(vertx, Addresses.ACCOUNT_LOGIN, null, winner),
              ask(other, Addresses.ACCOUNT_LOGIN, null, winner),
              ChatHarness.refused(ask(vertx, Addresses.ACCOUNT_LOGIN, null, loser)),
              ChatHarness.refused(ask(other, Addresses.ACCOUNT_LOGIN, null, loser)));
        })
        .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
          assertEquals(name, all.<JsonObject>resultAt(0).getString("username"));
          assertEquals(name, all.<JsonObject>resultAt(1).getString("username"));
          assertEquals(401, all.<ReplyException>resultAt(2).failureCode());
          assertEquals(401, all.<ReplyException>resultAt(3).failureCode());
          winnerLogsInOnBoth.flag();
        })));
  }

  @Test
  void aRoomCreatedElsewhereAMomentAgoCanBeJoinedAtOnce(Vertx vertx, SharedInfra infra,
                                                       VertxTestContext testContext) {
    String bob = SharedInfra.unique("bob");
    String roomId = SharedInfra.unique("room");
    Checkpoint joined = testContext.checkpoint();
    Checkpoint unknownStillRefused = testContext.checkpoint();
    // The room record as another instance writes it; the join follows its ack at once, before this instance's
    // consumer can have fetched it.
    KafkaProducer<String, String> elsewhere =
        KafkaProducer.create(vertx, infra.kafkaSettings().producer(SharedInfra.unique("chat-test")));
    JsonObject room = new JsonObject().put("id", roomId).put("name", "made elsewhere").put("createdBy", "alice")
        .put("createdAt", System.currentTimeMillis());

    ChatHarness.deploy(vertx, infra)
        .compose(v -> elsewhere.send(KafkaProducerRecord.create(Topics.ROOMS.name(), roomId, room.encode())))
        .compose(meta -> ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(roomId)))
        .compose(v -> history(vertx, bob, roomId(roomId)))
        .compose(page -> {
          joined.flag();
          return ChatHarness.refused(ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(SharedInfra.unique("nowhere"))));
        })
        .eventually(elsewhere::close)
        .onComplete(testContext.succeeding(refusal -> testContext.verify(() -> {
          assertEquals(404, refusal.failureCode());
          unknownStillRefused.flag();
        })));
  }

  @Test
  void aJoinMadeElsewhereAMomentAgoLetsTheUserSendUploadAndReadAtOnce(Vertx vertx, SharedInfra infra,
                                                                      VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    String mallory = SharedInfra.unique("mallory");
    Checkpoint sent = testContext.checkpoint();
    Checkpoint uploadAllowed = testContext.checkpoint();
    Checkpoint read = testContext.checkpoint();
    Checkpoint othersStillRefused = testContext.checkpoint();
    // The membership as another instance writes it; each request follows its ack at once, before this instance's
    // consumer can have fetched it. A fresh room for each request, so that no catch-up helps the next one.
    KafkaProducer<String, String> elsewhere =
        KafkaProducer.create(vertx, infra.kafkaSettings().producer(SharedInfra.unique("chat-test")));
    Supplier<Future<String>> joinedElsewhere = () -> ChatHarness.room(vertx, alice).compose(roomId -> {
      MembershipRecord joined = new MembershipRecord(roomId, bob, true, System.currentTimeMillis());
      return elsewhere.send(KafkaProducerRecord.create(Topics.MEMBERSHIPS.name(),
          Topics.MEMBERSHIPS.keys().encode(joined.key()), Topics.MEMBERSHIPS.values().encode(joined)))
          .map(meta -> roomId);
    });

    ChatHarness.deploy(vertx, infra)
        .compose(v -> joinedElsewhere.get())
        .compose(roomId -> ChatHarness.send(vertx, bob, roomId, "right after joining"))
        .compose(message -> {
          testContext.verify(() -> assertEquals(bob, message.getString("author")));
          sent.flag();
          return joinedElsewhere.get();
        })
        .compose(roomId -> ask(vertx, Addresses.ROOMS_MEMBER_CHECK, bob, roomId(roomId)))
        .compose(check -> {
          uploadAllowed.flag();
          return joinedElsewhere.get();
        })
        .compose(roomId -> history(vertx, bob, roomId(roomId)).map(page -> roomId))
        .compose(roomId -> {
          read.flag();
          return ChatHarness.refused(ChatHarness.send(vertx, mallory, roomId, "not a member"));
        })
        .eventually(elsewhere::close)
        .onComplete(testContext.succeeding(refusal -> testContext.verify(() -> {
          assertEquals(403, refusal.failureCode());
          othersStillRefused.flag();
        })));
  }

  @Test
  void concurrentPasswordChangesOfOneUserHaveOneWinner(Vertx vertx, SharedInfra infra, VertxTestContext testContext) {
    String name = SharedInfra.unique("u");
    String here = PASSWORD + "-here";
    String there = PASSWORD + "-there";
    Checkpoint oneWinner = testContext.checkpoint();
    Checkpoint winnerCountsOnBoth = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> ChatHarness.registered(vertx, name))
        .compose(u -> eventually(other, () -> succeeds(ask(other, Addresses.ACCOUNT_LOGIN, null,
            AccountsIT.credentials(name, PASSWORD))), ok -> ok, 10_000))
        .compose(knownOnBoth -> {
          Future<JsonObject> changedHere = ask(vertx, Addresses.ACCOUNT_PASSWORD, name, AccountsIT.change(PASSWORD, here));
          Future<JsonObject> changedThere = ask(other, Addresses.ACCOUNT_PASSWORD, name,
              AccountsIT.change(PASSWORD, there));
          return Future.join(changedHere, changedThere).transform(done -> {
            testContext.verify(() -> {
              assertTrue(changedHere.succeeded() ^ changedThere.succeeded(), "exactly one change wins");
              Future<JsonObject> loser = changedHere.succeeded() ? changedThere : changedHere;
              assertEquals(409, ((ReplyException) loser.cause()).failureCode());
            });
            oneWinner.flag();
            return Future.succeededFuture(changedHere.succeeded() ? here : there);
          });
        })
        .compose(winner -> Future.all(
            AccountsIT.expectPassword(vertx, name, winner),
            eventually(other, () -> succeeds(AccountsIT.expectPassword(other, name, winner)), ok -> ok, 10_000)))
        .onComplete(testContext.succeeding(all -> winnerCountsOnBoth.flag()));
  }

  private static Future<Boolean> succeeds(Future<?> attempt) {
    return attempt.transform(ar -> Future.succeededFuture(ar.succeeded()));
  }

  @Test
  void peopleStartingOneDirectMessageAtOnceOnBothInstancesJoinItOnceEach(Vertx vertx, SharedInfra infra,
                                                                        VertxTestContext testContext) {
    String ann = SharedInfra.unique("ann");
    String bob = SharedInfra.unique("bob");
    Checkpoint everyAnswerHasBoth = testContext.checkpoint();
    Checkpoint oneJoinEach = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> Future.all(ChatHarness.registered(vertx, ann), ChatHarness.registered(vertx, bob)))
        .compose(v -> Future.all(startDm(vertx, ann, bob), startDm(other, ann, bob), startDm(vertx, bob, ann),
            startDm(other, bob, ann)))
        .compose(answers -> {
          List<JsonObject> rooms = answers.<JsonObject>list().stream().map(a -> a.getJsonObject("room")).toList();
          String roomId = rooms.get(0).getString("id");
          testContext.verify(() -> rooms.forEach(room -> {
            assertEquals(roomId, room.getString("id"));
            assertEquals(2, room.getInteger("memberCount"), "each answer has both people in: " + room.encode());
            assertTrue(room.getBoolean("joined"));
          }));
          everyAnswerHasBoth.flag();
          // One more than expected: a duplicate, written before the answers, would be read within the deadline.
          return vertx.executeBlocking(() -> new TopicReader(infra.bootstrapServers(), Duration.ofSeconds(3))
              .read(Topics.MESSAGES, 3, roomId::equals, event -> true));
        })
        .onComplete(testContext.succeeding(events -> testContext.verify(() -> {
          assertEquals(List.of(ann, bob), events.stream()
              .map(read -> ((TimelineEvent.Joined) read.value()).username()).sorted().toList());
          oneJoinEach.flag();
        })));
  }

  @Test
  void racingCreatesOfOnePublicNameKeepTheFirstCreatorOnBothInstances(Vertx vertx, SharedInfra infra,
                                                                      VertxTestContext testContext) {
    String name = SharedInfra.unique("Race room");
    String roomId = RoomIds.publicRoom(name);
    List<String> creators = List.of(SharedInfra.unique("ann"), SharedInfra.unique("bob"), SharedInfra.unique("cay"),
        SharedInfra.unique("dan"));
    Checkpoint firstWins = testContext.checkpoint();

    deployBoth(vertx, infra)
        .compose(v -> {
          List<Future<JsonObject>> creates = new ArrayList<>();
          for (int i = 0; i < creators.size(); i++) {
            creates.add(ask(i % 2 == 0 ? vertx : other, Addresses.ROOMS_CREATE, creators.get(i),
                new JsonObject().put("name", name)));
          }
          return Future.join(creates).transform(done -> {
            testContext.verify(() -> creates.stream().filter(Future::failed).forEach(refused ->
                assertEquals(409, ((ReplyException) refused.cause()).failureCode(), "only refused as taken")));
            return Future.succeededFuture(creates.stream().filter(Future::succeeded).count());
          });
        })
        .compose(created -> vertx.executeBlocking(() -> new TopicReader(infra.bootstrapServers(),
                Duration.ofSeconds(3)).read(Topics.ROOMS, creators.size() * 2, roomId::equals, room -> true))
            .compose(records -> Future.all(roomSeen(vertx, creators.get(0), roomId, created),
                    roomSeen(other, creators.get(1), roomId, created))
                .map(views -> {
                  String first = records.get(0).value().createdBy();
                  testContext.verify(() -> {
                    assertEquals(first, views.<JsonObject>resultAt(0).getString("createdBy"), "here");
                    assertEquals(first, views.<JsonObject>resultAt(1).getString("createdBy"), "there");
                    assertEquals(first, records.get(records.size() - 1).value().createdBy(),
                        "the record compaction keeps: " + records);
                  });
                  firstWins.flag();
                  return views;
                })))
        .onComplete(testContext.succeedingThenComplete());
  }

  private static Future<JsonObject> startDm(Vertx on, String user, String other) {
    return ask(on, Addresses.DMS_START, user, new JsonObject().put("usernames", new JsonArray().add(other)));
  }

  /** The room as {@code on} lists it, once all of its {@code members} show there. */
  private static Future<JsonObject> roomSeen(Vertx on, String user, String roomId, long members) {
    return eventually(on, () -> ChatHarness.askList(on, user).map(rooms -> rooms.stream()
            .map(JsonObject.class::cast).filter(room -> roomId.equals(room.getString("id"))).findFirst()
            .orElse(new JsonObject().put("memberCount", 0))),
        room -> room.getInteger("memberCount") == members, 10_000);
  }
}
