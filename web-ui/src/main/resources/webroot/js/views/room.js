// Room view: header (title, members, a moon while a direct message's other person is in quiet hours, Leave room),
// message list with infinite scroll up (and down, for a window opened at an older message, whose message stays
// highlighted), typing indicator, online list (a moon by the quiet, and the quiet members who are not online),
// composer, connection banner and the "While you were away" notice.
import { h, clear, $ } from '../dom.js';
import { renderMessage, updateMessage } from './messages.js';
import { markDaysAndGroups, markFirstNew } from './daygroups.js';
import { createMessageActions } from './lifecycle.js';
import { openOnLongPress } from './actions.js';
import { mountMentionComplete } from './mentions.js';
import { compareCursor, roomLabel } from '../util.js';
import { quietUntil, batchSummary } from '../attention.js';
import { quietMark } from './userpicker.js';
import { keptFor } from '../kept.js';

const NEAR_BOTTOM = 60;
const NEAR_TOP = 150;

export function mountRoom(store, chat, { toast, changes, reading, permalinks }) {
  const { state } = store;
  const list = $('#message-list');
  const title = $('#room-title');
  const meta = $('#room-meta');
  const leaveBtn = $('#leave-room');
  const emptyState = $('#empty-state');
  const historyLoading = $('#history-loading');
  const historyError = $('#history-error');
  const jump = $('#jump-latest');
  const typingEl = $('#typing-indicator');
  const onlinePanel = $('#online-panel');
  const onlineList = $('#online-list');
  const onlineToggle = $('#online-toggle');
  const quietList = $('#quiet-list');
  const quietHeading = $('#quiet-heading');
  const composer = $('#composer');
  const input = $('#message-input');
  const charCount = $('#char-count');
  const banner = $('#connection-banner');
  const notice = $('#batch-notice');

  let shownRoom = null; // room id whose messages are in the list
  let cache = new Map(); // entry key -> {el, rev, state}
  let stick = true; // keep the view pinned to the newest message
  let highlighted = null; // the element of the permalinked message (state.focus)
  let newestShown = null; // key of the newest entry the list showed, to tell the user's own new one
  // Each room's unsent draft, kept in this browser for the signed-in user: a reload or a closed tab loses none.
  const drafts = () => keptFor(state.me);

  let lineShown = false; // the open room's "New messages" line was scrolled to
  const lifecycle = createMessageActions(store, { changes, permalinks, toast, redraw: () => renderMessages(new Set()) });
  const actions = {
    ...lifecycle.actions,
    onRetry: (e) => chat.retry(e.roomId, e.clientMsgId),
    // The row with the focused button goes: the keyboard carries on in the composer.
    onDiscard: (e) => { chat.discard(e.roomId, e.clientMsgId); input.focus(); },
    me: () => state.me,
    urgent: (e) => (e.id != null && state.urgent.get(e.id)) || null,
    get editing() { return lifecycle.editing; },
  };
  openOnLongPress(list);
  const mentionComplete = mountMentionComplete(input, { me: () => state.me, room: () => state.rooms.get(state.activeRoomId) });

  // ----- composer -----
  function autosize() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  }

  function submit() {
    const roomId = state.activeRoomId;
    if (!roomId) return;
    const text = input.value;
    if (!text.trim()) return;
    if (chat.send(roomId, text, lifecycle.reply.peek(roomId))) {
      lifecycle.reply.cancel(roomId);
      input.value = '';
      drafts().setDraft(roomId, '');
      autosize();
      updateCount();
      stick = true;
    }
  }

  function updateCount() {
    const n = input.value.trim().length;
    charCount.textContent = n > 3500 ? `· ${n}/4000` : '';
    charCount.classList.toggle('over', n > 4000);
  }

  composer.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit();
    input.focus();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
      ev.preventDefault();
      submit();
    } else if (ev.key === 'ArrowUp' && !input.value && state.activeRoomId && lifecycle.editLast(state.activeRoomId)) {
      ev.preventDefault();
    }
  });
  input.addEventListener('input', () => {
    autosize();
    updateCount();
    if (state.activeRoomId) {
      drafts().setDraft(state.activeRoomId, input.value);
      if (input.value.trim()) chat.typing(state.activeRoomId);
    }
  });

  // ----- header (Leave: views/leave.js) -----
  onlineToggle.addEventListener('click', () => {
    const open = onlinePanel.classList.toggle('open');
    onlineToggle.setAttribute('aria-expanded', String(open));
  });

  $('#batch-dismiss').addEventListener('click', () => chat.dismissBatchNotice());
  // The first room of the batch, at its first new message.
  $('#batch-jump').addEventListener('click', () => {
    const n = state.batchNotice;
    const [roomId, cursor] = n ? [...n.first][0] || [] : [];
    if (roomId) chat.openAt(roomId, cursor);
  });

  // ----- scrolling -----
  const distanceFromBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight;
  const activeTimeline = () => state.timelines.get(state.activeRoomId);
  // only a window that reaches the live end can be pinned to its bottom
  const atLiveEnd = () => { const t = activeTimeline(); return !t || t.live; };

  list.addEventListener('scroll', () => {
    const roomId = state.activeRoomId;
    stick = atLiveEnd() && distanceFromBottom() < NEAR_BOTTOM;
    if (stick) jump.hidden = true;
    noteSeeing();
    if (!roomId) return;
    if (list.scrollTop < NEAR_TOP) chat.loadOlder(roomId);
    if (distanceFromBottom() < NEAR_TOP) chat.loadNewer(roomId);
  }, { passive: true });

  // The list shrinks when a row appears above or below it (the upload or recorder tray, an error, the batch
  // banner, a phone's keyboard): a list pinned to its newest message stays pinned, rather than showing it cut off.
  new ResizeObserver(() => {
    if (stick && atLiveEnd()) list.scrollTop = list.scrollHeight;
  }).observe(list);

  jump.addEventListener('click', () => {
    stick = true;
    jump.hidden = true;
    if (atLiveEnd()) list.scrollTop = list.scrollHeight;
    else chat.jumpToLatest(state.activeRoomId);
  });

  /** The room's newest messages are on screen (the list is at its live end): they are read. */
  function noteSeeing() {
    state.seeing = stick && atLiveEnd() && !list.hidden ? state.activeRoomId : null;
    if (state.seeing) reading.markRead(state.seeing);
  }
  document.addEventListener('visibilitychange', noteSeeing);

  /** Where the "New messages" line goes: above the first message from others after the position it was opened with. */
  function firstUnread(t, line) {
    const first = t.entries.find((e) => e.cursor != null && !e.mine && (line.after == null || compareCursor(e.cursor, line.after) > 0));
    return first ? first.cursor : null;
  }

  // ----- render -----
  function renderHeader() {
    const room = state.rooms.get(state.activeRoomId);
    const open = !!(room && room.joined);
    title.textContent = open ? `${room.kind === 'dm' ? '@' : '#'} ${room.name}` : 'No room open';
    meta.textContent = open ? `${room.memberCount} ${room.memberCount === 1 ? 'member' : 'members'}` : '';
    // A direct message says when the other person is in quiet hours, before anyone writes to them.
    const other = open && room.kind === 'dm' && room.members.length === 2 ? room.members.find((m) => m !== state.me) : null;
    const moon = other ? quietMark(quietUntil(room, other), { compact: true }) : null;
    if (moon) meta.append(' · ', moon);
    leaveBtn.hidden = !open;
    onlineToggle.hidden = !open;
    composer.hidden = !open;
    onlinePanel.hidden = !open;
    emptyState.hidden = open;
    list.hidden = !open;
    input.placeholder = open ? `Message ${room.kind === 'dm' ? '@' : '#'}${room.name}` : 'Message';
  }

  function renderMessages(what) {
    const roomId = state.activeRoomId;
    const room = state.rooms.get(roomId);
    const t = room && room.joined ? state.timelines.get(roomId) : null;

    if (roomId !== shownRoom) {
      // switching rooms: start from a clean list, pinned to the bottom, with the room's draft (kept as it is typed)
      clear(list);
      cache = new Map();
      shownRoom = roomId;
      newestShown = null;
      lineShown = false;
      stick = true;
      jump.hidden = true;
      mentionComplete.close();
      input.value = roomId ? drafts().draft(roomId) : '';
      autosize();
      updateCount();
      if (roomId && window.matchMedia('(pointer: fine)').matches) input.focus();
    }
    historyLoading.hidden = !(t && t.loadingOlder);
    // Without its first page the room cannot say it is empty: what failed is said instead, with a Retry.
    const failed = !!(t && t.error && !t.loaded && !t.loading);
    renderHistoryError(roomId, failed ? t.error : null);
    if (!t) return;

    const wasAtBottom = t.live && (stick || distanceFromBottom() < NEAR_BOTTOM);
    // remember where the first visible message is, to keep it in place when older pages arrive
    let anchor = null;
    let anchorTop = 0;
    if (!wasAtBottom) {
      for (const child of list.children) {
        if (child.offsetTop + child.offsetHeight > list.scrollTop) {
          anchor = child;
          anchorTop = child.offsetTop - list.scrollTop;
          break;
        }
      }
    }

    const lastBefore = list.lastElementChild;
    const seen = new Set();
    let cursor = list.firstElementChild;
    for (const e of t.entries) {
      seen.add(e.key);
      let c = cache.get(e.key);
      if (!c) {
        c = { el: renderMessage(e, actions), rev: e.rev, state: e.state };
        cache.set(e.key, c);
      } else if (c.rev !== e.rev || c.state !== e.state || c.editing !== (lifecycle.editing === e.key)) {
        updateMessage(c.el, e, actions);
        c.rev = e.rev;
        c.state = e.state;
      }
      c.editing = lifecycle.editing === e.key;
      if (c.el === cursor) {
        cursor = cursor.nextElementSibling;
      } else {
        list.insertBefore(c.el, cursor);
      }
    }
    for (const [key, c] of cache) {
      if (!seen.has(key)) {
        c.el.remove();
        cache.delete(key);
      }
    }
    markDaysAndGroups(t.entries, (e) => (cache.get(e.key) || {}).el);
    const line = state.newLine && state.newLine.roomId === roomId ? state.newLine : null;
    if (line && line.cursor === undefined && t.loaded && !t.loading) line.cursor = firstUnread(t, line);
    markFirstNew(list, (line && line.cursor) || (state.batchNotice && state.batchNotice.first.get(roomId)));

    list.setAttribute('aria-busy', t.loading ? 'true' : 'false');
    if (!t.entries.length) {
      list.dataset.empty = t.loading ? 'loading' : failed ? 'error' : 'none';
    } else {
      delete list.dataset.empty;
    }

    const target = renderFocus(roomId) || lineToShow(line);
    const newest = t.entries[t.entries.length - 1];
    const ownNew = !!newest && newest.mine && newest.key !== newestShown;
    newestShown = newest ? newest.key : null;
    if (!target && t.live && ownNew) {
      // The user's own send (a message, a photo, a clip) always scrolls into view, wherever they were reading.
      list.scrollTop = list.scrollHeight;
      stick = true;
      jump.hidden = true;
    } else if (target && target.classList.contains('new-line')) {
      target.scrollIntoView({ block: 'start' });
      stick = t.live && distanceFromBottom() < NEAR_BOTTOM;
    } else if (target) {
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true }); // keyboard and screen reader users land on it too
      stick = false;
    } else if (wasAtBottom) {
      list.scrollTop = list.scrollHeight;
      stick = true;
      jump.hidden = true;
    } else if (anchor && anchor.isConnected) {
      list.scrollTop = anchor.offsetTop - anchorTop;
      if (list.lastElementChild !== lastBefore && what.has('messages') && !what.has('older') && !what.has('newer')) {
        jump.hidden = false;
      }
    }
    jump.textContent = t.live ? 'New messages ↓' : 'Jump to latest ↓';
    if (!t.live) jump.hidden = false;

    noteSeeing();

    // the first page may not fill the screen: keep loading older pages until it does
    if (t.loaded && t.hasMore && !t.loadingOlder && list.scrollHeight <= list.clientHeight + NEAR_TOP) {
      setTimeout(() => chat.loadOlder(roomId), 0);
    }
    if (t.loaded && !t.live && !t.loadingNewer && distanceFromBottom() < NEAR_TOP) {
      setTimeout(() => chat.loadNewer(roomId), 0);
    }
  }

  /**
   * The open room's first page failed for `reason` (null: it did not). Drawn again only when the room or the reason
   * changes, so that the status is announced once; a Retry that goes out of sight leaves the keyboard on the list.
   */
  function renderHistoryError(roomId, reason) {
    const key = reason == null ? '' : `${roomId}\n${reason}`;
    if ((historyError.dataset.key || '') === key) return;
    const hadFocus = historyError.contains(document.activeElement);
    historyError.dataset.key = key;
    historyError.replaceChildren(...(reason == null ? [] : [
      h('p.history-error-title', null, 'Couldn’t load messages'),
      h('p.muted.small', null, reason),
      h('button.btn.small', { type: 'button', dataset: { testid: 'history-retry' },
        onclick: () => chat.retryHistory(state.activeRoomId) }, 'Retry'),
    ]));
    if (hadFocus && reason == null) list.focus({ preventScroll: true });
  }

  /** Marks the permalinked message; returns its element when it still has to be scrolled to (once per link). */
  function renderFocus(roomId) {
    const f = state.focus;
    const el = f && f.roomId === roomId ? list.querySelector(`[data-cursor="${CSS.escape(f.cursor)}"]`) : null;
    if (highlighted !== el && highlighted) {
      delete highlighted.dataset.highlighted;
      highlighted.removeAttribute('aria-current');
      highlighted.removeAttribute('tabindex');
    }
    highlighted = el;
    if (!el) return null;
    el.dataset.highlighted = 'true';
    el.setAttribute('aria-current', 'true');
    el.tabIndex = -1;
    if (f.shown) return null;
    f.shown = true;
    return el;
  }

  /** The "New messages" line, the first time it is drawn in the open room: the room opens there. */
  function lineToShow(line) {
    if (!line || !line.cursor || lineShown) return null;
    const el = list.querySelector('.new-line');
    if (el) lineShown = true;
    return el;
  }

  function renderTyping() {
    const typers = state.typing.get(state.activeRoomId);
    const now = Date.now();
    const names = typers ? [...typers].filter(([, exp]) => exp > now).map(([u]) => u).sort() : [];
    let text = '';
    if (names.length === 1) text = `${names[0]} is typing…`;
    else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
    else if (names.length > 2) text = 'Several people are typing…';
    if (typingEl.textContent !== text) typingEl.textContent = text;
    typingEl.dataset.active = names.length ? 'true' : 'false';
  }

  function renderOnline() {
    const room = state.rooms.get(state.activeRoomId);
    clear(onlineList);
    if (!room || !room.joined) return;
    const names = new Set(room.online || []);
    if (state.me && state.conn.status === 'online') names.add(state.me);
    const sorted = [...names].sort((a, b) => (a === state.me ? -1 : b === state.me ? 1 : a.localeCompare(b)));
    for (const u of sorted) {
      onlineList.append(h('li.online-user', { dataset: { testid: 'online-user', username: u } },
        h('span.dot', { 'aria-hidden': 'true' }), h('span.online-name', null, u), u === state.me ? h('span.muted.small', null, ' (you)') : null,
        quietMark(quietUntil(room, u), { compact: true })));
    }
    // Members in quiet hours who are not online: before pinging them, people see they will wait.
    const away = [...(room.quiet || new Map()).keys()].filter((u) => !names.has(u) && quietUntil(room, u)).sort();
    quietList.replaceChildren(...away.map((u) => h('li.online-user.away', { dataset: { testid: 'quiet-user', username: u } },
      h('span.online-name', null, u), quietMark(quietUntil(room, u), { compact: true }))));
    quietList.hidden = !away.length;
    quietHeading.hidden = !away.length;
    $('#online-count').textContent = `· ${sorted.length}`;
    // A phone shows the dot and the number only: the header has one row for everything.
    onlineToggle.replaceChildren(h('span.dot', { 'aria-hidden': 'true' }), h('span.wide-only', null, 'Online · '), String(sorted.length));
    onlineToggle.setAttribute('aria-label', `Online: ${sorted.length}`);
  }

  function renderBanner() {
    const { status, attempt } = state.conn;
    banner.dataset.status = status;
    let text;
    if (status === 'online') text = 'Online';
    else if (status === 'reconnecting') text = `Reconnecting… (attempt ${Math.max(1, attempt)})`;
    else if (status === 'offline') text = 'Offline';
    else text = 'Connecting…';
    if (status !== 'online' && typeof navigator !== 'undefined' && navigator.onLine === false) text += ' · no network';
    banner.textContent = text;
    if (status === 'reconnecting') {
      banner.append(' ', h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'reconnect-now' }, onclick: () => chat.reconnectNow() }, 'Retry now'));
    }
  }

  function renderNotice() {
    const n = state.batchNotice;
    notice.hidden = !n;
    if (!n) return;
    const rooms = [...n.rooms].map((id) => state.rooms.get(id)).filter(Boolean);
    $('#batch-notice-text').textContent = `While you were away: ${batchSummary(n.messages, rooms, n.rooms.size)}`
      + (rooms.length ? ` (${rooms.map(roomLabel).join(', ')})` : '') + (n.done ? '' : ` (part ${n.part} of ${n.parts}…)`);
    $('#batch-jump').hidden = n.first.size === 0;
  }

  // Signed out: the composer forgets whose draft it showed, so that the next person's first room does not take it.
  store.subscribe((what) => {
    if (!what.has('auth') || state.view === 'app') return;
    shownRoom = null;
    input.value = '';
  });

  return {
    render(what) {
      if (what.has('room') || what.has('rooms')) renderHeader();
      if (what.has('room') || what.has('messages') || what.has('rooms') || what.has('focus') || what.has('notice')) renderMessages(what);
      if (what.has('room') || what.has('typing')) renderTyping();
      if (what.has('room') || what.has('online') || what.has('conn') || what.has('rooms')) renderOnline();
      if (what.has('conn')) renderBanner();
      if (what.has('notice') || what.has('rooms')) renderNotice();
    },
  };
}
