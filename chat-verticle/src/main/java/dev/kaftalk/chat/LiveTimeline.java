package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Frames;
import dev.kaftalk.model.TimelineEvent;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;
import java.util.function.Function;

/** What the {@link HistoryFeed} applied after start-up, handed to {@link Delivery} as frames. */
final class LiveTimeline implements Consumer<HistoryStore.Applied> {

  private final Delivery delivery;
  private final UrgentLedger urgent;

  LiveTimeline(Delivery delivery, UrgentLedger urgent) {
    this.delivery = delivery;
    this.urgent = urgent;
  }

  @Override
  public void accept(HistoryStore.Applied applied) {
    applied.event().accept(new TimelineEvent.Visitor<Void>() {
      @Override
      public Void message(TimelineEvent.Message event) {
        delivery.message(applied.message(), applied.offset());
        return null;
      }

      @Override
      public Void joined(TimelineEvent.Joined event) {
        delivery.toMembersAnd(event.roomId(), event.username(), Frames.room("joined", event.roomId(),
            event.username()));
        return null;
      }

      @Override
      public Void left(TimelineEvent.Left event) {
        delivery.toMembersAnd(event.roomId(), event.username(), Frames.room("left", event.roomId(), event.username()));
        return null;
      }

      @Override
      public Void edited(TimelineEvent.Edited event) {
        return changed(Frames::edited);
      }

      @Override
      public Void deleted(TimelineEvent.Deleted event) {
        return changed(Frames::deleted);
      }

      @Override
      public Void reacted(TimelineEvent.Reacted event) {
        return changed(Frames::reactions);
      }

      @Override
      public Void urgent(TimelineEvent.Urgent event) {
        urgent.apply(event);
        if (applied.message() != null) {
          delivery.urgent(event, applied.message());
        }
        return null;
      }

      /** A change that did not apply (a repeated toggle, a deleted message) has nothing to tell. */
      private Void changed(Function<ChatMessage, JsonObject> frame) {
        if (applied.message() != null) {
          delivery.change(applied.message(), frame.apply(applied.message()));
        }
        return null;
      }
    });
  }
}
