// Client state: the current user, rooms, per-room timelines, typing, presence, connection status.
// Views subscribe to changes; mutations call store.changed() which coalesces into one render per tick.

import { compareCursor } from './util.js';

let entrySeq = 0;
// Live messages a detached window keeps for when it reaches the live end; older ones come back with the history pages.
const MAX_HELD = 1000;

/**
 * One room's messages, deduplicated by message id and ordered by cursor. Messages not yet acknowledged
 * by the server (no cursor) sort after all acknowledged ones, in the order they were written.
 */
export class Timeline {
  constructor(roomId) {
    this.roomId = roomId;
    this.entries = [];
    this.loading = false;
    this.loadingOlder = false;
    this.loadingNewer = false;
    this.epoch = 0; // bumped by openWindow: answers to requests made for an earlier window are dropped
    // Changes pushed to known messages (frames, answers), counted: a page asked before one does not undo it.
    this.pushed = 0;
    this.openWindow(true);
  }

  /**
   * Drops the loaded messages (keeping own unacknowledged sends) to load another window: the live end when
   * `live`, else a window around an older message (a permalink). Such a window does not reach the live end: live
   * messages are held aside until its newer pages meet them, so the list never shows a gap. `edge` is the newest
   * cursor of those pages.
   */
  openWindow(live) {
    const keep = this.unacked();
    this.entries = keep;
    this.byId = new Map();
    this.byKey = new Map(keep.map((e) => [e.key, e]));
    this.loaded = false; // first page fetched: live frames are only kept for loaded rooms
    this.hasMore = true;
    this.error = null;
    this.live = live;
    this.edge = null;
    this.held = [];
    this.epoch++;
  }

  /** A message pushed live. Returns false when this timeline already knew it. */
  receive(m, me) {
    if (this.live) return this.loaded ? !!this.merge(m, me) : true;
    if (m.id == null || this.byId.has(m.id) || this.held.some((x) => x.id === m.id)) return false;
    this.held.push(m);
    if (this.held.length > MAX_HELD) this.held.shift();
    return true;
  }

  /** The newer pages reached the live end: what was held joins the list (merge skips what the pages brought). */
  goLive(me) {
    for (const m of this.held) this.merge(m, me);
    this.held = [];
    this.live = true;
    this.edge = null;
  }

  hasCursor(cursor) {
    return this.entries.some((e) => e.cursor === cursor);
  }

  static entryFromMessage(m, me) {
    return {
      key: `m:${m.id}`,
      id: m.id,
      roomId: m.roomId,
      author: m.author,
      ts: m.ts,
      cursor: m.cursor == null ? null : String(m.cursor),
      ...Timeline.standing(m),
      mine: m.author === me,
      state: 'sent',
      clientMsgId: m.clientMsgId || null,
      error: null,
      seq: ++entrySeq,
      rev: 0,
      pushedAt: {}, // per field of standing(): the timeline's count of pushed changes when a push last set it
    };
  }

  /** What edits, deletes and reactions change of a message: its fields as the server says they stand now. */
  static standing(m) {
    return {
      text: !m.deleted && typeof m.text === 'string' ? m.text : null,
      media: (!m.deleted && m.media) || null,
      editedAt: Number.isFinite(m.editedAt) ? m.editedAt : null,
      deleted: m.deleted === true,
      reactions: !m.deleted && Array.isArray(m.reactions) ? m.reactions : [],
      replyTo: (!m.deleted && m.replyTo && typeof m.replyTo === 'object') ? m.replyTo : null,
      mentions: !m.deleted && Array.isArray(m.mentions) ? m.mentions.filter((u) => typeof u === 'string') : [],
    };
  }

