// The Files panel: what a room's members shared, newest first, from GET /api/rooms/{id}/media, behind the header's
// Files button. Tabs for Images (a grid that opens the image viewer, with previous, next and "Go to message"), Voice
// (the clips play here, with their waveform and speed), Videos and Files (each with Download); every entry goes to its
// message the way a permalink does. Tabs follow the ARIA tabs pattern: the arrow keys, Home and End move between them.
// Each tab loads when first shown, a page at a time ("Load more"); opening the panel again reloads it.
import { h, clear, $, setBusy, isBusy } from '../dom.js';
import { api } from '../api.js';
import { formatTime, formatFullTime, formatBytes, formatDuration } from '../util.js';
import { permalinkHash } from '../permalink.js';
import { createDialog } from './dialog.js';
import { fileIcon } from './media.js';
import { renderVoiceClip } from './voiceclip.js';

const PAGE = 30;
const TABS = [
  { kind: 'image', label: 'Images', empty: 'No images shared in this room yet.' },
  { kind: 'voice', label: 'Voice', empty: 'No voice clips shared in this room yet.' },
  { kind: 'video', label: 'Videos', empty: 'No videos shared in this room yet.' },
  { kind: 'file', label: 'Files', empty: 'No files shared in this room yet.' },
];

const mediaUrl = (media) => `/api/media/${encodeURIComponent(media.id)}`;
const photoAlt = (m) => `Photo from ${m.author}, ${formatTime(m.ts)}`;

