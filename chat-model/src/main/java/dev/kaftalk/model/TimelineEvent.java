package dev.kaftalk.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One record of a room's timeline in {@link Topics#MESSAGES}: {@code {type, ...}}. Everything a room's history is
 * made of is one of these. Java 17 has no pattern switch, so whoever applies the timeline implements a
 * {@link Visitor}: a new kind of event is a compile error in every place that must handle it.
 *
 * <p>{@link Edited}, {@link Deleted} and {@link Reacted} change an earlier message of the same room; the history
 * store folds them into it, so reads see each message as it stands.
 */
public sealed interface TimelineEvent permits TimelineEvent.Message, TimelineEvent.Joined, TimelineEvent.Left,
    TimelineEvent.Edited, TimelineEvent.Deleted, TimelineEvent.Reacted, TimelineEvent.Urgent {

  String roomId();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of event. */
  interface Visitor<R> {
    R message(Message event);

    R joined(Joined event);

    R left(Left event);

    R edited(Edited event);

    R deleted(Deleted event);

    R reacted(Reacted event);

    R urgent(Urgent event);
  }

  /**
   * A message posted to the room: {@code {type:"message", id, roomId, author, ts, clientMsgId?, text?, media?,
   * replyTo?}}.
   */
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

  /**
   * The author replaced a message's text: {@code {type:"edited", roomId, messageId, username, text, ts, mentions?}},
   * with the members the new text mentions.
   */
  record Edited(String roomId, String messageId, String username, String text, long ts, List<String> mentions)
      implements TimelineEvent {
    public Edited {
      mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.edited(this);
    }
  }

  /** A message was deleted (by its author or the room's creator): {@code {type:"deleted", roomId, messageId, username, ts}}. */
  record Deleted(String roomId, String messageId, String username, long ts) implements TimelineEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.deleted(this);
    }
  }

  /**
   * A user put an emoji on a message ({@code on}) or took it off:
   * {@code {type:"reacted", roomId, messageId, username, emoji, on, ts}}.
   */
  record Reacted(String roomId, String messageId, String username, String emoji, boolean on, long ts)
      implements TimelineEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.reacted(this);
    }
  }

  /**
   * The author of a message asked that it break through quiet hours, and the instance that took the request granted it
   * to {@code to} (the quiet members whose own settings allow it, within their daily quota):
   * {@code {type:"urgent", roomId, messageId, username, to, reason, ts}}, {@code reason} {@code dm} or {@code mention}.
   * Every instance applies the same decision; it changes no message, so history never shows it.
   */
  record Urgent(String roomId, String messageId, String username, List<String> to, String reason, long ts)
      implements TimelineEvent {
    public Urgent {
      to = List.copyOf(to);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.urgent(this);
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

      @Override
      public JsonObject edited(Edited e) {
        JsonObject json = change("edited", e.roomId(), e.messageId(), e.username(), e.ts()).put("text", e.text());
        return e.mentions().isEmpty() ? json : json.put("mentions", new JsonArray(e.mentions()));
      }

      @Override
      public JsonObject deleted(Deleted d) {
        return change("deleted", d.roomId(), d.messageId(), d.username(), d.ts());
      }

      @Override
      public JsonObject reacted(Reacted r) {
        return change("reacted", r.roomId(), r.messageId(), r.username(), r.ts()).put("emoji", r.emoji())
            .put("on", r.on());
      }

      @Override
      public JsonObject urgent(Urgent u) {
        return change("urgent", u.roomId(), u.messageId(), u.username(), u.ts()).put("to", new JsonArray(u.to()))
            .put("reason", u.reason());
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
      case "edited" -> new Edited(roomId, JsonCodec.required(json, "messageId"), JsonCodec.required(json, "username"),
          JsonCodec.required(json, "text"), json.getLong("ts", 0L), JsonCodec.strings(json, "mentions"));
      case "deleted" -> new Deleted(roomId, JsonCodec.required(json, "messageId"),
          JsonCodec.required(json, "username"), json.getLong("ts", 0L));
      case "reacted" -> new Reacted(roomId, JsonCodec.required(json, "messageId"),
          JsonCodec.required(json, "username"), JsonCodec.required(json, "emoji"), json.getBoolean("on", true),
          json.getLong("ts", 0L));
      case "urgent" -> new Urgent(roomId, JsonCodec.required(json, "messageId"), JsonCodec.required(json, "username"),
          JsonCodec.strings(json, "to"), JsonCodec.required(json, "reason"), json.getLong("ts", 0L));
      default -> throw new UnreadableRecordException("unknown timeline event type '" + type + "'");
    };
  }

  private static JsonObject membership(String type, String roomId, String username, long ts) {
    return new JsonObject().put("type", type).put("roomId", roomId).put("username", username).put("ts", ts);
  }

  private static JsonObject change(String type, String roomId, String messageId, String username, long ts) {
    return new JsonObject().put("type", type).put("roomId", roomId).put("messageId", messageId)
        .put("username", username).put("ts", ts);
  }
}
