// The reaction picker: a small popover by the React button with the emoji teams use most and a field that filters
// them by name. Arrow keys move through the emoji (Down from the field enters them), Enter or a click picks one,
// Escape closes it and gives the focus back to the button; so does a click elsewhere, and Tab out of it closes it.
// One picker serves every message. On a phone it is a sheet along the bottom of the screen.
import { h } from '../dom.js';

// Fully qualified, as the server keeps reactions (a heart with its U+FE0F is the same reaction as one without).
const EMOJI = [
  ['👍', 'thumbs up yes agree +1'], ['👎', 'thumbs down no -1'], ['❤️', 'red heart love'], ['😂', 'tears of joy laugh lol'],
  ['🎉', 'party popper tada celebrate'], ['🙏', 'folded hands thanks please'], ['👀', 'eyes looking'], ['🔥', 'fire hot'],
  ['✅', 'check mark done yes'], ['❌', 'cross mark no'], ['😄', 'grinning smile happy'], ['🙂', 'slightly smiling'],
  ['😉', 'wink'], ['😍', 'heart eyes love'], ['🤔', 'thinking hmm'], ['😮', 'open mouth surprised wow'],
  ['😢', 'crying sad'], ['😅', 'sweat smile phew'], ['😎', 'sunglasses cool'], ['🤣', 'rolling on the floor laughing'],
  ['👏', 'clapping applause'], ['🙌', 'raising hands hooray'], ['💪', 'flexed biceps strong'], ['👋', 'waving hand hello bye'],
  ['🤝', 'handshake deal'], ['👌', 'ok hand'], ['🤷', 'shrug'], ['💯', 'hundred points'],
  ['🚀', 'rocket launch ship'], ['⭐', 'star'], ['✨', 'sparkles'], ['💡', 'light bulb idea'],
  ['⚠️', 'warning'], ['🐛', 'bug'], ['☕', 'coffee hot beverage'], ['🍕', 'pizza lunch'],
  ['🎂', 'birthday cake'], ['➕', 'plus one'], ['👆', 'pointing up this'], ['😬', 'grimacing awkward'],
];

const GAP = 6;

export function createPicker() {
  let anchor = null;
  let onPick = null;
  const filter = h('input.picker-filter', {
    type: 'search', placeholder: 'Search emoji', 'aria-label': 'Search emoji', autocomplete: 'off', spellcheck: 'false',
    dataset: { testid: 'picker-filter' },
  });
  const grid = h('div.picker-grid', { role: 'group', 'aria-label': 'Emoji', dataset: { testid: 'picker-grid' } },
    EMOJI.map(([emoji, name]) => h('button.picker-emoji', {
      type: 'button', title: name.split(' ').slice(0, 2).join(' '), 'aria-label': name.split(' ').slice(0, 2).join(' '),
      tabIndex: -1, dataset: { testid: 'picker-emoji', emoji, names: name }, onclick: () => pick(emoji),
    }, emoji)));
  const empty = h('p.picker-empty.muted.small', { hidden: true, dataset: { testid: 'picker-empty' } }, 'No emoji match.');
  const el = h('div.emoji-picker', {
    role: 'dialog', 'aria-label': 'Add a reaction', hidden: true, dataset: { testid: 'emoji-picker' },
  }, filter, grid, empty);
  document.body.append(el);

  const shown = () => [...grid.children].filter((b) => !b.hidden);

  filter.addEventListener('input', () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const b of grid.children) b.hidden = !words.every((w) => b.dataset.names.split(' ').some((n) => n.startsWith(w)));
    const visible = shown();
    empty.hidden = visible.length > 0;
    setStop(visible[0]);
  });

  /** How many emoji a row of the grid holds as laid out now (a phone's sheet is wider than the desktop popover). */
  function columns(visible) {
    const top = visible[0].offsetTop;
    const n = visible.findIndex((b) => b.offsetTop !== top);
    return n === -1 ? visible.length : n;
  }

  function setStop(to) {
    for (const b of grid.children) b.tabIndex = b === to ? 0 : -1;
  }

  el.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      close(true);
      return;
    }
    const visible = shown();
    if (!visible.length) return;
    if (ev.target === filter) {
      if (ev.key === 'ArrowDown') {
        ev.preventDefault();
        const stop = visible.find((b) => b.tabIndex === 0) || visible[0];
        stop.focus();
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        pick(visible[0].dataset.emoji); // the best match, as a search box would
      }
      return;
    }
    const i = visible.indexOf(document.activeElement);
    if (i === -1) return;
    const cols = columns(visible);
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, Home: -i, End: visible.length - 1 - i };
    if (!(ev.key in moves)) return;
    ev.preventDefault();
    const next = i + moves[ev.key];
    if (next < 0) {
      filter.focus(); // up from the first row goes back to the search field
      return;
    }
    const to = visible[Math.min(next, visible.length - 1)];
    setStop(to);
    to.focus();
  });
  // Tab out of the picker, or a click or tap elsewhere, closes it (the focus goes where the user sent it).
  el.addEventListener('focusout', (ev) => {
    if (!el.hidden && ev.relatedTarget && !el.contains(ev.relatedTarget)) close(false);
  });
  document.addEventListener('pointerdown', (ev) => {
    if (!el.hidden && !el.contains(ev.target) && !(anchor && anchor.contains(ev.target))) close(false);
  });
  window.addEventListener('resize', () => { if (!el.hidden) place(); });

  function place() {
    const r = anchor.getBoundingClientRect();
    const w = el.offsetWidth;
    const hgt = el.offsetHeight;
    const below = r.bottom + GAP + hgt <= window.innerHeight;
    el.style.top = `${Math.max(GAP, below ? r.bottom + GAP : r.top - GAP - hgt)}px`;
    el.style.left = `${Math.max(GAP, Math.min(r.right - w, window.innerWidth - w - GAP))}px`;
  }

  function pick(emoji) {
    const fn = onPick;
    close(true);
    if (fn) fn(emoji);
  }

  /** Gives the focus back to the button that opened the picker when `refocus`, or when it is the focus's last place. */
  function close(refocus) {
    if (el.hidden) return;
    el.hidden = true;
    if (anchor) anchor.setAttribute('aria-expanded', 'false');
    if (refocus && anchor && anchor.isConnected) anchor.focus();
    anchor = null;
    onPick = null;
  }

  return {
    /** Opens the picker by `button`; `pick(emoji)` gets the emoji chosen. The same button again closes it. */
    open(button, pickFn) {
      if (!el.hidden && anchor === button) {
        close(true);
        return;
      }
      close(false);
      anchor = button;
      onPick = pickFn;
      filter.value = '';
      for (const b of grid.children) b.hidden = false;
      empty.hidden = true;
      setStop(grid.firstElementChild);
      el.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      place();
      filter.focus();
    },
    close,
    get isOpen() { return !el.hidden; },
  };
}