export function mountFilesPanel(store, permalinks, viewer) {
  const { state } = store;
  const toggle = $('#files-toggle');
  let roomId = null;
  let selected = TABS[0];
  let pages = new Map(); // kind -> {messages, next, status: 'loading'|'done'|'error', error}
  let shown = 0; // entries of the selected tab in the list

  const tabs = TABS.map((tab) => h('button.files-tab', {
    type: 'button', role: 'tab', id: `files-tab-${tab.kind}`, 'aria-controls': 'files-tabpanel',
    dataset: { testid: `files-tab-${tab.kind}` }, onclick: () => select(tab),
  }, tab.label));
  const tablist = h('div.files-tabs', { role: 'tablist', 'aria-label': 'Shared in this room' }, tabs);
  const status = h('p.files-status.muted.small', { role: 'status', dataset: { testid: 'files-status' } });
  const errorText = h('span', null);
  const retry = h('button.btn.small', { type: 'button', dataset: { testid: 'files-retry' }, onclick: retryLoad }, 'Try again');
  const error = h('p.form-error.small.files-error', { role: 'alert', dataset: { testid: 'files-error' }, hidden: true }, errorText, ' ', retry);
  const list = h('ul.files-items', { dataset: { testid: 'files-items' } });
  const more = h('button.btn.small.files-more', { type: 'button', dataset: { testid: 'files-more' }, onclick: loadMore }, 'Load more');
  const panel = h('div.files-panel', { role: 'tabpanel', id: 'files-tabpanel' }, status, error, list, more);
  const dialog = createDialog({
    title: 'Files', testid: 'files-panel', closeTestid: 'files-close', onOpen: () => tabOf(selected).focus(),
  }, tablist, panel);

  tablist.addEventListener('keydown', (ev) => {
    const at = TABS.indexOf(selected);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    select(TABS[(to + TABS.length) % TABS.length]);
    tabOf(selected).focus();
  });

  toggle.addEventListener('click', () => {
    roomId = state.activeRoomId;
    if (!roomId) return;
    const room = state.rooms.get(roomId);
    dialog.setTitle(room ? `Files in #${room.name}` : 'Files');
    pages = new Map();
    select(selected);
    dialog.open();
  });

  store.subscribe((what) => {
    if (!what.has('room') && !what.has('rooms')) return;
    const room = state.rooms.get(state.activeRoomId);
    toggle.hidden = !(room && room.joined);
  });

  function tabOf(tab) {
    return tabs[TABS.indexOf(tab)];
  }

  function select(tab) {
    selected = tab;
    tabs.forEach((el, i) => {
      const on = TABS[i] === tab;
      el.setAttribute('aria-selected', String(on));
      el.tabIndex = on ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', tabOf(tab).id);
    list.className = `files-items ${tab.kind === 'image' ? 'files-grid' : 'files-list'}`;
    clear(list);
    shown = 0;
    if (pages.has(tab.kind)) render();
    else load(tab);
  }

  async function load(tab, before) {
    const page = pages.get(tab.kind) || { messages: [], next: null };
    page.status = 'loading';
    page.error = null;
    pages.set(tab.kind, page);
    if (tab === selected) render();
    const forRoom = roomId;
    try {
      const found = await api.roomMedia(forRoom, { kind: tab.kind, before, limit: PAGE });
      if (forRoom !== roomId) return;
      page.messages.push(...found.messages);
      page.next = found.next || null;
      page.status = 'done';
    } catch (e) {
      if (forRoom !== roomId) return;
      page.status = 'error';
      page.error = e.message || 'Could not load what was shared.';
    }
    if (tab === selected) render();
  }

  /** The page that failed: the first, or the one after those already shown. */
  function retryLoad() {
    const page = pages.get(selected.kind);
    load(selected, (page && page.next) || undefined);
  }

  function loadMore() {
    const page = pages.get(selected.kind);
    if (isBusy(more) || !page || !page.next) return;
    load(selected, page.next);
  }

  function render() {
    const page = pages.get(selected.kind);
    const moreHadFocus = document.activeElement === more;
    const retryHadFocus = document.activeElement === retry;
    const loading = page.status === 'loading';
    panel.setAttribute('aria-busy', String(loading));
    status.textContent = loading && !page.messages.length ? 'Loading…'
      : page.status === 'done' && !page.messages.length ? selected.empty : '';
    status.hidden = !status.textContent;
    error.hidden = page.status !== 'error';
    errorText.textContent = page.error || '';
    const firstNew = shown;
    for (const m of page.messages.slice(shown)) list.append(entry(m, page));
    shown = page.messages.length;
    list.hidden = !shown;
    more.hidden = !page.next;
    // aria-disabled, not disabled: a button that becomes disabled under the keyboard sends the focus to <body>.
    setBusy(more, loading);
    more.textContent = loading ? 'Loading…' : 'Load more';
    if (moreHadFocus && !loading && list.children[firstNew]) {
      list.children[firstNew].querySelector('a, button').focus();
    } else if (retryHadFocus && error.hidden) {
      // Try again worked (or is under way) and went out of sight: the keyboard goes back to the tab.
      tabOf(selected).focus();
    }
  }

  function goTo(m) {
    dialog.close();
    permalinks.open(m.roomId, String(m.cursor));
  }

  function goLink(m, what) {
    return h('a.files-go', {
      href: permalinkHash(m.roomId, String(m.cursor)), dataset: { testid: 'files-go' },
      'aria-label': `Go to the message with ${what}`,
      onclick: (ev) => {
        if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return; // a new tab or window
        ev.preventDefault();
        goTo(m);
      },
    }, 'Go to message');
  }

  function byline(m, ...extras) {
    return h('span.files-byline.muted.small', null, h('span', null, m.author), ' · ',
      h('time', { datetime: new Date(m.ts).toISOString(), title: formatFullTime(m.ts) }, formatTime(m.ts)),
      ...extras.filter(Boolean).map((text) => ` · ${text}`));
  }

  function entry(m, page) {
    const media = m.media;
    if (media.kind === 'image') {
      const open = () => {
        const images = page.messages.map((i) => ({ href: mediaUrl(i.media), alt: photoAlt(i), go: () => goTo(i) }));
        viewer.show(images, page.messages.indexOf(m));
      };
      return h('li.files-thumb-item', { dataset: { testid: 'files-entry' } },
        h('button.files-thumb', { type: 'button', dataset: { testid: 'files-image' }, onclick: open },
          h('img', {
            src: media.contentType === 'image/gif' ? mediaUrl(media) : `${mediaUrl(media)}/preview`,
            alt: photoAlt(m), loading: 'lazy', decoding: 'async',
          })));
    }
    if (media.kind === 'voice') {
      return h('li.files-row', { dataset: { testid: 'files-entry' } },
        h('div.files-row-head', null, byline(m), goLink(m, `${m.author}’s voice clip`)),
        renderVoiceClip(media, mediaUrl(media)));
    }
    const name = media.name || (media.kind === 'video' ? 'video' : 'file');
    return h('li.files-row', { dataset: { testid: 'files-entry' } },
      h('div.files-row-head', null,
        h('span.media-file-icon', { 'aria-hidden': 'true' }, fileIcon(media.contentType, name)),
        h('span.files-row-text', null,
          h('span.media-file-name', { dataset: { testid: 'file-name' }, title: name }, name),
          byline(m, media.durationMs > 0 ? formatDuration(media.durationMs) : null, formatBytes(media.size)))),
      h('div.files-row-actions', null, goLink(m, name),
        h('a.btn.small', {
          href: mediaUrl(media), download: name, rel: 'noopener noreferrer', dataset: { testid: 'files-download' },
          'aria-label': `Download ${name}`,
        }, 'Download')));
  }
}