  /**
   * A known message as it stands now (an edited frame, or a page fetched again after a reconnect): its entry takes
   * the new state, and a changed entry is drawn again. A live window's held copy is replaced too. A page passes
   * `asked`, the count of pushed changes when it was asked: a field pushed since then is newer than the page (a page
   * waits for the history store, a frame does not), so the entry keeps it, and takes the page's other fields; the
   * frames of later changes follow.
   */
  update(m, asked) {
    if (!m || m.id == null) return null;
    const e = this.byId.get(m.id);
    const page = asked !== undefined;
    const newer = (field) => page && e != null && (e.pushedAt[field] ?? 0) > asked;
    const held = this.held.findIndex((x) => x.id === m.id);
    if (held >= 0 && !FIELDS.some(newer)) this.held[held] = m;
    if (!e) return null;
    const next = Timeline.standing(m);
    if (page) {
      for (const field of FIELDS) if (newer(field)) next[field] = e[field];
    } else {
      this.stamp(e, FIELDS);
    }
    if (JSON.stringify(next) === JSON.stringify(Timeline.standing(e))) return e;
    Object.assign(e, next);
    e.rev++;
    return e;
  }

  /**
   * Applies `fn(entry)` to the entry of message `id`, a pushed change of the `fields` of standing() it sets, and draws
   * it again; false when this timeline does not show it.
   */
  change(id, fn, fields = []) {
    const e = this.byId.get(id);
    if (!e) return false;
    this.stamp(e, fields);
    fn(e);
    e.rev++;
    return true;
  }

  /** Marks `fields` of entry `e` as set by the latest push. */
  stamp(e, fields) {
    const at = ++this.pushed;
    for (const field of fields) e.pushedAt[field] = at;
  }

  /** Entries quoting message `id` (their reply quote follows the original's edits and delete). */
  repliesTo(id) {
    return this.entries.filter((e) => e.replyTo && e.replyTo.id === id);
  }

  firstCursor() {
    for (const e of this.entries) if (e.cursor != null) return e.cursor;
    return null;
  }

  lastCursor() {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].cursor != null) return this.entries[i].cursor;
    return null;
  }

  /** Local, unacknowledged own messages (pending or failed). */
  unacked() {
    return this.entries.filter((e) => e.id == null);
  }

  /**
   * Merges a server message, pushed or from a page asked at `asked` (see update). Returns the entry when it is new to
   * this timeline, null when it was already known (same id) or was recognised as the echo of one of our own pending sends.
   */
  merge(m, me, asked) {
    if (!m || m.id == null) return null;
    if (this.byId.has(m.id)) {
      this.update(m, asked);
      return null;
    }
    if (m.author === me) {
      const local = this.findLocalFor(m);
      if (local) {
        this.acknowledge(local, m);
        return null;
      }
    }
    const e = Timeline.entryFromMessage(m, me);
    this.byId.set(e.id, e);
    this.byKey.set(e.key, e);
    this.place(e);
    return e;
  }

  /**
   * A pending/failed local entry that this own message acknowledges: same clientMsgId; only a message stored without
   * one is matched by its text. Another message of the same text ("ok" an hour ago, from any device) must never
   * acknowledge a kept send: it would be marked sent and never go out.
   */
  findLocalFor(m) {
    const locals = this.unacked();
    if (m.clientMsgId) return locals.find((e) => e.clientMsgId === m.clientMsgId) || null;
    if (typeof m.text === 'string') {
      const t = m.text.trim();
      return locals.find((e) => e.text != null && e.text.trim() === t) || null;
    }
    return null;
  }

  addLocal({ clientMsgId, text, author, roomId, replyTo = null }) {
    const e = {
      key: `c:${clientMsgId}`,
      id: null,
      roomId,
      author,
      ts: Date.now(),
      cursor: null,
      text,
      media: null,
      editedAt: null,
      deleted: false,
      reactions: [],
      replyTo,
      mentions: [],
      mine: true,
      state: 'pending',
      clientMsgId,
      error: null,
      seq: ++entrySeq,
      rev: 0,
      pushedAt: {},
    };
    this.byKey.set(e.key, e);
    this.entries.push(e);
    return e;
  }

  /** Marks a local entry as sent with the server's message; drops a duplicate that arrived first. */
  acknowledge(local, m) {
    if (local.id != null && local.id !== m.id) {
      // The entry was matched to a different message (e.g. same text from another tab): keep that one
      // as its own entry and give this local entry the server's answer.
      const other = { ...local, key: `m:${local.id}`, clientMsgId: null, seq: ++entrySeq, rev: 0,
        pushedAt: { ...local.pushedAt } };
      this.byId.set(other.id, other);
      this.byKey.set(other.key, other);
      this.removeFromList(local);
      this.place(other);
      this.entries.push(local);
    }
    const dup = this.byId.get(m.id);
    if (dup && dup !== local) {
      this.removeFromList(dup);
      this.byKey.delete(dup.key);
    }
    local.id = m.id;
    local.ts = m.ts ?? local.ts;
    local.cursor = m.cursor == null ? null : String(m.cursor);
    Object.assign(local, Timeline.standing({ ...m, text: typeof m.text === 'string' ? m.text : local.text,
      media: m.media || local.media }));
    local.state = 'sent';
    local.error = null;
    local.rev++;
    this.byId.set(m.id, local);
    this.removeFromList(local);
    this.place(local);
  }

  /** Drops a message of this tab that was never stored (a failed send the user gave up on). */
  discardLocal(e) {
    this.byKey.delete(e.key);
    this.removeFromList(e);
  }

  removeFromList(e) {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
  }

  /** Inserts an acknowledged entry at its cursor position (usually the end: checked first). */
  place(e) {
    const list = this.entries;
    // index of the first unacknowledged entry (they sit at the tail)
    let end = list.length;
    while (end > 0 && list[end - 1].cursor == null) end--;
    if (e.cursor == null) {
      list.splice(end, 0, e);
      return;
    }
    if (end === 0 || compareCursor(list[end - 1].cursor, e.cursor) <= 0) {
      list.splice(end, 0, e);
      return;
    }
    let lo = 0;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareCursor(list[mid].cursor, e.cursor) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, e);
  }
}

