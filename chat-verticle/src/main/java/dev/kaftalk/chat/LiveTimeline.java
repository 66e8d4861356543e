package dev.kaftalk.chat;

import dev.kaftalk.model.Frames;
import dev.kaftalk.model.TimelineEvent;

import java.util.function.Consumer;

/** What the {@link HistoryFeed} applied after start-up, handed to {@link Delivery} as frames. */
final class LiveTimeline implements Consumer<HistoryStore.Applied> {

  private final Delivery delivery;

  LiveTimeline(Delivery delivery) {
    this.delivery = delivery;
  }

  @Override
  public void accept(HistoryStore.Applied applied) {
    applied.event().accept(new TimelineEvent.Visitor<Void>() {
      @Override
      public Void message(TimelineEvent.Message event) {
        delivery.message(event.message().withCursor(Cursor.format(applied.offset())), applied.offset());
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
    });
  }
}
