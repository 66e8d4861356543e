// Transient notices in the corner (errors from actions that have no inline place).
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
