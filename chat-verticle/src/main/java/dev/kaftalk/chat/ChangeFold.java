package dev.kaftalk.chat;

import dev.kaftalk.model.ChatMessage;
import dev.kaftalk.model.Reaction;
import dev.kaftalk.model.TimelineEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * How an edit, a delete or a reaction changes a stored message. Every instance folds the same records in the same
 * order, so these rules alone decide what a message looks like: a deleted message stays deleted, only its author's
 * edits count (and only those that change the text), a user counts once per emoji, and a message holds at most {@link #MAX_EMOJI} different emoji. The
 * request handlers check the same rules first to answer clearly; what slips past them (two requests racing) is
 * settled here, identically everywhere.
 */
final class ChangeFold {

  static final int MAX_EMOJI = 20;

  private ChangeFold() {
  }

  /** @return the message after the change, or null if the change does not apply to it */
  static ChatMessage apply(ChatMessage current, TimelineEvent change) {
    if (current.deleted()) {
      return null;
    }
    return change.accept(new TimelineEvent.Visitor<>() {
      @Override
      public ChatMessage message(TimelineEvent.Message event) {
        return null;
      }

      @Override
      public ChatMessage joined(TimelineEvent.Joined event) {
        return null;
      }

      @Override
      public ChatMessage left(TimelineEvent.Left event) {
        return null;
      }

      @Override
      public ChatMessage edited(TimelineEvent.Edited event) {
        return event.username().equals(current.author()) && current.media() == null
            && !event.text().equals(current.text())
            ? current.edited(event.text(), event.ts(), event.mentions()) : null;
      }

      @Override
      public ChatMessage deleted(TimelineEvent.Deleted event) {
        return current.tombstone();
      }

      @Override
      public ChatMessage reacted(TimelineEvent.Reacted event) {
        List<Reaction> reactions = react(current.reactions(), event.username(), event.emoji(), event.on());
        return reactions == null ? null : current.withReactions(reactions);
      }

      @Override
      public ChatMessage urgent(TimelineEvent.Urgent event) {
        return null;
      }
    });
  }

  /** @return the reactions after the toggle, or null if it changes nothing */
  static List<Reaction> react(List<Reaction> reactions, String user, String emoji, boolean on) {
    List<Reaction> after = new ArrayList<>(reactions.size() + 1);
    boolean found = false;
    for (Reaction reaction : reactions) {
      if (!reaction.emoji().equals(emoji)) {
        after.add(reaction);
        continue;
      }
      found = true;
      boolean has = reaction.users().contains(user);
      if (has == on) {
        return null;
      }
      List<String> users = new ArrayList<>(reaction.users());
      if (on) {
        users.add(user);
      } else {
        users.remove(user);
      }
      if (!users.isEmpty()) {
        after.add(new Reaction(emoji, users));
      }
    }
    if (!found) {
      if (!on || reactions.size() >= MAX_EMOJI) {
        return null;
      }
      after.add(new Reaction(emoji, List.of(user)));
    }
    return after;
  }
}
