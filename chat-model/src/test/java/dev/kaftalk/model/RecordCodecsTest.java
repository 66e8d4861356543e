package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every record shape that crosses Kafka survives its codec, and a malformed value is unreadable, nothing else. */
class RecordCodecsTest {

  private static final MediaRef IMAGE = new MediaRef("m1", MediaRef.IMAGE, "image/png", 2048, 640, 480, null);
  private static final MediaRef VOICE = new MediaRef("m2", MediaRef.VOICE, "audio/ogg", 4096, null, null, 3_000L);

  /** Each topic's value codec, by the name the malformed cases use. */
  private static final Map<String, Codec<?>> BY_TOPIC = Map.of(
      "accounts", Topics.ACCOUNTS.values(),
      "rooms", Topics.ROOMS.values(),
      "memberships", Topics.MEMBERSHIPS.values(),
      "messages", Topics.MESSAGES.values(),
      "quiet-hours", Topics.QUIET_HOURS.values(),
      "notification-levels", Topics.NOTIFICATION_LEVELS.values(),
      "media", MediaRef.CODEC);

  @Test
  void everyRecordShapeSurvivesItsCodec() {
    roundTrip(Topics.ACCOUNTS.values(), new AccountRecord("ada", "pbkdf2$x", 2, 10L, 20L));
    roundTrip(Topics.ACCOUNTS.values(), new AccountRecord("ada", "pbkdf2$x", 0, 10L, 0L));
    roundTrip(Topics.ROOMS.values(), new RoomRecord("r1", "general", "ada", 10L));
    roundTrip(Topics.ROOMS.values(), new RoomRecord("r2", "plans", "ada", 10L, RoomRecord.Kind.ROOM, true, List.of()));
    roundTrip(Topics.ROOMS.values(), new RoomRecord("r3", "ada, bob", null, 10L, RoomRecord.Kind.DM, true,
        List.of("ada", "bob")));
    roundTrip(Topics.MEMBERSHIPS.keys(), new MembershipKey("r1", "ada"));
    roundTrip(Topics.MEMBERSHIPS.values(), new MembershipRecord("r1", "ada", true, 10L));
    roundTrip(Topics.MEMBERSHIPS.values(), new MembershipRecord("r1", "ada", false, 11L));
    roundTrip(Topics.QUIET_HOURS.values(), new QuietHours(true, ZoneId.of("Europe/Berlin"),
        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), LocalTime.of(22, 0), LocalTime.of(7, 0), 123L, 456L,
        new BreakThrough(BreakThrough.From.DM, 5), 42L));
    roundTrip(Topics.QUIET_HOURS.values(), QuietHours.DEFAULT);
    roundTrip(Topics.NOTIFICATION_LEVELS.values(),
        new NotificationSetting("r1", "ada", NotificationLevel.MENTIONS, 99L, 42L));
    roundTrip(Topics.NOTIFICATION_LEVELS.values(),
        new NotificationSetting("r1", "ada", NotificationLevel.NONE, null, 43L));
    roundTrip(MediaRef.CODEC, IMAGE);
    roundTrip(MediaRef.CODEC, VOICE);
    for (TimelineEvent event : List.of(
        new TimelineEvent.Message(new ChatMessage("id1", "r1", "ada", 10L, "c1", null, "hello", null)),
        new TimelineEvent.Message(new ChatMessage("id2", "r1", "ada", 11L, "media:m1", null, null, IMAGE)),
        new TimelineEvent.Message(new ChatMessage("id3", "r1", "ada", 12L, null, null, null, VOICE)),
        new TimelineEvent.Message(new ChatMessage("id4", "r1", "bob", 15L, "c2", null, "yes",
            null, new ReplyRef("id1", "7", "ada", "hello"))),
        new TimelineEvent.Joined("r1", "bob", 13L),
        new TimelineEvent.Left("r1", "bob", 14L),
        new TimelineEvent.Edited("r1", "id1", "ada", "hello, world", 16L, List.of()),
        new TimelineEvent.Edited("r1", "id1", "ada", "hello, @bob", 17L, List.of("bob")),
        new TimelineEvent.Deleted("r1", "id2", "ada", 17L),
        new TimelineEvent.Reacted("r1", "id1", "bob", "\uD83D\uDC4D", true, 18L),
        new TimelineEvent.Reacted("r1", "id1", "bob", "\uD83D\uDC4D", false, 19L),
        new TimelineEvent.Urgent("r1", "id1", "ada", List.of("bob", "cy"), "mention", 20L))) {
      roundTrip(Topics.MESSAGES.values(), event);
    }
  }

  @Test
  void recordsKeepTheFieldNamesTheReadmeDocuments() {
    assertEquals("{\"id\":\"r1\",\"name\":\"general\",\"createdBy\":\"ada\",\"createdAt\":10}",
        Topics.ROOMS.values().encode(new RoomRecord("r1", "general", "ada", 10L)));
    assertEquals("{\"roomId\":\"r1\",\"username\":\"ada\",\"member\":true,\"ts\":10}",
        Topics.MEMBERSHIPS.values().encode(new MembershipRecord("r1", "ada", true, 10L)));
    assertEquals("r1/ada", Topics.MEMBERSHIPS.keys().encode(new MembershipKey("r1", "ada")));
    assertEquals("{\"username\":\"ada\",\"passwordHash\":\"h\",\"passwordVersion\":0,\"createdAt\":10}",
        Topics.ACCOUNTS.values().encode(new AccountRecord("ada", "h", 0, 10L, 0L)), "no sessionsValidAfter yet");
    assertEquals("{\"type\":\"joined\",\"roomId\":\"r1\",\"username\":\"bob\",\"ts\":13}",
        Topics.MESSAGES.values().encode(new TimelineEvent.Joined("r1", "bob", 13L)));
    assertEquals("{\"type\":\"urgent\",\"roomId\":\"r1\",\"messageId\":\"id1\",\"username\":\"ada\",\"ts\":20,"
            + "\"to\":[\"bob\"],\"reason\":\"dm\"}",
        Topics.MESSAGES.values().encode(new TimelineEvent.Urgent("r1", "id1", "ada", List.of("bob"), "dm", 20L)));
  }

  @Test
  void aStoredMessageKeepsItsChangesAndItsClientViewShowsWhatAUserMaySee() {
    List<String> users = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "u" + i).toList();
    ChatMessage edited = new ChatMessage("id1", "r1", "ada", 10L, "c1", null, "hello", null)
        .edited("hello, @bob", 20L, List.of("bob")).withReactions(List.of(new Reaction("\uD83C\uDF89", users)));
    roundTrip(Topics.MESSAGES.values(), new TimelineEvent.Message(edited));
    JsonObject view = edited.withCursor("5").toJson();
    assertEquals(20L, view.getLong("editedAt"));
    assertEquals(new io.vertx.core.json.JsonArray().add("bob"), view.getJsonArray("mentions"));
    assertEquals(25, view.getJsonArray("reactions").getJsonObject(0).getInteger("count"));
    assertEquals(20, view.getJsonArray("reactions").getJsonObject(0).getJsonArray("users").size());

    ChatMessage tombstone = new ChatMessage("id2", "r1", "ada", 11L, "media:m1", null, "caption", IMAGE,
        new ReplyRef("id0", "1", "bob", "hi")).withReactions(List.of(new Reaction("x", List.of("bob")))).tombstone();
    assertEquals(new JsonObject().put("id", "id2").put("roomId", "r1").put("author", "ada").put("ts", 11L)
        .put("cursor", "6").put("deleted", true), tombstone.withCursor("6").toJson());
    String record = Topics.MESSAGES.values().encode(new TimelineEvent.Message(tombstone));
    assertEquals(java.util.Set.of("type", "id", "roomId", "author", "ts", "clientMsgId", "deleted"),
        new JsonObject(record).fieldNames(), record);
  }

  @Test
  void aReplyQuotesTheStartOfItsOriginalOrWhatKindOfMediaItIs() {
    String longText = "\uD83D\uDE00".repeat(200);
    ReplyRef quote = ReplyRef.of(new ChatMessage("id1", "r1", "ada", 10L, null, "3", longText, null));
    assertEquals(140, quote.excerpt().codePointCount(0, quote.excerpt().length()));
    assertEquals("Photo", ReplyRef.of(new ChatMessage("id2", "r1", "ada", 10L, null, "4", null, IMAGE)).excerpt());
    assertEquals("Voice clip", ReplyRef.of(new ChatMessage("id3", "r1", "ada", 10L, null, "5", null, VOICE)).excerpt());
    assertEquals("report.pdf", ReplyRef.of(new ChatMessage("id4", "r1", "ada", 10L, null, "6", null,
        new MediaRef("m4", MediaRef.FILE, "application/pdf", 10, null, null, null, "report.pdf", null))).excerpt());
    assertEquals("deleted", ReplyRef.of(new ChatMessage("id5", "r1", "ada", 10L, null, "7", "hi", null)
        .tombstone()).excerpt());
  }

  @Test
  void optionalFieldsTakeTheDefaultsReadersAlwaysGaveThem() {
    assertEquals(new RoomRecord("r1", "r1", null, 0L), Topics.ROOMS.values().decode("{\"id\":\"r1\"}"));
    assertEquals(new MembershipRecord("r1", "ada", false, 0L),
        Topics.MEMBERSHIPS.values().decode("{\"roomId\":\"r1\",\"username\":\"ada\"}"));
    assertEquals(new AccountRecord("ada", "h", 0, 0L, 0L),
        Topics.ACCOUNTS.values().decode("{\"username\":\"ada\",\"passwordHash\":\"h\"}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      accounts    | not json
      accounts    | [1,2]
      accounts    | {"passwordHash":"h"}
      accounts    | {"username":"ada"}
      accounts    | {"username":7,"passwordHash":"h"}
      accounts    | {"username":"ada","passwordHash":"h","createdAt":"yesterday"}
      rooms       | {"name":"general"}
      rooms       | {"id":"r1","createdAt":"now"}
      rooms       | {"id":7,"name":"general"}
      memberships | {"roomId":"r1"}
      memberships | {"roomId":"r1","username":"ada","member":"yes"}
      messages    | {"type":"message","roomId":"r1","author":"ada"}
      messages    | {"type":"message","id":"i","roomId":"r1","author":"ada","ts":"noon"}
      messages    | {"type":"message","id":"i","roomId":"r1","author":"ada","media":"bytes"}
      messages    | {"type":"message","id":"i","roomId":"r1","author":"ada","media":{"kind":"image"}}
      messages    | {"type":"joined","roomId":"r1"}
      messages    | {"type":"left","roomId":"r1","username":"bob","ts":"later"}
      messages    | {"type":"edited","roomId":"r1","id":"i"}
      messages    | {"roomId":"r1","text":"no type"}
      messages    | {"type":"joined","username":"bob"}
      messages    | ``
      quiet-hours | {"enabled":"yes","zone":"UTC","days":[],"start":"22:00","end":"07:00"}
      quiet-hours | {"enabled":true,"zone":"UTC","days":["MON"],"start":"22:00","end":"07:00","effectiveFrom":"now"}
      notification-levels | {"roomId":"r1","username":"ada","level":"loud"}
      notification-levels | {"roomId":"r1","username":"ada"}
      notification-levels | {"roomId":"r1","username":"ada","level":"all","muteUntil":"soon"}
      notification-levels | {"username":"ada","level":"all"}
      media       | {"id":"m1","kind":"image"}
      media       | {"id":"m1","kind":"image","contentType":"image/png","size":"big"}
      """)
  void malformedValuesAreUnreadable(String topic, String value) {
    assertThrows(UnreadableRecordException.class, () -> BY_TOPIC.get(topic).decode(value), value);
  }

  @Test
  void aMuteSilencesTheRoomUntilItEndsThenTheChosenLevelHoldsAgain() {
    NotificationSetting muted = new NotificationSetting("r1", "ada", NotificationLevel.MENTIONS, 1_000L, 0);
    assertEquals(NotificationLevel.NONE, muted.levelAt(999L));
    assertEquals(NotificationLevel.MENTIONS, muted.levelAt(1_000L));
    assertEquals(NotificationLevel.ALL, NotificationSetting.standard("r1", "ada").levelAt(0L));
  }

  @ParameterizedTest
  @CsvSource({"r1", "/ada", "r1/", "r1/ada/x"})
  void membershipKeysNeedOneRoomAndOneUser(String key) {
    assertThrows(UnreadableRecordException.class, () -> MembershipKey.CODEC.decode(key));
  }

  private static <T> void roundTrip(Codec<T> codec, T value) {
    assertEquals(value, codec.decode(codec.encode(value)));
  }
}
