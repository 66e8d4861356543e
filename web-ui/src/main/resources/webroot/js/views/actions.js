// What a user can do with a posted message: its toolbar (Copy link, React, Reply, and Edit and Delete where the
// server allows them), the reaction chips below it, and the editor that takes its text's place while it is edited.
// The toolbar is one Tab stop per message (arrow keys move inside it, the ARIA toolbar pattern), so tabbing through a
// room stays one step per message. It shows on hover and while the focus is inside the message; a touch screen, which
// cannot hover, always shows Copy link and a "More actions" button, and a long press on the message opens the rest.
import { h, icon } from '../dom.js';

const LONG_PRESS_MS = 500;
const MOVE_TOLERANCE = 10;

function actionButton(key, label, title, onclick, { more = false } = {}) {
  return h(`button.btn.ghost.message-action${more ? '' : '.hover-action'}`, {
    type: 'button', title, 'aria-label': label, tabIndex: -1, onclick,
    dataset: { testid: `message-${key}`, focusKey: key },
  }, icon(key === 'copy-link' ? 'link' : key));
}

/**
 * actions: onCopyLink, onReact(entry, button), onReply, onEdit, onDelete (entry), canEdit(entry), canDelete(entry).
 * A deleted message keeps only its link.
 */
export function messageActions(e, actions) {
  const whose = `${e.author}’s message`;
  const buttons = [actionButton('copy-link', `Copy link to ${whose}`, 'Copy link', () => actions.onCopyLink(e))];
  buttons[0].classList.remove('hover-action'); // shows on touch screens too
  if (!e.deleted) {
    const react = actionButton('react', `React to ${whose}`, 'Add a reaction', () => actions.onReact(e, react));
    react.setAttribute('aria-haspopup', 'dialog');
    buttons.push(react, actionButton('reply', `Reply to ${whose}`, 'Reply', () => actions.onReply(e)));
    if (actions.canEdit(e)) buttons.push(actionButton('edit', 'Edit your message', 'Edit', () => actions.onEdit(e)));
    if (actions.canDelete(e)) {
      const del = actionButton('delete', `Delete ${e.mine ? 'your message' : whose}`, 'Delete', () => actions.onDelete(e));
      del.setAttribute('aria-haspopup', 'dialog');
      buttons.push(del);
    }
    const more = actionButton('more', `More actions for ${whose}`, 'More actions', (ev) => toggleMore(ev.currentTarget), { more: true });
    more.setAttribute('aria-expanded', 'false');
    buttons.push(more);
  }
  buttons[0].tabIndex = 0;
  return h('div.message-actions', { role: 'toolbar', 'aria-label': `Actions for ${whose}`, onkeydown: roveToolbar }, buttons);
}

/** Arrow keys, Home and End move the focus along the toolbar's visible buttons; the one focused is its Tab stop. */
function roveToolbar(ev) {
  const keys = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
  if (!(ev.key in keys)) return;
  const buttons = [...ev.currentTarget.querySelectorAll('button')].filter((b) => b.checkVisibility());
  const i = buttons.indexOf(document.activeElement);
  const step = keys[ev.key];
  const next = step === -Infinity ? 0 : step === Infinity ? buttons.length - 1 : (i + step + buttons.length) % buttons.length;
  ev.preventDefault();
  moveStop(buttons, buttons[next]);
}

function moveStop(buttons, to) {
  for (const b of buttons) b.tabIndex = b === to ? 0 : -1;
  to.focus();
}

/** Opens (or closes) the actions of a message on a touch screen; one message's at a time. */
function toggleMore(button, open = button.getAttribute('aria-expanded') !== 'true') {
  const li = button.closest('.message');
  for (const other of document.querySelectorAll('.message.actions-open')) {
    if (other !== li) setOpen(other, false);
  }
  setOpen(li, open);
  if (open) {
    const first = li.querySelector('.hover-action');
    if (first) moveStop([...li.querySelectorAll('.message-actions button')], first);
  }
}

function setOpen(li, open) {
  li.classList.toggle('actions-open', open);
  const more = li.querySelector('[data-focus-key="more"]');
  if (more) more.setAttribute('aria-expanded', String(open));
}