/** The fields of a message that edits, deletes and reactions change, as Timeline.standing says them. */
const FIELDS = Object.keys(Timeline.standing({}));

export function createStore() {
  const listeners = new Set();
  let scheduled = false;
  const dirty = new Set();

  const state = {
    me: null,
    view: 'loading', // loading | auth | app
    conn: { status: 'connecting', attempt: 0 },
    rooms: new Map(), // id -> {id, name, memberCount, joined, online:Set, unread, mentions, lastRead, createdBy,
    //   notifications:{level, muteUntil}, quiet:Map<username, until>} (attention.js)
    roomsLoaded: false,
    activeRoomId: null,
    focus: null, // {roomId, cursor, shown}: the message a permalink points at, highlighted until the user moves on
    replies: new Map(), // roomId -> {id, cursor, author, excerpt}: the message the next one sent there answers
    newLine: null, // {roomId, after, cursor?}: where the open room's "New messages" line goes (chat.activate)
    seeing: null, // the room whose newest messages the user is looking at now (set by the room view)
    timelines: new Map(), // roomId -> Timeline
    typing: new Map(), // roomId -> Map<username, expiresAt>
    batchNotice: null, // {messages, rooms:Set, first:Map<roomId, cursor of its first batched message>, part, parts}
    urgent: new Map(), // message id -> {by, reason}: messages that broke through the user's quiet hours (live frames)
    quietSends: new Map(), // roomId -> {sent, people, results?, status}: the last send there reached people in quiet hours
    notifyPermission: typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  };

  return {
    state,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** parts: any of 'auth', 'rooms', 'room', 'messages', 'typing', 'conn', 'notice', 'focus', 'reply' */
    changed(...parts) {
      for (const p of parts) dirty.add(p);
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        const what = new Set(dirty);
        dirty.clear();
        for (const fn of listeners) {
          try { fn(what); } catch (e) { console.error(e); }
        }
      });
    },
    timeline(roomId) {
      let t = state.timelines.get(roomId);
      if (!t) {
        t = new Timeline(roomId);
        state.timelines.set(roomId, t);
      }
      return t;
    },
    reset() {
      state.me = null;
      state.rooms = new Map();
      state.roomsLoaded = false;
      state.activeRoomId = null;
      state.focus = null;
      state.newLine = null;
      state.seeing = null;
      state.replies = new Map();
      state.timelines = new Map();
      state.typing = new Map();
      state.batchNotice = null;
      state.urgent = new Map();
      state.quietSends = new Map();
      state.conn = { status: 'connecting', attempt: 0 };
    },
  };
}
