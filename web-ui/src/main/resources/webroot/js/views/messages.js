// One message element. All user data goes in as text (format.js: code, bold, italic, quotes, lists); URLs become
// <a rel="noopener noreferrer">. A message the server
// has acknowledged (it has a cursor, so a permalink) carries a Copy link button in its meta row.
import { h, clear } from '../dom.js';
import { appendFormatted } from '../format.js';
import { formatTime, formatFullTime } from '../util.js';
import { renderMedia } from './media.js';

/** Builds the <li> for an entry (see Timeline entries in store.js). */
export function renderMessage(e, actions) {
  const li = h('li.message', { dataset: { testid: 'message' } });
  updateMessage(li, e, actions);
  return li;
}

/** actions: onRetry(entry) for a failed send, onCopyLink(entry) for an acknowledged message. */
export function updateMessage(li, e, { onRetry, onCopyLink }) {
  clear(li);
  li.className = `message${e.mine ? ' own' : ''} state-${e.state}`;
  li.dataset.state = e.state;
  li.dataset.author = e.author;
  if (e.id != null) li.dataset.id = e.id; else delete li.dataset.id;
  if (e.cursor != null) li.dataset.cursor = e.cursor; else delete li.dataset.cursor;
  if (e.clientMsgId) li.dataset.clientMsgId = e.clientMsgId;
  if (e.mine) li.dataset.own = 'true'; else delete li.dataset.own;

  const time = h('time', { datetime: new Date(e.ts).toISOString(), title: formatFullTime(e.ts), dataset: { testid: 'message-time' } }, formatTime(e.ts));
  const meta = h('div.meta', null,
    h('span.author', { dataset: { testid: 'message-author' } }, e.author),
    e.mine ? h('span.you-tag', null, 'you') : null,
    time,
    e.state === 'pending' ? h('span.state-label', { dataset: { testid: 'message-status' } }, 'Sending…') : null,
    e.cursor != null ? copyLinkButton(e, onCopyLink) : null);

  const body = h('div.body', { dataset: { testid: 'message-text' } });
  if (e.text != null) appendFormatted(body, e.text);
  if (e.media) body.append(renderMedia(e.media, e));

  li.append(h('div.avatar', { 'aria-hidden': 'true' }, (e.author || '?').slice(0, 1).toUpperCase()), h('div.content', null, meta, body));

  if (e.state === 'failed') {
    li.querySelector('.content').append(h('div.failed-row', null,
      h('span.error-text', { dataset: { testid: 'message-error' } }, `Not sent${e.error ? `: ${e.error}` : '.'}`),
      h('button.btn.small', { type: 'button', dataset: { testid: 'retry' }, onclick: () => onRetry(e) }, 'Retry')));
  }
}

// The icon is markup of the page's own (index.html), never built from data.
const LINK_ICON = document.getElementById('icon-link');

function copyLinkButton(e, onCopyLink) {
  return h('button.btn.ghost.message-action', {
    type: 'button', title: 'Copy link', dataset: { testid: 'message-copy-link' },
    'aria-label': `Copy link to ${e.author}’s message`, onclick: () => onCopyLink(e),
  }, LINK_ICON.content.firstElementChild.cloneNode(true));
}
