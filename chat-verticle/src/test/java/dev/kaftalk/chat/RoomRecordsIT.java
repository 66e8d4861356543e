package dev.kaftalk.chat;

import dev.kaftalk.model.Addresses;
import dev.kaftalk.model.MembershipRecord;
import dev.kaftalk.model.RoomRecord;
import dev.kaftalk.model.TimelineEvent;
import dev.kaftalk.model.Topics;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.TopicReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static dev.kaftalk.chat.ChatHarness.ask;
import static dev.kaftalk.chat.ChatHarness.roomId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What creating, joining and leaving a room write to Kafka, read back from the topics themselves. */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class})
class RoomRecordsIT {

  /** An event as "kind username", for comparing a room's timeline with what was done in it. */
  private static final TimelineEvent.Visitor<String> DESCRIBED = new TimelineEvent.Visitor<>() {
    @Override
    public String message(TimelineEvent.Message event) {
      return "message " + event.message().author();
    }

    @Override
    public String joined(TimelineEvent.Joined event) {
      return "joined " + event.username();
    }

    @Override
    public String left(TimelineEvent.Left event) {
      return "left " + event.username();
    }

    @Override
    public String edited(TimelineEvent.Edited event) {
      return "edited " + event.username();
    }

    @Override
    public String deleted(TimelineEvent.Deleted event) {
      return "deleted " + event.username();
    }

    @Override
    public String reacted(TimelineEvent.Reacted event) {
      return "reacted " + event.username();
    }

    @Override
    public String urgent(TimelineEvent.Urgent event) {
      return "urgent " + event.username();
    }
  };

  /** The records one room left in the topics. */
  private record Written(List<TopicReader.Read<String, RoomRecord>> rooms,
                         List<TopicReader.Read<String, TimelineEvent>> timeline,
                         List<MembershipRecord> memberships) {
  }

  @Test
  void membershipChangesAreStateAndTimelineEventsWithOneInstant(Vertx vertx, SharedInfra infra,
                                                                VertxTestContext testContext) {
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    TopicReader reader = TopicReader.of(infra);

    ChatHarness.deploy(vertx, infra)
        .compose(id -> ask(vertx, Addresses.ROOMS_CREATE, alice, new JsonObject().put("name", "Records room")))
        .map(reply -> reply.getString("id"))
        .compose(room -> ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(room))
            // A second join changes nothing, so it writes nothing either.
            .compose(v -> ask(vertx, Addresses.ROOMS_JOIN, bob, roomId(room)))
            .compose(v -> ask(vertx, Addresses.ROOMS_LEAVE, bob, roomId(room)))
            .compose(v -> vertx.executeBlocking(() -> new Written(
                reader.read(Topics.ROOMS, 1, room::equals, r -> true),
                reader.read(Topics.MESSAGES, 3, room::equals, e -> true),
                reader.read(Topics.MEMBERSHIPS, 3, key -> key.roomId().equals(room), m -> true).stream()
                    .map(TopicReader.Read::value).toList())))
            .map(written -> {
              testContext.verify(() -> {
                RoomRecord created = written.rooms().get(0).value();
                assertEquals(List.of(room, "Records room", alice), List.of(created.id(), created.name(),
                    created.createdBy()));
                assertTrue(created.createdAt() > 0);

                List<TimelineEvent> events = written.timeline().stream().map(TopicReader.Read::value).toList();
                assertEquals(List.of("joined " + alice, "joined " + bob, "left " + bob),
                    events.stream().map(e -> e.accept(DESCRIBED)).toList());
                events.forEach(e -> assertEquals(room, e.roomId()));

                // Keyed by (room, user): each user's changes are in order, the two users' in two partitions.
                List<MembershipRecord> bobs = written.memberships().stream().filter(m -> m.username().equals(bob))
                    .toList();
                List<MembershipRecord> alices = written.memberships().stream()
                    .filter(m -> m.username().equals(alice)).toList();
                assertEquals(List.of(true), alices.stream().map(MembershipRecord::member).toList());
                assertEquals(List.of(true, false), bobs.stream().map(MembershipRecord::member).toList());
                // The event and the state of one change carry the same instant.
                assertEquals(((TimelineEvent.Left) events.get(2)).ts(), bobs.get(1).ts());
                assertEquals(((TimelineEvent.Joined) events.get(1)).ts(), bobs.get(0).ts());
              });
              return written;
            }))
        .onComplete(testContext.succeedingThenComplete());
  }
}
