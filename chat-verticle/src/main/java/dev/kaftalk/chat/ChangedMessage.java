package dev.kaftalk.chat;

import dev.kaftalk.model.TimelineEvent;

/** The id of the message an edit, delete or reaction changes; a message is its own. */
final class ChangedMessage implements TimelineEvent.Visitor<String> {

  static final ChangedMessage ID = new ChangedMessage();

  private ChangedMessage() {
  }

  @Override
  public String message(TimelineEvent.Message event) {
    return event.message().id();
  }

  @Override
  public String joined(TimelineEvent.Joined event) {
    throw new IllegalArgumentException("a membership event changes no message");
  }

  @Override
  public String left(TimelineEvent.Left event) {
    throw new IllegalArgumentException("a membership event changes no message");
  }

  @Override
  public String edited(TimelineEvent.Edited event) {
    return event.messageId();
  }

  @Override
  public String deleted(TimelineEvent.Deleted event) {
    return event.messageId();
  }

  @Override
  public String reacted(TimelineEvent.Reacted event) {
    return event.messageId();
  }

  @Override
  public String urgent(TimelineEvent.Urgent event) {
    return event.messageId();
  }
}
