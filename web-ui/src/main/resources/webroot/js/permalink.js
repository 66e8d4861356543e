// Permalinks: #/rooms/{roomId}/messages/{cursor} opens that room at that message. The address follows the
// highlighted message (state.focus): it is cleared when the user moves on, so a reload does not jump back.

const ROUTE = /^#\/rooms\/([^/]+)\/messages\/([^/]+)$/;

export function permalinkHash(roomId, cursor) {
  return `#/rooms/${encodeURIComponent(roomId)}/messages/${encodeURIComponent(cursor)}`;
}

/** The full address to share. */
export function permalinkUrl(roomId, cursor) {
  return `${location.origin}${location.pathname}${permalinkHash(roomId, cursor)}`;
}

/** Puts the message's full address on the clipboard and says whether it could. */
export async function copyPermalink(roomId, cursor, toast) {
  try {
    await navigator.clipboard.writeText(permalinkUrl(roomId, cursor));
    toast('Link copied.', { kind: 'info', timeout: 2500 });
  } catch {
    // also where there is no navigator.clipboard: pages served over plain http from another host
    toast('Could not copy the link: this browser did not allow it.');
  }
}

function parse(hash) {
  const m = ROUTE.exec(hash);
  if (!m) return null;
  try {
    return { roomId: decodeURIComponent(m[1]), cursor: decodeURIComponent(m[2]) };
  } catch {
    return null; // a malformed %-escape: not one of ours
  }
}

function replaceHash(hash) {
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

export function mountPermalinks(store, chat, { toast }) {
  const { state } = store;

  /** Opens the message the address points at, once signed in; a link to a room we are not in says so. */
  function follow() {
    const link = parse(location.hash);
    if (!link || state.view !== 'app') return;
    if (!chat.openAt(link.roomId, link.cursor)) {
      replaceHash('');
      toast('That link points into a room you are not a member of.');
    }
  }

  /** Goes to a message from inside the app (a search result); Back returns to where the user was. */
  function open(roomId, cursor) {
    const hash = permalinkHash(roomId, cursor);
    if (hash !== location.hash) history.pushState(history.state, '', `${location.pathname}${location.search}${hash}`);
    follow();
  }

  window.addEventListener('hashchange', follow);
  store.subscribe((what) => {
    if (!what.has('focus')) return;
    const f = state.focus;
    const hash = f ? permalinkHash(f.roomId, f.cursor) : '';
    if (hash !== location.hash && (f || parse(location.hash))) replaceHash(hash);
  });

  return { follow, open };
}
