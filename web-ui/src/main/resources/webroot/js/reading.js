// Read positions: what the user has read is stored by the server (PUT /api/rooms/{id}/read), so every tab and device
// shows the same unread counts. The room view calls markRead while the user looks at a room's newest messages; the
// position moves to the newest message, a moment later (one request however many messages arrive meanwhile). A
// `read` frame says another tab or device moved it.
import { api } from './api.js';
import { compareCursor } from './util.js';

const SAVE_AFTER_MS = 300;

export function createReading(store, chat) {
  const { state } = store;
  const pending = new Map(); // roomId -> cursor to store
  let timer = null;

  const newestOf = (roomId) => {
    const t = state.timelines.get(roomId);
    return t && t.live && t.loaded ? t.lastCursor() : null;
  };
  const isAfter = (cursor, than) => than == null || compareCursor(cursor, than) > 0;

  /** The user is looking at the room's newest messages: nothing in it is unread any more. */
  function markRead(roomId) {
    const r = state.rooms.get(roomId);
    if (!r || !r.joined || document.hidden) return;
    if (r.unread || r.mentions) {
      r.unread = 0;
      r.mentions = 0;
      store.changed('rooms');
    }
    const cursor = newestOf(roomId);
    if (cursor == null || !isAfter(cursor, r.lastRead) || !isAfter(cursor, pending.get(roomId))) return;
    pending.set(roomId, cursor);
    if (!timer) timer = setTimeout(() => save(), SAVE_AFTER_MS);
  }

  function save({ keepalive = false } = {}) {
    clearTimeout(timer);
    timer = null;
    const batch = [...pending];
    pending.clear();
    for (const [roomId, cursor] of batch) {
      api.markRead(roomId, cursor, { keepalive })
        .then((res) => moved(roomId, res && res.cursor))
        // Not an action the user took: a position that could not be stored is stored with the next one.
        .catch((e) => console.warn('read position not stored', roomId, e.message));
    }
  }

  function moved(roomId, cursor) {
    const r = state.rooms.get(roomId);
    if (r && typeof cursor === 'string' && isAfter(cursor, r.lastRead)) r.lastRead = cursor;
  }

  // What was read just before the tab closes or reloads still counts, on every device.
  window.addEventListener('pagehide', () => { if (pending.size) save({ keepalive: true }); });

  chat.onFrame('read', ({ roomId, cursor }) => {
    const r = state.rooms.get(roomId);
    if (!r || typeof cursor !== 'string') return;
    moved(roomId, cursor);
    if (state.seeing === roomId && !document.hidden) return; // read here too: nothing to count
    const newest = newestOf(roomId);
    if (newest != null && compareCursor(cursor, newest) >= 0) {
      r.unread = 0;
      r.mentions = 0;
      store.changed('rooms');
    } else {
      // Read up to a message this tab does not hold, or holds older ones after: the server counts what is left.
      chat.loadRooms().catch(() => {});
    }
  });

  return { markRead };
}
