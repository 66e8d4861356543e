// People: the "+" that starts a direct message (pick up to 8 people), and the room menu (Invite people…, the
// notification choices of views/notifications.js, Leave; ↓ ↑ Home End move, Escape closes) with its invite dialog. Both pick people with the user autocomplete.
import { h, clear, $ } from '../dom.js';
import { api, ApiError } from '../api.js';
import { createDialog } from './dialog.js';
import { createUserPicker, quietMark } from './userpicker.js';

const MAX_OTHERS = 8;

export function mountPeople(store, chat, { toast, closeDrawer }) {
  const { state } = store;
  mountDirectMessageDialog(state, chat, closeDrawer);
  return { roomMenu: mountRoomMenu(store, toast) };
}

/** A form's error line, and a submit button that shows it is busy. */
function formParts(testid, label) {
  const error = h('p.form-error.small', { role: 'alert', hidden: true, dataset: { testid: `${testid}-error` } });
  const submit = h('button.btn.primary', { type: 'submit', dataset: { testid: `${testid}-submit` } }, label);
  return {
    error,
    submit,
    fail(message) { error.textContent = message; error.hidden = false; },
    async busy(work) {
      error.hidden = true;
      submit.disabled = true;
      submit.classList.add('loading');
      try {
        await work();
      } catch (e) {
        error.textContent = e instanceof ApiError ? e.message : 'That did not work; try again.';
        error.hidden = false;
      } finally {
        submit.disabled = false;
        submit.classList.remove('loading');
      }
    },
  };
}

function mountDirectMessageDialog(state, chat, closeDrawer) {
  let chosen = [];
  const chips = h('ul.person-chips', { dataset: { testid: 'dm-chosen' }, 'aria-label': 'People in the conversation' });
  const parts = formParts('dm', 'Start');
  const picker = createUserPicker({
    label: 'Who with',
    testid: 'dm-picker',
    exclude: () => [state.me, ...chosen.map((u) => u.username)],
    onPick: (user) => {
      if (chosen.length >= MAX_OTHERS) {
        parts.fail(`A conversation holds at most ${MAX_OTHERS} other people.`);
        return;
      }
      chosen.push(user);
      picker.reset();
      renderChips();
    },
  });

  function renderChips() {
    clear(chips);
    for (const user of chosen) {
      chips.append(h('li.person-chip', { dataset: { testid: `dm-chosen-${user.username}` } },
        h('span', null, user.username), quietMark(user.quiet && user.quiet.until),
        h('button.btn.ghost.small', {
          type: 'button', 'aria-label': `Remove ${user.username}`,
          onclick: () => { chosen = chosen.filter((u) => u !== user); renderChips(); picker.focus(); },
        }, '✕')));
    }
    chips.hidden = chosen.length === 0;
    parts.error.hidden = true;
  }

  const form = h('form.people-form', { novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    if (!chosen.length) {
      parts.fail('Pick at least one person.');
      picker.focus();
      return;
    }
    parts.busy(async () => {
      await chat.startDm(chosen.map((u) => u.username));
      dialog.close();
      closeDrawer();
      $('#message-input').focus();
    });
  } },
  picker.el, chips,
  h('p.muted.small', null, 'Type the start of a name; ↓ ↑ and Enter pick. The same people always get the same conversation.'),
  parts.error,
  h('div.dialog-actions', null, parts.submit));

  const dialog = createDialog({
    title: 'Direct message', testid: 'dm-dialog', closeTestid: 'dm-close',
    onOpen: () => {
      chosen = [];
      renderChips();
      picker.reset();
      picker.focus();
    },
  }, form);
  $('#start-dm').addEventListener('click', () => dialog.open());
}

function mountRoomMenu(store, toast) {
  const { state } = store;
  const wrap = $('#room-menu-wrap');
  const button = $('#room-menu');
  const menu = $('#room-menu-list');
  const inviteItem = $('#room-menu-invite');
  const items = () => [...menu.querySelectorAll('[role^="menuitem"]')].filter((i) => !i.closest('li').hidden);

  const parts = formParts('invite', 'Invite');
  let invitee = '';
  const picker = createUserPicker({
    label: 'Person to add',
    testid: 'invite-picker',
    exclude: () => [state.me],
    onPick: (user) => {
      invitee = user.username;
      picker.input.value = user.username;
    },
  });
  const form = h('form.people-form', { novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    const roomId = state.activeRoomId;
    const username = (invitee || picker.input.value).trim().toLowerCase();
    if (!username) {
      parts.fail('Pick someone to invite.');
      picker.focus();
      return;
    }
    parts.busy(async () => {
      await api.invite(roomId, username);
      dialog.close();
      toast(`${username} can now see and read this room.`);
    });
  } },
  picker.el,
  h('p.muted.small', null, 'They join at once and the room shows up for them.'),
  parts.error,
  h('div.dialog-actions', null, parts.submit));
  picker.input.addEventListener('input', () => { invitee = ''; });

  const dialog = createDialog({
    title: 'Invite people', testid: 'invite-dialog', closeTestid: 'invite-close',
    onOpen: () => {
      const r = state.rooms.get(state.activeRoomId);
      dialog.setTitle(r ? `Invite people to ${r.name}` : 'Invite people');
      invitee = '';
      parts.error.hidden = true;
      picker.reset();
      picker.focus();
    },
  }, form);

  function openMenu() {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    items()[0].focus();
  }

  function closeMenu(refocus) {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (refocus) button.focus();
  }

  button.addEventListener('click', () => (menu.hidden ? openMenu() : closeMenu(false)));
  button.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') { ev.preventDefault(); openMenu(); }
  });
  menu.addEventListener('keydown', (ev) => {
    const list = items();
    const i = list.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      list[(i + (ev.key === 'ArrowDown' ? 1 : -1) + list.length) % list.length].focus();
    } else if (ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      list.at(ev.key === 'Home' ? 0 : -1).focus();
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      closeMenu(true);
    } else if (ev.key === 'Tab') {
      closeMenu(false);
    }
  });
  menu.addEventListener('focusout', (ev) => {
    if (!wrap.contains(ev.relatedTarget)) closeMenu(false);
  });
  inviteItem.addEventListener('click', () => { closeMenu(true); dialog.open(); });
  $('#room-menu-leave').addEventListener('click', () => { closeMenu(true); $('#leave-room').click(); });

  store.subscribe((parts) => {
    if (!parts.has('room') && !parts.has('rooms') && !parts.has('auth')) return;
    const r = state.rooms.get(state.activeRoomId);
    wrap.hidden = !(r && r.joined);
    // A direct message keeps the people it was started with.
    inviteItem.closest('li').hidden = !r || r.kind === 'dm';
  });
  /** close(refocus): an item that was chosen closes the menu, giving the focus back to its button. */
  return { close: closeMenu };
}
