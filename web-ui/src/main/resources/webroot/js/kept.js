// What this browser keeps for a signed-in user across reloads and closed tabs: the messages not sent yet (the
// outbox) and each room's unsent draft. Keyed by user, so that nothing of one person shows to another on a shared
// machine; forgotten at logout. Storage that is full or switched off keeps nothing: the tab works as before.

const key = (username, what) => `kaftalk.${what}:${username}`;

function read(k) {
  try {
    const value = JSON.parse(localStorage.getItem(k));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function write(k, value) {
  try {
    if (Object.keys(value).length) localStorage.setItem(k, JSON.stringify(value));
    else localStorage.removeItem(k);
  } catch {
    // full or switched off: see above
  }
}

/**
 * Read, changed and written back entry by entry: two tabs of the same user keep each other's entries (a message
 * of both outboxes is sent twice with one clientMsgId, which posts it once).
 */
function change(k, fn) {
  const value = read(k);
  fn(value);
  write(k, value);
}

export function keptFor(username) {
  const outboxKey = key(username, 'outbox');
  const draftsKey = key(username, 'drafts');
  return {
    /** The unsent messages in the order they were written (a clientMsgId is never an array index, so keys keep it). */
    outbox() {
      return Object.entries(read(outboxKey))
        .filter(([, o]) => o && typeof o.roomId === 'string' && typeof o.text === 'string' && o.text)
        .map(([clientMsgId, o]) => ({ clientMsgId, roomId: o.roomId, text: o.text,
          replyTo: o.replyTo && typeof o.replyTo === 'object' && o.replyTo.id != null ? o.replyTo : null }));
    },
    /** `replyTo`: the answered message as the reply quote shows it ({id, cursor, author, excerpt}), or null. */
    keep(clientMsgId, { roomId, text, replyTo }) {
      change(outboxKey, (v) => { v[clientMsgId] = { roomId, text, replyTo }; });
    },
    sent(clientMsgId) {
      change(outboxKey, (v) => { delete v[clientMsgId]; });
    },
    draft(roomId) {
      const text = read(draftsKey)[roomId];
      return typeof text === 'string' ? text : '';
    },
    setDraft(roomId, text) {
      change(draftsKey, (v) => {
        if (text.trim()) v[roomId] = text;
        else delete v[roomId];
      });
    },
    forget() {
      try {
        localStorage.removeItem(outboxKey);
        localStorage.removeItem(draftsKey);
      } catch {
        // nothing was kept
      }
    },
  };
}
