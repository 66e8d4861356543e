// A modal dialog: a titled card over a dimmed page, closed by its ✕, Escape or a click beside the card; focus goes
// back to the control that opened it. While it is open the page behind it is inert (no focus, no clicks, nothing
// read out) and Tab wraps around inside the card. Not a native <dialog>: the toasts, which report what the dialog
// did, would sit under its top layer and be made inert with the page.
import { h, $ } from '../dom.js';

let titles = 0;

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]';

function tabStops(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && el.tabIndex >= 0 && el.checkVisibility());
}

/** onKey(ev) sees every other key pressed while the dialog is open (e.g. arrows of an image viewer). */
export function createDialog({ title, testid, closeTestid, onOpen = () => {}, onKey: onOtherKey = () => {} }, ...content) {
  const titleId = `dialog-title-${++titles}`;
  let opener = null;
  let madeInert = [];
  let inertUnder = false;
  const card = h('div.dialog-card', null,
    h('div.dialog-head', null, h('h2', { id: titleId }, title),
      h('button.btn.ghost.small', { type: 'button', dataset: { testid: closeTestid }, 'aria-label': 'Close', onclick: close }, '✕')),
    ...content);
  const el = h('div.dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, hidden: true,
    dataset: { testid } }, card);
  document.body.append(el);
  el.addEventListener('click', (ev) => { if (ev.target === el) close(); });

  // On the document, not the dialog: a key still reaches it when the focus is nowhere in particular. A dialog opened
  // over this one (the image viewer over the Files panel) makes this one inert: its keys are the other's.
  function onKey(ev) {
    if (el.inert || ev.defaultPrevented) return;
    if (ev.key === 'Escape') {
      ev.preventDefault();
      close();
    } else if (ev.key === 'Tab') {
      const stops = tabStops(card);
      const i = stops.indexOf(document.activeElement);
      const wrapTo = ev.shiftKey ? (i <= 0 ? stops.at(-1) : null) : (i === -1 || i === stops.length - 1 ? stops[0] : null);
      if (wrapTo) {
        ev.preventDefault();
        wrapTo.focus();
      }
    } else {
      onOtherKey(ev);
    }
  }

  async function open() {
    if (!el.hidden) return;
    opener = document.activeElement;
    // Opened over another dialog (the image viewer over the Files panel), which made this one inert with the page:
    // this one comes alive and on top, and goes back to how it was on close.
    inertUnder = el.inert;
    el.inert = false;
    document.body.append(el);
    el.hidden = false;
    const toasts = $('#toasts');
    madeInert = [...document.body.children].filter((c) => c !== el && c !== toasts && !c.inert);
    madeInert.forEach((c) => { c.inert = true; });
    document.addEventListener('keydown', onKey);
    await onOpen();
  }

  function close() {
    if (el.hidden) return;
    el.hidden = true;
    document.removeEventListener('keydown', onKey);
    madeInert.forEach((c) => { c.inert = false; });
    madeInert = [];
    el.inert = inertUnder;
    if (opener && opener.isConnected) opener.focus();
  }

  return { open, close, setTitle: (text) => { card.querySelector('h2').textContent = text; } };
}
