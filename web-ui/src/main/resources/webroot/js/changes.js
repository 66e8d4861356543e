// Changes to messages already posted: edit, delete and react (bridge request/reply, answered with the message as it
// stands), and the frames that carry everyone's changes to every tab (edited, deleted, reactions). A change is
// applied from the answer at once and again from its frame; both carry the same state, so the order does not matter.
// A reconnecting tab needs no replay: the pages it fetches again hold every message as it stands (Timeline.update).
import { BusError } from './bus.js';

const TIMEOUT = 10000;
// The server counts the first 140 characters of the original's text as a reply's quote (ReplyRef.EXCERPT_CHARS).
const EXCERPT_CHARS = 140;

export function createChanges(store, chat) {
  const { state } = store;

  /** Every timeline that may show the room's messages (one per room, live or a window around an older message). */
  const timelineOf = (roomId) => state.timelines.get(roomId);

  /**
   * A reaction names its first 20 users only. Answers to this user say `mine`; a shared frame does not, and where its
   * list is cut without me in it, what this tab knew stands (so the 21st to react can still take theirs back).
   */
  function withMine(reactions, before) {
    if (!Array.isArray(reactions)) return reactions;
    return reactions.map((r) => {
      if (typeof r.mine === 'boolean') return r;
      const users = Array.isArray(r.users) ? r.users : [];
      const complete = users.includes(state.me) || users.length >= r.count;
      const known = (before || []).find((b) => b.emoji === r.emoji);
      return { ...r, mine: complete ? users.includes(state.me) : Boolean(known && known.mine) };
    });
  }

  const shown = (t, id) => t.byId.get(id) || t.held.find((x) => x.id === id);

  function applyMessage(m) {
    const t = m && timelineOf(m.roomId);
    if (!t) return;
    const before = shown(t, m.id);
    if (m.reactions) m.reactions = withMine(m.reactions, before && before.reactions);
    t.update(m);
    const excerpt = m.deleted ? 'deleted' : typeof m.text === 'string' ? [...m.text].slice(0, EXCERPT_CHARS).join('') : null;
    if (excerpt != null) requote(t, m.id, excerpt);
    store.changed('messages');
  }

  /** The replies quoting message `id` show its new excerpt: a pushed change of their quotes. */
  function requote(t, id, excerpt) {
    for (const reply of t.repliesTo(id)) t.change(reply.id, (e) => { e.replyTo = { ...e.replyTo, excerpt }; }, ['replyTo']);
  }

  function applyDeleted({ roomId, messageId }) {
    const t = timelineOf(roomId);
    if (!t) return;
    const known = shown(t, messageId);
    if (known) t.update({ ...known, deleted: true });
    requote(t, messageId, 'deleted');
    store.changed('messages');
  }

  function applyReactions({ roomId, messageId, reactions }) {
    const t = timelineOf(roomId);
    if (!t || !Array.isArray(reactions)) return;
    if (t.change(messageId, (e) => { e.reactions = withMine(reactions, e.reactions); }, ['reactions'])) {
      store.changed('messages');
    }
  }

  chat.onFrame('edited', ({ message: m }) => {
    const t = m && timelineOf(m.roomId);
    const before = t && shown(t, m.id);
    if (m) chat.recountMentions(m, before ? chat.callsMe(before) : undefined);
    applyMessage(m);
  });
  chat.onFrame('deleted', applyDeleted);
  chat.onFrame('reactions', applyReactions);

  /** One request on the bridge; its answer's message is applied. Rejects with the server's message. */
  async function request(address, body) {
    const bus = chat.bus;
    if (!bus || !bus.open) throw new BusError('disconnected', 'Not connected: try again once Kaftalk is back online.');
    const reply = await bus.request(address, body, { timeout: TIMEOUT });
    const m = reply && (reply.message || reply);
    if (m && m.id != null) applyMessage(m);
    return m;
  }

  return {
    edit: (e, text) => request('server.chat.edit', { roomId: e.roomId, messageId: e.id, text }),
    remove: (e) => request('server.chat.delete', { roomId: e.roomId, messageId: e.id }),
    react: (e, emoji, on) => request('server.chat.react', { roomId: e.roomId, messageId: e.id, emoji, on }),
    /** Whether `me` reacted to the entry with `emoji`. */
    mine: (e, emoji) => (e.reactions || []).some((r) => r.emoji === emoji
      && (r.mine === true || (r.mine === undefined && Array.isArray(r.users) && r.users.includes(state.me)))),
  };
}

/** The words a toast shows for a refused change: the server's own message, or what a status means here. */
export function describeRefusal(err, what) {
  const code = Number(err && err.failureCode);
  if (err && err.kind === 'timeout') return `No answer from the server: the ${what} may not have happened.`;
  if (code === 409) return err.message || 'This message was deleted.';
  if (code === 403) return err.message || `You cannot ${what} this message.`;
  return (err && err.message) || `Could not ${what} the message.`;
}
