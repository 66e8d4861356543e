// Addresses: #/rooms/{roomId} is the open room, and #/rooms/{roomId}/messages/{cursor} opens that room at that
// message (a permalink). The address follows the open room and the highlighted message (state.focus): a reload
// comes back to the room, not to a message the user has moved on from; Back and Forward go through the rooms opened.

const ROUTE = /^#\/rooms\/([^/]+)\/messages\/([^/]+)$/;
const ROOM_ROUTE = /^#\/rooms\/([^/]+)$/;

export function roomHash(roomId) {
  return `#/rooms/${encodeURIComponent(roomId)}`;
}

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

/** The room id of a #/rooms/{id} address, or null. */
function parseRoom(hash) {
  const m = ROOM_ROUTE.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

function replaceHash(hash) {
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

export function mountPermalinks(store, chat, { toast }) {
  const { state } = store;
  let followed = false; // the address was read since signing in: until then it is not overwritten

  /** Opens the room or message the address points at, once signed in; a link to a room we are not in says so. */
  function follow() {
    if (state.view !== 'app') return;
    followed = true;
    const link = parse(location.hash);
    const roomId = link ? null : parseRoom(location.hash);
    if (link && !chat.openAt(link.roomId, link.cursor)) {
      replaceHash('');
      toast('That link points into a room you are not a member of.');
    } else if (roomId && roomId !== state.activeRoomId) {
      const room = state.rooms.get(roomId);
      if (room && room.joined) chat.openRoom(roomId);
      else replaceHash('');
    }
  }

  /** Goes to a message from inside the app (a search result); Back returns to where the user was. */
  function open(roomId, cursor) {
    const hash = permalinkHash(roomId, cursor);
    if (hash !== location.hash) history.pushState(history.state, '', `${location.pathname}${location.search}${hash}`);
    follow();
  }

  window.addEventListener('hashchange', follow);
  window.addEventListener('popstate', follow);
  store.subscribe((what) => {
    if (state.view !== 'app') followed = false;
    if (!followed || !(what.has('focus') || what.has('room'))) return;
    const f = state.focus;
    const roomId = state.activeRoomId;
    const hash = f ? permalinkHash(f.roomId, f.cursor) : roomId ? roomHash(roomId) : '';
    if (hash === location.hash) return;
    // Another room is a step Back can undo; the same room's address changing (a highlight ending) is not.
    const shownRoom = (parse(location.hash) || {}).roomId || parseRoom(location.hash);
    if (roomId && shownRoom && shownRoom !== roomId) {
      history.pushState(history.state, '', `${location.pathname}${location.search}${hash}`);
    } else {
      replaceHash(hash);
    }
  });

  return { follow, open };
}
