package dev.kaftalk.model;

import io.vertx.core.json.JsonObject;

/**
 * One record of a room's timeline in {@link Topics#MESSAGES}: {@code {type, ...}}. Everything a room's history is
 * made of is one of these. Java 17 has no pattern switch, so whoever applies the timeline implements a
 * {@link Visitor}: a new kind of event is a compile error in every place that must handle it.
 */
public sealed interface TimelineEvent permits TimelineEvent.Message, TimelineEvent.Joined, TimelineEvent.Left {

  String roomId();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of event. */
  interface Visitor<R> {
    R message(Message event);

    R joined(Joined event);

    R left(Left event);
  }

  /** A message posted to the room: {@code {type:"message", id, roomId, author, ts, clientMsgId?, text?, media?}}. */
  record Message(ChatMessage message) implements TimelineEvent {
    @Override
    public String roomId() {
      return message.roomId();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.message(this);
    }
  }

  /** A user joined the room: {@code {type:"joined", roomId, username, ts}}. */
  record Joined(String roomId, String username, long ts) implements TimelineEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.joined(this);
    }
  }

  /** A user left the room: {@code {type:"left", roomId, username, ts}}. */
  record Left(String roomId, String username, long ts) implements TimelineEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.left(this);
    }
  }

  /** The one codec of {@link Topics#MESSAGES} values. */
  Codec<TimelineEvent> CODEC = JsonCodec.of(TimelineEvent::toRecord, TimelineEvent::fromRecord);

  private static JsonObject toRecord(TimelineEvent event) {
    return event.accept(new Visitor<>() {
      @Override
      public JsonObject message(Message m) {
        return m.message().toRecord();
      }

      @Override
      public JsonObject joined(Joined j) {
        return membership("joined", j.roomId(), j.username(), j.ts());
      }

      @Override
      public JsonObject left(Left l) {
        return membership("left", l.roomId(), l.username(), l.ts());
      }
    });
  }

  private static TimelineEvent fromRecord(JsonObject json) {
    String type = json.getValue("type") instanceof String s ? s : "";
    String roomId = JsonCodec.required(json, "roomId");
    return switch (type) {
      case ChatMessage.RECORD_TYPE -> new Message(ChatMessage.fromRecord(json));
      case "joined" -> new Joined(roomId, JsonCodec.required(json, "username"), json.getLong("ts", 0L));
      case "left" -> new Left(roomId, JsonCodec.required(json, "username"), json.getLong("ts", 0L));
      default -> throw new UnreadableRecordException("unknown timeline event type '" + type + "'");
    };
  }

  private static JsonObject membership(String type, String roomId, String username, long ts) {
    return new JsonObject().put("type", type).put("roomId", roomId).put("username", username).put("ts", ts);
  }
}
