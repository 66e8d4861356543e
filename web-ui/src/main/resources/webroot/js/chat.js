// The chat controller: ties the REST API, the event bus and the store together.
// Owns the outbox (pending sends, retried with the same clientMsgId, kept across reloads), catch-up after reconnects,
// frame handling (message, batch, typing, presence, room, directory; others through onFrame), unread counts and notifications.

import { api, ApiError } from './api.js';
import { EventBus } from './bus.js';
import { uuid, compareCursor } from './util.js';
import { notifyMessage, notifyBatch } from './notify.js';
import { levelOf, quietOf, batchSummary } from './attention.js';
import { createHistory, PAGE_SIZE } from './history.js';
import { keptFor } from './kept.js';

const TYPING_SEND_EVERY = 2000;
const TYPING_SHOWN_FOR = 5000;
const SEND_TIMEOUT = 10000;
export const MAX_TEXT = 4000;
// Sends go out one at a time, so a send that is retried (429, 503) is never overtaken by those written after it.
// A round trip takes a few ms, far quicker than the server's rate limit lets a user send anyway.
const MAX_IN_FLIGHT = 1;
// How long a socket's catch-ups wait for the server to confirm its inbox registration. A server that does not know
// server.bridge.sync never answers it: the catch-ups then start after this, as they did before it existed.
const REGISTRATION_TIMEOUT = 3000;

