// The search box in the room header and its results panel. Ctrl+K, Cmd+K or / (outside a text field) opens it,
// Enter searches, the arrow keys move between the input and the results, Escape closes and gives focus back.
// On phones the box is an icon that expands over the header. Message text reaches the DOM only as text nodes.

import { h, clear, $ } from '../dom.js';
import { formatTime, formatFullTime } from '../util.js';
import { createSearch, highlightParts } from '../search.js';
import { permalinkHash, copyPermalink } from '../permalink.js';

export function mountSearch(store, permalinks, { toast }) {
  const { state } = store;
  const box = $('#search');
  const form = $('#search-form');
  const input = $('#search-input');
  const toggle = $('#search-toggle');
  const panel = $('#search-panel');
  const status = $('#search-status');
  const error = $('#search-error');
  const list = $('#search-results');
  const more = $('#search-more');
  const help = $('#search-help');
  let opener = null; // where focus was before the search took it; Escape returns there
  let shown = 0; // results rendered, so "Load more" can move focus to the first new one

  const search = createSearch(render);

  if (/Mac|iPhone|iPad/.test(navigator.platform)) $('#search-kbd').textContent = '⌘K';

  // ----- opening and closing -----
  function open() {
    box.classList.add('open');
    toggle.setAttribute('aria-expanded', 'true');
    input.focus();
    input.select();
  }

  function close({ refocus }) {
    panel.hidden = true;
    box.classList.remove('open');
    toggle.setAttribute('aria-expanded', 'false');
    if (!refocus) return;
    const back = opener && opener.isConnected && opener.offsetParent !== null ? opener : $('#message-input');
    if (back && back.offsetParent !== null) back.focus();
    else toggle.focus();
  }

  box.addEventListener('focusin', (ev) => {
    if (ev.relatedTarget && !box.contains(ev.relatedTarget)) opener = ev.relatedTarget;
  });
  input.addEventListener('focus', () => { panel.hidden = false; });
  toggle.addEventListener('click', open);
  $('#search-close').addEventListener('click', () => close({ refocus: true }));
  document.addEventListener('pointerdown', (ev) => {
    if (!panel.hidden && !box.contains(ev.target)) close({ refocus: false });
  });

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    panel.hidden = false;
    search.run(input.value);
  });

  const typingIn = (el) => el instanceof Element && !!el.closest('input, textarea, select, [contenteditable]');
  document.addEventListener('keydown', (ev) => {
    if (state.view !== 'app' || document.querySelector('.dialog:not([hidden])')) return;
    const shortcut = (ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 'k';
    const slash = ev.key === '/' && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typingIn(ev.target);
    if (shortcut || slash) {
      ev.preventDefault();
      open();
    }
  });

  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation(); // the drawer's Escape handler is not for this one
      close({ refocus: true });
      return;
    }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const stops = [input, ...list.querySelectorAll('a.search-hit')];
    // from a result's Copy link button too: it moves as its result does
    const from = document.activeElement === input ? input
      : document.activeElement.closest('.search-result')?.querySelector('a.search-hit');
    const at = stops.indexOf(from);
    if (at < 0) return;
    ev.preventDefault();
    const next = stops[Math.min(stops.length - 1, Math.max(0, at + (ev.key === 'ArrowDown' ? 1 : -1)))];
    next.focus();
    panel.hidden = false;
  });

  more.addEventListener('click', () => search.more());

  // ----- results -----
  function go(ev, m) {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return; // a new tab or window
    ev.preventDefault();
    close({ refocus: false });
    permalinks.open(m.roomId, String(m.cursor));
  }

  function textOf(m, highlights) {
    if (typeof m.text === 'string' && m.text) {
      return highlightParts(m.text, highlights).map((p) => (p.mark ? h('mark', null, p.text) : p.text));
    }
    const kind = m.media && m.media.kind === 'voice' ? 'Voice clip' : 'Image';
    return h('span.muted', null, kind);
  }

  function renderResult({ message: m, highlights }) {
    const room = state.rooms.get(m.roomId);
    const roomName = room ? room.name : 'a room you left';
    return h('li.search-result', null,
      h('a.search-hit', {
        href: permalinkHash(m.roomId, String(m.cursor)),
        dataset: { testid: 'search-result', roomId: m.roomId, cursor: String(m.cursor) },
        onclick: (ev) => go(ev, m),
      },
      h('span.search-meta', null,
        h('span.search-room', { dataset: { testid: 'search-result-room' } }, `# ${roomName}`),
        h('span.author', { dataset: { testid: 'search-result-author' } }, m.author),
        h('time', { datetime: new Date(m.ts).toISOString(), title: formatFullTime(m.ts) }, formatTime(m.ts))),
      h('span.search-text', { dataset: { testid: 'search-result-text' } }, textOf(m, highlights))),
    h('button.btn.ghost.small.search-copy', {
      type: 'button', dataset: { testid: 'search-copy-link' },
      'aria-label': `Copy link to ${m.author}’s message in ${roomName}`, onclick: () => copyPermalink(m.roomId, String(m.cursor), toast),
    }, 'Copy link'));
  }

  function statusText(s) {
    if (s.status === 'loading') return 'Searching…';
    if (s.status !== 'done' && s.status !== 'more') return '';
    const n = s.results.length;
    if (!n) return `No results for “${s.query}”`;
    return `${n} ${n === 1 ? 'result' : 'results'}${s.next ? ', more below' : ''}`;
  }

  function render() {
    const s = search.state;
    const moreHadFocus = document.activeElement === more;
    status.textContent = statusText(s);
    panel.setAttribute('aria-busy', String(s.status === 'loading' || s.status === 'more'));
    error.hidden = s.status !== 'error';
    error.textContent = s.error || '';
    help.hidden = !(s.status === 'idle' || s.badQuery);
    if (s.status === 'loading' || s.status === 'idle') {
      clear(list);
      shown = 0;
    }
    for (const r of s.results.slice(shown)) list.append(renderResult(r));
    const firstNew = list.children[shown];
    shown = s.results.length;
    list.hidden = !shown;
    more.hidden = !s.next;
    // aria-disabled, not disabled: Chromium drops the focus of a button that becomes disabled, so the keyboard user
    // who pressed it would land on the page's body instead of the first new result. search.more() ignores the
    // presses meanwhile.
    more.setAttribute('aria-disabled', String(s.status === 'more'));
    more.textContent = s.status === 'more' ? 'Loading…' : 'Load more';
    if (moreHadFocus && firstNew && s.status === 'done') firstNew.querySelector('a').focus();
  }
}
