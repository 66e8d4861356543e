// Sidebar: direct messages (a moon while the other person is in quiet hours) and joined rooms (a lock on private ones)
// with unread counts (and, apart, how many of those mention the user; dimmed, with a muted bell, in a room that
// notifies nothing), create room (public or private), other rooms with Join, user, notifications, log out.
import { h, clear, $, icon } from '../dom.js';
import { ApiError } from '../api.js';
import { permission, requestPermission } from '../notify.js';
import { isSilenced, mutedUntil, quietUntil } from '../attention.js';
import { formatTime } from '../util.js';
import { quietMark } from './userpicker.js';

export function mountSidebar(store, chat, { toast, closeDrawer }) {
  const { state } = store;
  const roomList = $('#room-list');
  const dmList = $('#dm-list');
  const createPrivate = $('#create-room-private');
  const browseList = $('#browse-list');
  const createForm = $('#create-room-form');
  const createName = $('#create-room-name');
  const createBtn = createForm.querySelector('[data-testid="create-room-submit"]');
  const createError = $('#create-room-error');
  const notifyBtn = $('#enable-notifications');
  const logoutBtn = $('#logout');
  const joining = new Set();

  createForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = createName.value.trim();
    createError.hidden = true;
    if (!name) {
      createError.textContent = 'Enter a room name.';
      createError.hidden = false;
      createName.focus();
      return;
    }
    createBtn.disabled = true;
    createBtn.classList.add('loading');
    try {
      await chat.createRoom(name, createPrivate.checked);
      createName.value = '';
      createPrivate.checked = false;
      closeDrawer();
      $('#message-input').focus();
    } catch (e) {
      createError.textContent = e instanceof ApiError ? e.message : 'Could not create the room.';
      createError.hidden = false;
    } finally {
      createBtn.disabled = false;
      createBtn.classList.remove('loading');
    }
  });
  createName.addEventListener('input', () => { createError.hidden = true; });

  notifyBtn.addEventListener('click', async () => {
    await requestPermission();
    state.notifyPermission = permission();
    store.changed('rooms');
  });

  logoutBtn.addEventListener('click', async () => {
    logoutBtn.disabled = true;
    logoutBtn.classList.add('loading');
    try {
      await chat.logout();
    } catch (e) {
      toast(e.message || 'Could not log out.');
    } finally {
      logoutBtn.disabled = false;
      logoutBtn.classList.remove('loading');
    }
  });

  async function join(room, btn) {
    if (joining.has(room.id)) return;
    joining.add(room.id);
    btn.disabled = true;
    btn.textContent = 'Joining…';
    try {
      await chat.joinRoom(room.id);
      closeDrawer();
    } catch (e) {
      toast(e.message || 'Could not join the room.');
      btn.disabled = false;
      btn.textContent = 'Join';
    } finally {
      joining.delete(room.id);
    }
  }

  function fill(list, rooms) {
    clear(list);
    for (const r of rooms) {
      const active = r.id === state.activeRoomId;
      const mark = r.kind === 'dm' ? h('span.hash', { 'aria-hidden': 'true' }, '@')
        : r.private ? h('span.hash.lock', { title: 'Private room' }, '🔒', h('span.visually-hidden', null, 'Private room '))
          : h('span.hash', { 'aria-hidden': 'true' }, '#');
      const silenced = isSilenced(r);
      const btn = h('button.room-item', {
        type: 'button',
        class: `room-item${active ? ' active' : ''}${r.unread ? ' has-unread' : ''}${silenced ? ' silenced' : ''}`,
        dataset: { testid: `room-item-${r.name}`, roomId: r.id, kind: r.kind, private: String(!!r.private) },
        'aria-current': active ? 'page' : null,
        onclick: () => { chat.openRoom(r.id); closeDrawer(); },
      },
      mark,
      h('span.room-name', null, r.name),
      r.kind === 'dm' && r.members.length === 2 ? quietMark(quietUntil(r, r.members.find((m) => m !== state.me)), { compact: true }) : null,
      silenced ? mutedMark(r) : null,
      r.mentions ? h('span.badge.mention-badge', { dataset: { testid: `mentions-${r.name}` },
        'aria-label': `${r.mentions} ${r.mentions === 1 ? 'mention' : 'mentions'}` }, `@${r.mentions > 99 ? '99+' : r.mentions}`) : null,
      r.unread ? h(silenced ? 'span.badge.dim' : 'span.badge', { dataset: { testid: `unread-${r.name}` }, 'aria-label': `${r.unread} unread` }, r.unread > 99 ? '99+' : String(r.unread)) : null);
      list.append(h('li', null, btn));
    }
  }

  /** The room notifies nothing: muted (until when), or its level is Nothing. */
  function mutedMark(r) {
    const until = mutedUntil(r);
    const text = until ? `Muted until ${formatTime(until)}` : 'Notifications off';
    return h('span.muted-mark', { title: text, dataset: { testid: `muted-${r.name}` } }, icon('muted'),
      h('span.visually-hidden', null, ` (${text})`));
  }

  function render() {
    const all = [...state.rooms.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    const joined = all.filter((r) => r.joined);
    const others = all.filter((r) => !r.joined);

    const hadFocus = document.activeElement && document.activeElement.dataset.testid;
    const dms = joined.filter((r) => r.kind === 'dm');
    const rooms = joined.filter((r) => r.kind !== 'dm');
    fill(dmList, dms);
    fill(roomList, rooms);
    $('#dm-list-empty').hidden = dms.length > 0 || !state.roomsLoaded;
    $('#room-list-empty').hidden = rooms.length > 0 || !state.roomsLoaded;

    clear(browseList);
    for (const r of others) {
      const btn = h('button.btn.small', { type: 'button', dataset: { testid: `join-room-${r.name}` }, 'aria-label': `Join ${r.name}` }, joining.has(r.id) ? 'Joining…' : 'Join');
      btn.disabled = joining.has(r.id);
      btn.addEventListener('click', () => join(r, btn));
      browseList.append(h('li.browse-item', { dataset: { testid: `browse-room-${r.name}` } },
        h('span.room-name', null, h('span.hash', { 'aria-hidden': 'true' }, '#'), r.name),
        h('span.muted.small', null, `${r.memberCount} ${r.memberCount === 1 ? 'member' : 'members'}`),
        btn));
    }
    $('#browse-empty').hidden = others.length > 0 || !state.roomsLoaded;
    if (hadFocus) {
      const again = document.querySelector(`[data-testid="${CSS.escape(hadFocus)}"]`);
      if (again && document.activeElement === document.body) again.focus();
    }

    $('#current-user').textContent = state.me || '';
    $('#me-avatar').textContent = (state.me || '?').slice(0, 1).toUpperCase();
    notifyBtn.hidden = permission() !== 'default';

    const calls = joined.reduce((n, r) => n + (r.mentions || 0), 0);
    const callsBadge = $('#mentions-total');
    callsBadge.hidden = !calls;
    callsBadge.replaceChildren(h('span', { 'aria-hidden': 'true' }, calls > 99 ? '99+' : String(calls)),
      h('span.visually-hidden', null, ` (${calls} unread ${calls === 1 ? 'mention' : 'mentions'})`));
    const total = joined.reduce((n, r) => n + (r.unread || 0), 0);
    document.title = total ? `(${total}) Kaftalk` : 'Kaftalk';
  }

  return { render };
}