export function createChat(store, { toast }) {
  const { state } = store;
  let bus = null;
  let inboxOff = null;
  const outbox = new Map(); // clientMsgId -> {roomId, text, replyTo (message id), inflight}
  let kept = null; // the signed-in user's outbox and drafts in this browser (kept.js)
  const lastTypingSent = new Map(); // roomId -> ms
  let typingTimer = null;
  let sessionCheck = null;
  let renewal = Promise.resolve();
  const history = createHistory(store, { toast });
  const frameListeners = new Map(); // frame type -> Set<fn(frame)>, for frames other modules own (settings)
  const sentListeners = new Set(); // fn({roomId, clientMsgId}, answer) once the server stored a send of this tab

  // ---------- session ----------

  async function start(username) {
    state.me = username;
    state.view = 'app';
    store.changed('auth', 'rooms', 'room', 'conn');
    bus = new EventBus('/eventbus', { requestTimeout: SEND_TIMEOUT });
    bus.on('status', (s) => {
      state.conn = { status: s.status, attempt: s.attempt || 0, delay: s.delay };
      store.changed('conn', 'online');
    });
    kept = keptFor(username);
    restoreOutbox();
    bus.on('open', ({ reconnected }) => onBusOpen(reconnected));
    bus.on('error', (frame) => checkSession(frame));
    // A logout or password change elsewhere ends this session by closing its socket.
    bus.on('close', () => checkSession(null));
    inboxOff = bus.register(`client.inbox.${username}`, (body) => handleFrame(body));
    bus.start();
    await loadRooms().catch((e) => {
      if (!(e instanceof ApiError && e.status === 401)) toast(e.message);
    });
  }

  function stop() {
    if (inboxOff) inboxOff();
    inboxOff = null;
    if (bus) bus.stop();
    bus = null;
    kept = null;
    outbox.clear();
    guardUnload();
    lastTypingSent.clear();
    clearTimeout(typingTimer);
    typingTimer = null;
    store.reset();
  }

  async function logout() {
    try {
      await api.logout();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    // A shared machine: the next person must not find this one's unsent messages or drafts (a session that merely
    // ended keeps them for the same user's next login).
    if (kept) kept.forget();
    stop();
    state.view = 'auth';
    store.changed('auth');
  }

  /** The session is gone (401 somewhere): back to the login screen. */
  function sessionEnded() {
    if (state.view !== 'app') return;
    stop();
    state.view = 'auth';
    store.changed('auth');
    toast('Your session has ended. Please log in again.');
  }

  /**
   * A password change replaces this browser's session; the server closes the socket of the old one before the
   * new cookie arrives, so the session is checked only once the change has answered.
   */
  function renewingSession(request) {
    renewal = request.then(() => { if (bus) bus.reconnectNow(); }).catch(() => {});
    return request;
  }

  function checkSession(frame) {
    // e.g. {"type":"err","body":"access_denied"}, or a closed socket: maybe the session ended under it
    if (sessionCheck) return;
    sessionCheck = renewal.then(() => api.me())
      .then((me) => { if (!signedInAs(me)) sessionEnded(); })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) sessionEnded();
        else if (frame) console.warn('event bus error', frame);
      })
      .finally(() => { setTimeout(() => { sessionCheck = null; }, 5000); });
  }

  /**
   * Whether the server has applied the inbox registration the bus wrote as this socket opened: the bridge handles a
   * socket's frames in order, so the answer to a sync sent after it proves it. False when the socket closed first (the
   * next one catches up); true after REGISTRATION_TIMEOUT without an answer.
   */
  async function inboxRegistered(openBus) {
    try {
      const answer = await openBus.request('server.bridge.sync', {}, { timeout: REGISTRATION_TIMEOUT });
      // Refused: the browser's cookie is someone else's now (signed out and in again in another tab). Nothing of
      // this user's may go out on that socket, not even the outbox.
      if (answer && answer.inbox === false && !signedInAs(await api.me().catch(() => null))) {
        sessionEnded();
        return false;
      }
    } catch (e) {
      if (e.kind === 'disconnected') return false;
    }
    return bus === openBus;
  }

  /** Whether GET /api/me's answer names the user this tab shows. */
  function signedInAs(me) {
    return !!me && me.username === state.me;
  }

  async function onBusOpen(reconnected) {
    if (!(await inboxRegistered(bus))) return;
    // The inbox is registered, so anything newer than the room list asked now arrives live. Its unread counts take in
    // what came before: after a reconnect, what was posted while offline; on the first open, what was posted between
    // the list loaded at start and the registration, which neither counts.
    const rooms = loadRooms().catch(() => {});
    // The timelines loaded before this open lack the same: what was posted while this tab was offline, or, on the
    // first open, between their page loaded at start and the registration. Anything newer than what the catch-up
    // fetch returns arrives live; the two are merged by message id. The catch-up starts at the first message shown,
    // not the last: the messages shown come again as they stand now, with the edits, deletes and reactions made
    // meanwhile (no change is replayed).
    const since = [...state.timelines.values()].filter((t) => t.loaded)
      .map((t) => ({ roomId: t.roomId, cursor: t.firstCursor() }));
    const warn = (catchUp) => catchUp.catch((e) => console.warn('catch-up failed', e));
    const catchUps = () => Promise.all(since.map(({ roomId, cursor }) => warn(history.catchUp(roomId, cursor))));
    // A room whose first page is still on its way catches up once it is answered; nothing waits for that.
    history.catchUpOnceLoaded().forEach(warn);
    // A room whose first page failed (opened while the network was down) shows an error until it is asked again:
    // asked now, after the registration, what is posted from here on arrives live.
    history.retryFailed();
    if (reconnected) {
      await rooms;
      await catchUps();
    } else {
      // What was queued before the first open goes out at once, beside the catch-ups, as it did before them.
      catchUps();
    }
    flushOutbox();
  }

  // ---------- rooms ----------

  // Room lists are numbered as asked. An answer to a request asked before a newer list was applied, or before a
  // room was created, joined or left here, describes the rooms before that change and would undo it: it is dropped.
  // A message counted live after a list was asked may be missing from that list's counts, or already in them: the
  // room keeps the higher of the list's count and what it counted live since then (never its older count, which
  // another device may have read meanwhile).
  let roomListsAsked = 0;
  let roomListsStale = 0;

  function roomsChangedHere() {
    roomListsStale = roomListsAsked;
  }

  async function loadRooms() {
    const asked = ++roomListsAsked;
    const list = await api.rooms();
    if (asked <= roomListsStale) return;
    roomListsStale = asked;
    const next = new Map();
    for (const r of Array.isArray(list) ? list : []) {
      const prev = state.rooms.get(r.id);
      const live = prev && prev.live && prev.live.since >= asked ? prev.live : null;
      // The server counts what is unread, the same on every device; the room being read here is read.
      const count = (field) => (r.joined && Number.isFinite(r[field]) && !isSeen(r.id)
        ? Math.max(r[field], live ? live[field] : 0) : 0);
      next.set(r.id, {
        id: r.id,
        name: displayName(r),
        kind: r.kind === 'dm' ? 'dm' : 'room',
        private: !!r.private,
        members: Array.isArray(r.members) ? r.members : [],
        memberCount: Number.isFinite(r.memberCount) ? r.memberCount : (prev ? prev.memberCount : 0),
        joined: !!r.joined,
        online: Array.isArray(r.online) ? new Set(r.online) : (prev ? prev.online : new Set()),
        unread: count('unread'),
        mentions: count('mentions'),
        live: prev ? prev.live : null,
        lastRead: typeof r.lastRead === 'string' ? r.lastRead : null,
        createdBy: typeof r.createdBy === 'string' ? r.createdBy : null,
        roomMention: r.roomMention !== false,
        notifications: levelOf(r.notifications),
        quiet: quietOf(r.quiet),
      });
    }
    state.rooms = next;
    state.roomsLoaded = true;
    // rooms we no longer belong to: drop their timelines (we get no frames for them any more)
    for (const id of [...state.timelines.keys()]) {
      const r = next.get(id);
      if (!r || !r.joined) dropRoom(id);
    }
    if (state.activeRoomId && !(next.get(state.activeRoomId) || {}).joined) state.activeRoomId = null;
    store.changed('rooms', 'room', 'online');
  }

  function dropRoom(id) {
    state.timelines.delete(id);
    state.typing.delete(id);
    for (const [cid, o] of outbox) if (o.roomId === id) settle(cid);
    if (kept) kept.setDraft(id, '');
    if (state.activeRoomId === id) state.activeRoomId = null;
    if (state.focus && state.focus.roomId === id) setFocus(null);
  }

  /** A direct message is called by the people in it other than me. */
  function displayName(r) {
    if (r.kind !== 'dm' || !Array.isArray(r.members)) return r.name;
    const others = r.members.filter((m) => m !== state.me);
    return others.length ? others.join(', ') : r.name;
  }

  /** Opens the one conversation of these people and me, starting it when there is none. */
  async function startDm(usernames) {
    const { room } = await api.startDm(usernames);
    roomsChangedHere();
    await loadRooms().catch(() => {});
    openRoom(room.id);
    return room;
  }

  async function createRoom(name, priv = false) {
    const created = await api.createRoom(name, priv);
    roomsChangedHere();
    await loadRooms().catch(() => {});
    if (!state.rooms.has(created.id)) {
      state.rooms.set(created.id, { id: created.id, name: created.name, kind: 'room', private: !!created.private, members: [],
        memberCount: 1, joined: true, online: new Set(), unread: 0, mentions: 0, lastRead: null, createdBy: state.me });
    }
    const r = state.rooms.get(created.id);
    if (!r.joined) { r.joined = true; }
    openRoom(created.id);
    return created;
  }

  async function joinRoom(id) {
    await api.joinRoom(id);
    roomsChangedHere();
    const r = state.rooms.get(id);
    if (r && !r.joined) {
      r.joined = true;
      r.memberCount += 1;
    }
    await loadRooms().catch(() => {});
    openRoom(id);
  }

  async function leaveRoom(id) {
    await api.leaveRoom(id);
    roomsChangedHere();
    const r = state.rooms.get(id);
    if (r && r.joined) {
      r.joined = false;
      r.memberCount = Math.max(0, r.memberCount - 1);
      r.unread = 0;
      r.mentions = 0;
    }
    dropRoom(id);
    store.changed('rooms', 'room', 'messages', 'online', 'typing');
    loadRooms().catch(() => {});
  }

  /** Makes a joined room the open one; null when it is not joined. */
  function activate(id, focus) {
    const r = state.rooms.get(id);
    if (!r || !r.joined) return null;
    if (state.activeRoomId !== id) {
      // The "New messages" line of the room being opened: above the first message after where the user stopped
      // reading, on any device; it stays until the room is left, however much is read meanwhile. In a room never
      // read (invited, or a conversation someone else started) it sits above the first message from others.
      state.newLine = r.unread > 0 ? { roomId: id, after: r.lastRead } : null;
    }
    state.activeRoomId = id;
    setFocus(focus);
    store.changed('rooms', 'room', 'messages', 'online', 'typing');
    return store.timeline(id);
  }

  function setFocus(focus) {
    if (state.focus === focus) return;
    state.focus = focus;
    store.changed('focus');
  }

  /** Opens a room at its live end (a window left at an older message is done with). */
  function openRoom(id) {
    const r = state.rooms.get(id);
    const t = activate(id, null);
    if (!t) return;
    // More unread than the newest page holds: open where the user stopped reading (newer pages follow on scrolling).
    if (r.unread >= PAGE_SIZE && r.lastRead && !(t.loaded && t.hasCursor(r.lastRead))) history.loadAround(id, r.lastRead);
    else if (!t.live) history.jumpToLatest(id);
    else if (!t.loaded && !t.loading) history.loadLatest(id);
  }

  /** Opens a room at the message at `cursor` (a permalink); false when the room is not one of ours. */
  function openAt(id, cursor) {
    const t = activate(id, { roomId: id, cursor, shown: false });
    if (!t) return false;
    if (!(t.loaded && t.hasCursor(cursor))) history.loadAround(id, cursor);
    return true;
  }

  function jumpToLatest(id) {
    setFocus(null);
    history.jumpToLatest(id);
  }

  // ---------- sending ----------

  /** Sends a message; `replyTo` ({id, cursor, author, excerpt}, optional) is the message it answers. */
  function send(roomId, rawText, replyTo = null) {
    const text = rawText.trim();
    if (!text) return null;
    if (text.length > MAX_TEXT) {
      toast(`Messages can be at most ${MAX_TEXT} characters.`);
      return null;
    }
    const t = store.timeline(roomId);
    // a send belongs at the live end: leave a window opened at an older message first
    if (!t.live) jumpToLatest(roomId);
    const clientMsgId = uuid();
    t.addLocal({ clientMsgId, text, author: state.me, roomId, replyTo });
    queue(clientMsgId, roomId, text, replyTo);
    lastTypingSent.delete(roomId);
    store.changed('messages', 'sent');
    flushOutbox();
    return clientMsgId;
  }

  function retry(roomId, clientMsgId) {
    const t = state.timelines.get(roomId);
    const e = t && t.byKey.get(`c:${clientMsgId}`);
    if (!e || e.id != null) return;
    e.state = 'pending';
    e.error = null;
    e.rev++;
    if (!outbox.has(clientMsgId)) queue(clientMsgId, roomId, e.text, e.replyTo);
    store.changed('messages');
    flushOutbox();
  }

  /** Gives up a failed send: it leaves the room and the outbox kept for the next start. */
  function discard(roomId, clientMsgId) {
    const t = state.timelines.get(roomId);
    const e = t && t.byKey.get(`c:${clientMsgId}`);
    if (!e || e.id != null || e.state !== 'failed') return;
    settle(clientMsgId);
    t.discardLocal(e);
    store.changed('messages');
  }

  /** `replyTo`: the message answered, as the reply quote shows it ({id, cursor, author, excerpt}), or null. */
  function queue(clientMsgId, roomId, text, replyTo) {
    outbox.set(clientMsgId, { roomId, text, replyTo: replyTo && replyTo.id, inflight: false });
    if (kept) kept.keep(clientMsgId, { roomId, text, replyTo });
    guardUnload();
  }

  /** The send is over: the server stored it, or its room is gone. */
  function settle(clientMsgId) {
    outbox.delete(clientMsgId);
    if (kept) kept.sent(clientMsgId);
    guardUnload();
  }

  /**
   * What a tab closed or reloaded before it could send goes out when the app starts next, with the same clientMsgId:
   * a send whose answer was lost is not posted twice. A room left meanwhile drops its sends with the room list.
   */
  function restoreOutbox() {
    for (const { clientMsgId, roomId, text, replyTo } of kept.outbox()) {
      if (outbox.has(clientMsgId)) continue;
      store.timeline(roomId).addLocal({ clientMsgId, text, author: state.me, roomId, replyTo });
      outbox.set(clientMsgId, { roomId, text, replyTo: replyTo && replyTo.id, inflight: false });
    }
    guardUnload();
    store.changed('messages');
  }

  // Only while something is unsent: a page with a beforeunload listener is kept out of the back/forward cache.
  let unloadGuarded = false;
  function guardUnload() {
    if (unloadGuarded === outbox.size > 0) return;
    unloadGuarded = outbox.size > 0;
    if (unloadGuarded) window.addEventListener('beforeunload', askBeforeUnload);
    else window.removeEventListener('beforeunload', askBeforeUnload);
  }

  /** The browser's "Leave site?": what is unsent goes out on the next start, but only if the person comes back. */
  function askBeforeUnload(ev) {
    ev.preventDefault();
    ev.returnValue = '';
  }

  function flushOutbox() {
    if (!bus || !bus.open) return;
    let inFlight = 0;
    for (const o of outbox.values()) if (o.inflight) inFlight++;
    for (const [clientMsgId, o] of outbox) {
      if (inFlight >= MAX_IN_FLIGHT) break;
      if (o.inflight) continue;
      const t = state.timelines.get(o.roomId);
      const e = t && t.byKey.get(`c:${clientMsgId}`);
      if (!e || e.state === 'failed') continue;
      if (e.id != null) { settle(clientMsgId); continue; }
      o.inflight = true;
      inFlight++;
      const body = { roomId: o.roomId, text: o.text, clientMsgId };
      if (o.replyTo) body.replyTo = o.replyTo;
      bus.request('server.chat.send', body, { timeout: SEND_TIMEOUT })
        .then((reply) => {
          settle(clientMsgId);
          for (const fn of sentListeners) fn({ roomId: o.roomId, clientMsgId }, reply);
          const m = reply && (reply.message || reply);
          const tl = state.timelines.get(o.roomId);
          const entry = tl && tl.byKey.get(`c:${clientMsgId}`);
          if (entry && m && m.id != null) tl.acknowledge(entry, m);
          else if (entry) { entry.state = 'sent'; entry.rev++; }
          store.changed('messages');
          flushOutbox();
        })
        .catch((err) => {
          o.inflight = false;
          const tl = state.timelines.get(o.roomId);
          const entry = tl && tl.byKey.get(`c:${clientMsgId}`);
          if (!entry || entry.id != null) { settle(clientMsgId); return; }
          if (err.kind === 'disconnected') {
            // stays pending; flushOutbox() runs again once the bus is back
            return;
          }
          if (isTransient(err) && (o.autoRetries || 0) < 3) {
            // e.g. 503 while the service is starting or Kafka is electing a leader, or 429: same clientMsgId, a bit later
            o.autoRetries = (o.autoRetries || 0) + 1;
            o.inflight = true; // hold the slot order; released by the timer
            setTimeout(() => { o.inflight = false; flushOutbox(); }, 1000 * 2 ** (o.autoRetries - 1));
            return;
          }
          o.autoRetries = 0;
          entry.state = 'failed';
          entry.error = err.kind === 'timeout' ? 'No answer from the server.' : describeFailure(err);
          entry.rev++;
          store.changed('messages');
          flushOutbox();
        });
    }
  }

  /**
   * Asks the message this tab sent as `sent` ({roomId, clientMsgId}) to break through the quiet hours of the people it
   * calls ("Notify anyway"): nothing is posted again -> {message, urgent:[{username, delivered, until}]}.
   */
  function resendUrgent(sent) {
    if (!bus || !bus.open) return Promise.reject(new Error('Not connected. Try again in a moment.'));
    return bus.request('server.chat.send', { roomId: sent.roomId, clientMsgId: sent.clientMsgId, urgent: true },
      { timeout: SEND_TIMEOUT });
  }

  function isTransient(err) {
    if (err.kind !== 'failure') return false;
    const code = Number(err.failureCode);
    // 429: an outbox that filled up offline spends the burst allowance at once; the rest goes a moment later.
    return code >= 500 || code === 429 || err.failureType === 'NO_HANDLERS' || err.failureType === 'TIMEOUT';
  }

  function describeFailure(err) {
    if (err.failureCode === 429) return err.message || 'Too many messages. Slow down a little.';
    return err.message || 'The server refused the message.';
  }

  function typing(roomId) {
    if (!bus || !bus.open) return;
    const now = Date.now();
    if (now - (lastTypingSent.get(roomId) || 0) < TYPING_SEND_EVERY) return;
    lastTypingSent.set(roomId, now);
    bus.send('server.chat.typing', { roomId });
  }

  // ---------- inbox frames ----------

  function handleFrame(frame) {
    if (!frame || typeof frame !== 'object') return;
    switch (frame.type) {
      case 'message': onMessage(frame.message, frame); break;
      case 'batch': onBatch(frame); break;
      case 'typing': onTyping(frame); break;
      case 'presence': onPresence(frame); break;
      case 'room': onRoomEvent(frame); break;
      case 'directory': onDirectory(frame.room); break;
      default: break;
    }
    for (const fn of frameListeners.get(frame.type) || []) fn(frame);
  }

  /** Calls fn(frame) for every inbox frame of `type`; returns a function that stops it. */
  function onFrame(type, fn) {
    if (!frameListeners.has(type)) frameListeners.set(type, new Set());
    frameListeners.get(type).add(fn);
    return () => frameListeners.get(type).delete(fn);
  }

  /** n more unread messages in a room, `calls` of them mentioning the user. */
  function countUnread(roomId, n, calls = 0) {
    const r = state.rooms.get(roomId);
    if (!r || !n) return;
    if (isSeen(roomId)) return;
    r.unread += n;
    r.mentions += calls;
    // What was counted live since the newest list was asked (loadRooms).
    if (!r.live || r.live.since !== roomListsAsked) r.live = { since: roomListsAsked, unread: 0, mentions: 0 };
    r.live.unread += n;
    r.live.mentions += calls;
    store.changed('rooms');
  }

  /**
   * Someone edited message `m`, which called the user before the edit when `calledBefore` (undefined: this tab never
   * held it). An edit may call the user in a message they have not read, or stop calling them, so the room's mention
   * count follows it, as GET /api/rooms counts it; a message this tab never held is counted again by the server. An
   * edit never notifies: only a new message calls the user.
   */
  function recountMentions(m, calledBefore) {
    const r = m && state.rooms.get(m.roomId);
    if (!r || !r.joined || !r.unread || m.author === state.me || isSeen(m.roomId)) return;
    if (r.lastRead != null && m.cursor != null && compareCursor(String(m.cursor), r.lastRead) <= 0) return;
    const calledNow = callsMe(m);
    if (calledBefore === undefined) {
      if (calledNow || r.mentions) loadRooms().catch(() => {});
    } else if (calledNow !== calledBefore) {
      r.mentions = Math.max(0, r.mentions + (calledNow ? 1 : -1));
      store.changed('rooms');
    }
  }

  /** Whether message `m` (as the server sends it, or a timeline entry) mentions the user. */
  function callsMe(m) {
    return !m.deleted && Array.isArray(m.mentions) && m.mentions.includes(state.me);
  }

  /** Whether the user is looking at the room's newest messages now (the room view says where it is scrolled). */
  function isSeen(roomId) {
    return roomId === state.seeing && !document.hidden;
  }

  /** A message from a frame (`live`, with the server's `notify` and `urgent`), a batch or an upload's answer. */
  function onMessage(m, live) {
    if (!m || m.roomId == null) return false;
    const r = state.rooms.get(m.roomId);
    if (!r) {
      loadRooms().catch(() => {});
      return false;
    }
    const t = state.timelines.get(m.roomId);
    // Who broke through the user's quiet hours, for the message's mark (the frame says it; history does not). The
    // user may have read it already (history stays readable while quiet): it is marked, and notifies, all the same.
    const urgent = !!(live && live.urgent && m.id != null);
    if (urgent) state.urgent.set(m.id, live.urgent);
    let isNew = true;
    if (t) {
      isNew = t.receive(m, state.me);
      if (urgent) t.change(m.id, () => {});
      store.changed('messages');
    }
    const typers = state.typing.get(m.roomId);
    if (typers && typers.delete(m.author)) store.changed('typing');
    if (m.author === state.me) return false;
    if (isNew) countUnread(m.roomId, 1, callsMe(m) ? 1 : 0);
    if (live && (isNew || urgent)) notifyMessage(m, r, live, () => openRoom(m.roomId));
    return isNew;
  }

  function onBatch(frame) {
    const msgs = Array.isArray(frame.messages) ? frame.messages : [];
    const part = Number(frame.part) || 1;
    if (!state.batchNotice || part <= 1 || state.batchNotice.done) {
      state.batchNotice = { messages: 0, rooms: new Set(), first: new Map(), part, parts: Number(frame.parts) || 1, done: false };
    }
    const n = state.batchNotice;
    n.notifies = n.notifies || batchNotifies(frame);
    for (const m of msgs) {
      onMessage(m, null);
      n.messages += 1;
      if (m && m.roomId != null) n.rooms.add(m.roomId);
      // where the batch starts in each room: the "New messages" line, and "Jump to first new"
      if (m && m.roomId != null && m.cursor != null && !n.first.has(m.roomId)) n.first.set(m.roomId, String(m.cursor));
    }
    n.part = part;
    n.parts = Number(frame.parts) || n.parts;
    if (n.part >= n.parts) n.done = true;
    // The whole batch notifies once, at its last part, when any of its messages may notify.
    if (n.done && n.notifies) {
      const known = [...n.rooms].map((id) => state.rooms.get(id)).filter(Boolean);
      notifyBatch(batchSummary(n.messages, known, n.rooms.size), () => openRoom(n.first.keys().next().value));
    }
    store.changed('notice');
  }

  /** Whether a batch part holds a message that may notify: its `notify` count, or the messages' own `notify`. */
  function batchNotifies(frame) {
    if (Number.isFinite(frame.notify)) return frame.notify > 0;
    const msgs = Array.isArray(frame.messages) ? frame.messages : [];
    return msgs.some((m) => m && typeof m.notify === 'string' && m.notify !== 'none');
  }

  function dismissBatchNotice() {
    state.batchNotice = null;
    store.changed('notice');
  }

  function onTyping({ roomId, username }) {
    if (!roomId || !username || username === state.me) return;
    let typers = state.typing.get(roomId);
    if (!typers) {
      typers = new Map();
      state.typing.set(roomId, typers);
    }
    typers.set(username, Date.now() + TYPING_SHOWN_FOR);
    store.changed('typing');
    scheduleTypingExpiry();
  }

  function scheduleTypingExpiry() {
    if (typingTimer) return;
    typingTimer = setTimeout(() => {
      typingTimer = null;
      const now = Date.now();
      let left = false;
      for (const typers of state.typing.values()) {
        for (const [u, exp] of typers) {
          if (exp <= now) typers.delete(u);
          else left = true;
        }
      }
      store.changed('typing');
      if (left) scheduleTypingExpiry();
    }, 500);
  }

  function onPresence({ roomId, username, online, quiet }) {
    const r = state.rooms.get(roomId);
    if (!r || !username) return;
    if (!r.online) r.online = new Set();
    if (online) r.online.add(username);
    else r.online.delete(username);
    if (quiet !== undefined) {
      // the moon by their name, in the room's lists and the sidebar's direct messages
      if (!r.quiet) r.quiet = new Map();
      if (quiet && Number.isFinite(quiet.until)) r.quiet.set(username, quiet.until);
      else r.quiet.delete(username);
      store.changed('rooms');
    }
    if (!online) {
      const typers = state.typing.get(roomId);
      if (typers) typers.delete(username);
    }
    store.changed('online', 'typing');
  }

  function onRoomEvent({ event, roomId, username }) {
    const r = state.rooms.get(roomId);
    const joined = event === 'joined';
    if (username === state.me) {
      // Changed from another tab or device, or someone added me.
      if (!r || r.joined !== joined) untilRoomsShow(roomId, joined);
      return;
    }
    if (!r) {
      loadRooms().catch(() => {});
      return;
    }
    r.memberCount = Math.max(0, r.memberCount + (joined ? 1 : -1));
    if (!joined && r.online) r.online.delete(username);
    store.changed('rooms', 'online');
    refreshRoomsSoon(); // authoritative counts and online lists (a joiner may already be online)
  }

  /**
   * Loads the room list until it shows me in roomId (or out of it), asking again after a growing pause: the frame
   * that told travels with the room's messages and may overtake the membership on the server that answers.
   */
  async function untilRoomsShow(roomId, joined) {
    for (let pause = 200; pause <= 3200; pause *= 2) {
      try {
        await loadRooms();
      } catch {
        // asked again below, or by the next refresh
      }
      const r = state.rooms.get(roomId);
      if (Boolean(r && r.joined) === joined) return;
      await new Promise((done) => setTimeout(done, pause));
    }
  }

  /** A room was created or its member count changed: the room lists show it without waiting for a refresh. */
  function onDirectory(room) {
    if (!room || typeof room.id !== 'string' || typeof room.name !== 'string') return;
    const r = state.rooms.get(room.id);
    const memberCount = Number.isFinite(room.memberCount) ? room.memberCount : 0;
    if (r) {
      if (r.kind !== 'dm') r.name = room.name;
      r.memberCount = memberCount;
    } else if (room.private) {
      // Only a member hears of a private room: I was just invited, or started a conversation elsewhere.
      loadRooms().catch(() => {});
      return;
    } else {
      state.rooms.set(room.id, { id: room.id, name: room.name, memberCount, joined: false, online: new Set(), unread: 0,
        mentions: 0,
        lastRead: null, createdBy: null });
    }
    store.changed('rooms');
  }

  let refreshTimer = null;
  function refreshRoomsSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (state.view === 'app') loadRooms().catch(() => {});
    }, 400);
  }

  return {
    start, stop, logout, sessionEnded, renewingSession, loadRooms, createRoom, startDm, joinRoom, leaveRoom, openRoom, openAt,
    jumpToLatest, loadOlder: history.loadOlder, loadNewer: history.loadNewer, retryHistory: history.retryFirst, send,
    retry, discard, typing,
    dismissBatchNotice, onFrame, resendUrgent, recountMentions, callsMe,
    /** Calls fn(sent, reply) for every send of this tab the server stored; returns a function that stops it. */
    onSent: (fn) => { sentListeners.add(fn); return () => sentListeners.delete(fn); },
    /** A message the server stored for us outside the bridge: a media upload's `answer` (its `quiet` people too). */
    receive: (m, answer) => {
      onMessage(m, null);
      if (m.clientMsgId) for (const fn of sentListeners) fn({ roomId: m.roomId, clientMsgId: m.clientMsgId }, answer);
    },
    reconnectNow: () => bus && bus.reconnectNow(),
    get bus() { return bus; },
  };
}