/** A long press on a message (a finger held still on it) opens its actions, as "More actions" does. */
export function openOnLongPress(list) {
  let timer = null;
  let start = null;
  let opened = false; // this press opened the actions: the browser's own long-press menu stays away
  const cancel = () => { clearTimeout(timer); timer = null; };
  list.addEventListener('pointerdown', (ev) => {
    opened = false;
    if (ev.pointerType !== 'touch') return;
    const more = ev.target.closest('.message') && ev.target.closest('.message').querySelector('[data-focus-key="more"]');
    if (!more || ev.target.closest('button, a, audio, video, textarea')) return;
    start = { x: ev.clientX, y: ev.clientY };
    timer = setTimeout(() => { timer = null; opened = true; toggleMore(more, true); }, LONG_PRESS_MS);
  });
  list.addEventListener('contextmenu', (ev) => { if (opened) ev.preventDefault(); });
  list.addEventListener('pointermove', (ev) => {
    if (timer && Math.hypot(ev.clientX - start.x, ev.clientY - start.y) > MOVE_TOLERANCE) cancel();
  });
  for (const type of ['pointerup', 'pointercancel', 'scroll']) list.addEventListener(type, cancel, { passive: true });
}

/** The reactions under a message: emoji and count, the user's own pressed; each toggles the user's reaction. */
export function reactionChips(e, { onToggleReaction, reacted }) {
  return h('div.reactions', { role: 'group', 'aria-label': 'Reactions', dataset: { testid: 'message-reactions' } },
    e.reactions.map((r) => {
      const users = Array.isArray(r.users) ? r.users : [];
      const others = r.count - users.length;
      const who = users.join(', ') + (others > 0 ? ` and ${others} more` : '');
      const mine = reacted(e, r.emoji);
      return h('button.reaction', {
        type: 'button', title: who, 'aria-pressed': String(mine),
        'aria-label': `${r.emoji} ${r.count}: ${who}`,
        dataset: { testid: 'reaction', emoji: r.emoji, focusKey: `reaction:${r.emoji}` },
        onclick: () => onToggleReaction(e, r.emoji, !mine),
      }, h('span.reaction-emoji', { 'aria-hidden': 'true' }, r.emoji), h('span.reaction-count', { 'aria-hidden': 'true' }, String(r.count)));
    }));
}

/**
 * The text of a message being edited: Enter saves, Shift+Enter is a new line, Escape cancels. editStatus() says
 * whether its save awaits an answer or failed (showEditStatus).
 */
export function editor(e, { onSaveEdit, onCancelEdit, editStatus }) {
  const box = h('textarea.edit-input', {
    rows: 2, 'aria-label': 'Edit message', 'aria-describedby': 'edit-hint', dataset: { testid: 'edit-input', focusKey: 'edit-input' },
  });
  box.value = e.text || '';
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      onCancelEdit(e);
    } else if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      onSaveEdit(e, box.value);
    }
  });
  const drawn = h('div.editor', { dataset: { testid: 'message-editor' } }, box,
    h('div.editor-row', null,
      h('span.muted.small', { id: 'edit-hint' }, 'Enter to save, Esc to cancel'),
      h('span.edit-status.small', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'edit-status' } }),
      h('button.btn.small', { type: 'button', dataset: { testid: 'edit-cancel' }, onclick: () => onCancelEdit(e) }, 'Cancel'),
      h('button.btn.primary.small', { type: 'button', dataset: { testid: 'edit-save' }, onclick: () => onSaveEdit(e, box.value) }, 'Save')));
  showEditStatus(drawn, editStatus());
  return drawn;
}

/**
 * Shows on an editor whether its save awaits the answer ("Saving…"; Save unavailable but keeping the focus, and the
 * text still open to typing) or why it failed, until the next try; nothing else.
 */
export function showEditStatus(drawn, { saving, error }) {
  const status = drawn.querySelector('[data-testid=edit-status]');
  status.textContent = saving ? 'Saving…' : error || '';
  status.classList.toggle('error-text', !saving && !!error);
  const save = drawn.querySelector('[data-testid=edit-save]');
  save.setAttribute('aria-disabled', String(saving));
  save.setAttribute('aria-busy', String(saving));
}
