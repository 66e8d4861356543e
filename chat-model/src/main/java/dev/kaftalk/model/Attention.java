package dev.kaftalk.model;

import java.util.Locale;

/**
 * What one message does to one member: pushed live or held for the batch, and whether it notifies (a sound, a browser
 * notification). The one rule of issue 17 ({@link #of}): the chat service's live gate, the batch's notify count, the
 * rebuild of a buffer after a restart and the urgent break-through all decide with it, so they agree by construction
 * on every instance.
 *
 * <ul>
 *   <li>The author's own tabs: {@link #LIVE_SILENT}.</li>
 *   <li>Not quiet at the message's {@code ts}: live. It notifies at level ALL; at MENTIONS only when it mentions the
 *   member (by name or {@code @room}) or the room is a direct message; at NONE (a muted room included) never.</li>
 *   <li>Quiet: held for the batch, notifying by the same level rule: a muted room's messages are batched silently,
 *   never dropped.</li>
 *   <li>Quiet, and an urgent break-through was granted to this member for this message: {@link #LIVE_URGENT}, except at
 *   level NONE. Nobody's urgency pierces a room the member silenced: muting is the member's own, later word.</li>
 * </ul>
 *
 * <p>The "dropped" outcome of the gate table is the typing row: typing frames to a quiet member are dropped
 * (they mean nothing later); messages are never dropped.
 */
public enum Attention {
  LIVE_NOTIFY(true, Notify.NORMAL),
  LIVE_SILENT(true, Notify.NONE),
  BATCHED_NOTIFY(false, Notify.NORMAL),
  BATCHED_SILENT(false, Notify.NONE),
  LIVE_URGENT(true, Notify.URGENT);

  /** How a frame asks the browser to call the user: the {@code notify} field of message frames. */
  public enum Notify {
    NONE, NORMAL, URGENT;

    /** {@code none}, {@code normal} or {@code urgent}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The facts about one member and one message the rule needs.
   *
   * @param author    the member wrote the message (their other tabs)
   * @param quiet     the member is quiet at the message's {@code ts} ({@link QuietHours#quietAt})
   * @param level     the member's level in the room at that instant, mute applied
   * @param mentioned the message mentions the member, by name or with {@code @room}
   * @param dm        the room is a direct message
   * @param urgent    an urgent break-through for this message was granted to this member
   */
  public record Facts(boolean author, boolean quiet, NotificationLevel level, boolean mentioned, boolean dm,
                      boolean urgent) {
  }

  private final boolean live;
  private final Notify call;

  Attention(boolean live, Notify notify) {
    this.live = live;
    this.call = notify;
  }

  /** Pushed to the member's sockets now; otherwise handed to the quiet-hours service for the batch. */
  public boolean live() {
    return live;
  }

  public Notify call() {
    return call;
  }

  /** Whether it calls the member, now or in the batch. */
  public boolean notifies() {
    return call != Notify.NONE;
  }

  public static Attention of(Facts facts) {
    if (facts.author()) {
      return LIVE_SILENT;
    }
    boolean notifies = facts.level() == NotificationLevel.ALL
        || facts.level() == NotificationLevel.MENTIONS && (facts.mentioned() || facts.dm());
    if (!facts.quiet()) {
      return notifies ? LIVE_NOTIFY : LIVE_SILENT;
    }
    if (facts.urgent() && facts.level() != NotificationLevel.NONE) {
      return LIVE_URGENT;
    }
    return notifies ? BATCHED_NOTIFY : BATCHED_SILENT;
  }
}
