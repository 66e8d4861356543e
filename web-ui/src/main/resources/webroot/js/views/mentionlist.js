// The Mentions screen: the messages that called the user, newest first, across their rooms (GET /api/mentions),
// behind the sidebar's "@ Mentions". Each entry shows its room, author, time and text and opens the room at that
// message (its permalink); "Load more" fetches the next page. Loading, empty and error states are said in words; a
// failed page can be tried again. Opened afresh each time (mentions come and go as rooms are joined and left).
import { h, $, setBusy, isBusy } from '../dom.js';
import { api } from '../api.js';
import { formatTime, formatFullTime } from '../util.js';
import { permalinkHash } from '../permalink.js';
import { createDialog } from './dialog.js';

const PAGE = 30;
const MEDIA_WORDS = { image: 'Photo', voice: 'Voice clip', video: 'Video' };

export function mountMentionsScreen(store, permalinks, { closeDrawer }) {
  const { state } = store;
  const opener = $('#open-mentions');
  let page = { mentions: [], next: null, status: 'idle', error: null };
  let asked = 0; // an answer for a screen opened before this one is dropped

  const status = h('p.mentions-status.muted.small', { role: 'status', dataset: { testid: 'mentions-status' } });
  const errorText = h('span', null);
  const retry = h('button.btn.small', { type: 'button', dataset: { testid: 'mentions-retry' }, onclick: () => load(page.next || undefined) }, 'Try again');
  const error = h('p.form-error.small', { role: 'alert', hidden: true, dataset: { testid: 'mentions-error' } }, errorText, ' ', retry);
  const list = h('ul.mentions-items', { 'aria-label': 'Messages that mention you', dataset: { testid: 'mentions-items' } });
  const more = h('button.btn.small.mentions-more', { type: 'button', hidden: true, dataset: { testid: 'mentions-more' },
    onclick: () => { if (!isBusy(more) && page.next) load(page.next); } }, 'Load more');
  const dialog = createDialog({ title: 'Mentions', testid: 'mentions-screen', closeTestid: 'mentions-close', onOpen: opened },
    status, error, list, more);
  opener.addEventListener('click', () => dialog.open());

  function opened() {
    page = { mentions: [], next: null, status: 'idle', error: null };
    list.replaceChildren();
    return load(undefined, true);
  }

  async function load(before, first = false) {
    const mine = ++asked;
    page.status = 'loading';
    render();
    try {
      const found = await api.mentions({ before, limit: PAGE });
      if (mine !== asked) return;
      const shown = page.mentions.length;
      page.mentions.push(...(Array.isArray(found && found.mentions) ? found.mentions : []));
      page.next = (found && found.next) || null;
      page.status = 'done';
      render(shown, first);
    } catch (e) {
      if (mine !== asked) return;
      page.status = 'error';
      page.error = e.message || 'Could not load your mentions.';
      render();
    }
  }

  function go(ev, m) {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return; // a new tab or window
    ev.preventDefault();
    dialog.close();
    closeDrawer();
    permalinks.open(m.roomId, String(m.cursor));
  }

  function entry(m) {
    const room = state.rooms.get(m.roomId);
    const where = room ? `${room.kind === 'dm' ? '@' : '#'} ${room.name}` : 'a room';
    const text = typeof m.text === 'string' && m.text ? m.text
      : (m.media && (MEDIA_WORDS[m.media.kind] || m.media.name)) || '';
    return h('li.mention-entry', null, h('a.mention-hit', {
      href: permalinkHash(m.roomId, String(m.cursor)), onclick: (ev) => go(ev, m),
      dataset: { testid: 'mention-entry', roomId: m.roomId, cursor: String(m.cursor) },
    },
    h('span.mention-meta', null,
      h('span.mention-room', { dataset: { testid: 'mention-entry-room' } }, where),
      h('span.author', { dataset: { testid: 'mention-entry-author' } }, m.author),
      h('time', { datetime: new Date(m.ts).toISOString(), title: formatFullTime(m.ts) }, formatTime(m.ts))),
    h('span.mention-text', { dataset: { testid: 'mention-entry-text' } }, text)));
  }

  /** Appends the entries from `shown` on; the first page puts the focus on its first entry, "Load more" on its first new one. */
  function render(shown = page.mentions.length, first = false) {
    const moreHadFocus = document.activeElement === more;
    const loading = page.status === 'loading';
    list.setAttribute('aria-busy', String(loading));
    status.textContent = loading && !page.mentions.length ? 'Loading mentions…'
      : page.status === 'done' && !page.mentions.length ? 'Nobody has mentioned you yet. When someone writes @'
        + `${state.me} in one of your rooms, it shows up here.` : '';
    status.hidden = !status.textContent;
    error.hidden = page.status !== 'error';
    errorText.textContent = page.error || '';
    for (const m of page.mentions.slice(shown)) list.append(entry(m));
    list.hidden = !page.mentions.length;
    more.hidden = !page.next;
    setBusy(more, loading);
    more.textContent = loading && page.mentions.length ? 'Loading…' : 'Load more';
    const firstNew = list.children[shown];
    if (firstNew && (first || moreHadFocus)) firstNew.querySelector('a').focus();
  }
}
