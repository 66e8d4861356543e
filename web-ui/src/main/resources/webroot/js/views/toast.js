// Transient notices in the corner (errors from actions that have no inline place), above the composer.
import { h, $ } from '../dom.js';

export function toast(message, { kind = 'error', timeout = 5000 } = {}) {
  const box = $('#toasts');
  if (!box || !message) return;
  const close = () => el.remove();
  const el = h('div.toast', { dataset: { testid: 'toast', kind }, role: kind === 'error' ? 'alert' : 'status' },
    h('span', null, message),
    h('button.btn.ghost.small', { type: 'button', 'aria-label': 'Dismiss', onclick: close }, '✕'));
  box.append(el);
  while (box.children.length > 4) box.firstChild.remove();
  setTimeout(close, timeout);
}

const GAP = 8;
const CORNER = 16;

/**
 * Keeps the toasts above `els` (the composer and the tray over it), whatever height they grow to: a toast in the
 * bottom corner would otherwise lie on the Send button and the message box, on a desktop and on a phone.
 */
export function keepToastsAbove(...els) {
  const box = $('#toasts');
  const place = () => {
    const tops = els.filter((el) => el.getClientRects().length).map((el) => el.getBoundingClientRect().top);
    const clear = tops.length ? window.innerHeight - Math.min(...tops) + GAP : CORNER;
    box.style.bottom = `${Math.max(CORNER, clear)}px`;
  };
  const watcher = new ResizeObserver(place);
  els.forEach((el) => watcher.observe(el));
  window.addEventListener('resize', place);
}
