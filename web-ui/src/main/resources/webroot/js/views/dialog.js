// A modal dialog: a titled card over a dimmed page, closed by its ✕, Escape or a click beside the card; focus goes
// back to the control that opened it.
import { h } from '../dom.js';

let titles = 0;

export function createDialog({ title, testid, closeTestid, onOpen = () => {} }, ...content) {
  const titleId = `dialog-title-${++titles}`;
  let opener = null;
  const el = h('div.dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, hidden: true,
    dataset: { testid } },
  h('div.dialog-card', null,
    h('div.dialog-head', null, h('h2', { id: titleId }, title),
      h('button.btn.ghost.small', { type: 'button', dataset: { testid: closeTestid }, 'aria-label': 'Close', onclick: close }, '✕')),
    ...content));
  document.body.append(el);
  el.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') close(); });
  el.addEventListener('click', (ev) => { if (ev.target === el) close(); });

  async function open() {
    opener = document.activeElement;
    el.hidden = false;
    await onOpen();
  }

  function close() {
    if (el.hidden) return;
    el.hidden = true;
    if (opener && opener.isConnected) opener.focus();
  }

  return { open, close };
}
