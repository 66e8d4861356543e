// One message element. All user data goes in as text (format.js: code, bold, italic, quotes, lists); URLs become
// <a rel="noopener noreferrer">. A message the server has acknowledged (it has a cursor, so a permalink) carries its
// actions in its meta row (views/actions.js), the quote of the message it answers above its text, "(edited)" at the
// end of its text (in the meta row while it is edited), and its reactions below; a deleted one shows only that it was deleted.
import { h, clear } from '../dom.js';
import { appendFormatted } from '../format.js';
import { formatTime, formatFullTime } from '../util.js';
import { renderMedia } from './media.js';
import { messageActions, reactionChips, editor } from './actions.js';

/** Builds the <li> for an entry (see Timeline entries in store.js). */
export function renderMessage(e, actions) {
  const li = h('li.message', { dataset: { testid: 'message' } });
  updateMessage(li, e, actions);
  return li;
}

/**
 * actions: me() the signed-in user (a message calling them stands out); urgent(entry) {by, reason} when the message
 * broke through the user's quiet hours (marked "Urgent · alice notified you during quiet hours"); onRetry(entry) and onDiscard(entry) for a failed send; the message actions and reactions of views/actions.js; `editing`, the
 * key of the entry whose text is being edited in place. The control that had the keyboard focus keeps it, and a
 * playing clip or video keeps playing (a reaction or an edit redraws its message).
 */
export function updateMessage(li, e, actions) {
  const focused = li.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
  const oldMedia = li.querySelector('[data-media-id]');
  const oldEditor = li.querySelector('.editor'); // what the user typed so far survives a reaction arriving
  clear(li);
  const callsMe = !e.deleted && e.mentions.includes(actions.me());
  const urgent = e.deleted ? null : actions.urgent(e);
  li.className = `message${e.mine ? ' own' : ''}${callsMe ? ' mentions-me' : ''}${urgent ? ' urgent' : ''} state-${e.state}${e.deleted ? ' deleted' : ''}`;
  if (callsMe) li.dataset.mentionsMe = 'true'; else delete li.dataset.mentionsMe;
  li.dataset.state = e.state;
  li.dataset.author = e.author;
  if (e.id != null) li.dataset.id = e.id; else delete li.dataset.id;
  if (e.cursor != null) li.dataset.cursor = e.cursor; else delete li.dataset.cursor;
  if (e.clientMsgId) li.dataset.clientMsgId = e.clientMsgId;
  if (e.mine) li.dataset.own = 'true'; else delete li.dataset.own;
  if (e.deleted) li.dataset.deleted = 'true'; else delete li.dataset.deleted;

  const editing = !e.deleted && actions.editing === e.key;
  const edited = e.editedAt && !e.deleted
    ? h('span.edited', { title: `Edited ${formatFullTime(e.editedAt)}`, dataset: { testid: 'message-edited' } }, '(edited)') : null;
  const time = h('time', { datetime: new Date(e.ts).toISOString(), title: formatFullTime(e.ts), dataset: { testid: 'message-time' } }, formatTime(e.ts));
  const meta = h('div.meta', { dataset: { testid: 'message-meta' } },
    h('span.author', { dataset: { testid: 'message-author' } }, e.author),
    e.mine ? h('span.you-tag', null, 'you') : null,
    time,
    editing ? edited : null,
    e.state === 'pending' ? h('span.state-label', { dataset: { testid: 'message-status' } }, 'Sending…') : null,
    e.cursor != null ? messageActions(e, actions) : null);

  const content = h('div.content', null, meta);
  if (urgent) {
    content.append(h('p.urgent-mark', { dataset: { testid: 'message-urgent' } },
      h('strong', null, 'Urgent'), ` · ${urgent.by || e.author} notified you during quiet hours`));
  }
  if (e.replyTo && !e.deleted) content.append(replyQuote(e, actions));
  if (e.deleted) {
    content.append(h('div.body.tombstone', { dataset: { testid: 'message-deleted' } }, 'This message was deleted'));
  } else if (editing) {
    content.append(oldEditor || editor(e, actions));
  } else {
    const body = h('div.body', { dataset: { testid: 'message-text' } });
    if (e.text != null) appendFormatted(body, e.text, e.mentions);
    if (e.media) body.append(oldMedia && oldMedia.dataset.mediaId === e.media.id ? oldMedia : mediaOf(e));
    content.append(body);
    // At the end of the text, not in the meta row (kept there only while the editor takes the text's place): a grouped
    // message's meta floats over its corner (reading.css).
    if (edited) content.append(' ', edited);
  }
  if (!e.deleted && e.reactions && e.reactions.length) content.append(reactionChips(e, actions));

  li.append(h('div.avatar', { 'aria-hidden': 'true' }, (e.author || '?').slice(0, 1).toUpperCase()), content);

  if (e.state === 'failed') {
    content.append(h('div.failed-row', null,
      h('span.error-text', { dataset: { testid: 'message-error' } }, `Not sent${e.error ? `: ${e.error}` : '.'}`),
      h('button.btn.small', { type: 'button', dataset: { testid: 'retry' }, onclick: () => actions.onRetry(e) }, 'Retry'),
      h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'discard' }, onclick: () => actions.onDiscard(e) },
        'Discard')));
  }
  if (focused) {
    const again = li.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
    if (again) again.focus({ preventScroll: true });
  }
}

function mediaOf(e) {
  const el = renderMedia(e.media, e);
  el.dataset.mediaId = e.media.id;
  return el;
}

/** The message this one answers, as the server quotes it; activating it goes to the original, highlighted. */
function replyQuote(e, { onQuote }) {
  const q = e.replyTo;
  return h('button.reply-quote', {
    type: 'button', dataset: { testid: 'message-reply-quote', focusKey: 'quote' },
    'aria-label': `In reply to ${q.author}: ${q.excerpt}. Go to that message`,
    onclick: () => onQuote(e),
  }, h('span.reply-quote-author', null, q.author), h('span.reply-quote-text', null, q.excerpt));
}
