// A people autocomplete: a combobox whose list shows the users whose name starts with what is typed
// (GET /api/users?q=), with a moon and "until 07:00" for those in quiet hours (the server says until when, never
// the schedule). ↓ ↑ move through the list, Enter picks, Escape closes the list.
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { quietText } from '../attention.js';

let pickers = 0;

/**
 * A moon for a quiet user, with "Quiet until 07:00" on hover and for screen readers; `compact` leaves out the visible
 * "until 07:00" (a list with little room: the title and the accessible text keep it).
 */
export function quietMark(until, { compact = false } = {}) {
  if (!Number.isFinite(until) || until <= Date.now()) return null;
  const text = quietText(until);
  return h('span.quiet-mark', { title: text, dataset: { testid: 'quiet-mark', until: String(until) } },
    h('span.quiet-moon', { 'aria-hidden': 'true' }, '🌙'),
    compact ? null : h('span.quiet-until', { 'aria-hidden': 'true' }, ` ${text.slice('Quiet '.length)}`),
    h('span.visually-hidden', null, ` (${text})`));
}

/**
 * @param label the input's visible label
 * @param exclude () => usernames not to offer (me, those already picked)
 * @param onPick (user) => void with {username, quiet, online}
 */
export function createUserPicker({ label, testid, exclude = () => [], onPick }) {
  const n = ++pickers;
  const inputId = `user-picker-${n}`;
  const listId = `user-picker-list-${n}`;
  const input = h('input', {
    id: inputId, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none',
    maxlength: '32', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    dataset: { testid: `${testid}-input` },
  });
  const list = h('ul.user-options', { id: listId, role: 'listbox', 'aria-label': 'People', hidden: true,
    dataset: { testid: `${testid}-options` } });
  const status = h('p.visually-hidden', { role: 'status' });
  const el = h('div.user-picker', null, h('label', { for: inputId }, label), input, list, status);
  let users = [];
  let active = -1;
  let asked = 0;
  let timer = null;

  function show(found) {
    const skip = new Set(exclude());
    users = found.filter((u) => u && typeof u.username === 'string' && !skip.has(u.username));
    active = users.length ? 0 : -1;
    render();
    status.textContent = input.value.trim() ? `${users.length} ${users.length === 1 ? 'person' : 'people'} found` : '';
  }

  function render() {
    clear(list);
    users.forEach((u, i) => {
      list.append(h('li.user-option', {
        id: `${listId}-${i}`, role: 'option', 'aria-selected': String(i === active),
        class: `user-option${i === active ? ' active' : ''}`, dataset: { testid: `${testid}-option-${u.username}` },
        onmousedown: (ev) => ev.preventDefault(), // keep the focus in the input
        onclick: () => pick(i),
      },
      h('span.presence-dot', { class: `presence-dot${u.online ? ' online' : ''}`, 'aria-hidden': 'true' }),
      h('span.user-name', null, u.username),
      u.online ? h('span.visually-hidden', null, ' (online)') : null,
      quietMark(u.quiet && u.quiet.until)));
    });
    const open = users.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
    const current = list.children[active];
    if (current) current.scrollIntoView({ block: 'nearest' });
  }

  async function lookUp() {
    const q = input.value.trim().toLowerCase();
    const mine = ++asked;
    if (q && !/^[a-z0-9_.-]{1,32}$/.test(q)) { show([]); return; }
    try {
      const found = await api.users(q);
      if (mine === asked) show(Array.isArray(found) ? found : []);
    } catch {
      if (mine === asked) show([]);
    }
  }

  function pick(i) {
    const user = users[i];
    if (!user) return;
    close();
    onPick(user);
  }

  function close() {
    asked++;
    users = [];
    active = -1;
    render();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 120);
  });
  input.addEventListener('focus', () => { if (!users.length) lookUp(); });
  input.addEventListener('blur', () => setTimeout(close, 0));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!users.length) { lookUp(); return; }
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + users.length) % users.length;
      render();
    } else if (ev.key === 'Enter' && active >= 0 && users.length) {
      ev.preventDefault();
      pick(active);
    } else if (ev.key === 'Escape' && users.length) {
      // Closes the list only; a second Escape closes the dialog around it.
      ev.preventDefault();
      ev.stopPropagation();
      close();
    }
  });

  return {
    el,
    input,
    reset: () => { input.value = ''; close(); },
    focus: () => input.focus(),
  };
}
