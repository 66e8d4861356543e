// One message element. All user data goes in as text; URLs become <a rel="noopener noreferrer">.
import { h, clear, appendLinkified } from '../dom.js';
import { formatTime, formatFullTime } from '../util.js';
import { renderMedia } from './media.js';

/** Builds the <li> for an entry (see Timeline entries in store.js). */
export function renderMessage(e, { onRetry }) {
  const li = h('li.message', { dataset: { testid: 'message' } });
  updateMessage(li, e, { onRetry });
  return li;
}

export function updateMessage(li, e, { onRetry }) {
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
    e.state === 'pending' ? h('span.state-label', { dataset: { testid: 'message-status' } }, 'Sending…') : null);

  const body = h('div.body', { dataset: { testid: 'message-text' } });
  if (e.text != null) appendLinkified(body, e.text);
  if (e.media) body.append(renderMedia(e.media));

  li.append(h('div.avatar', { 'aria-hidden': 'true' }, (e.author || '?').slice(0, 1).toUpperCase()), h('div.content', null, meta, body));

  if (e.state === 'failed') {
    li.querySelector('.content').append(h('div.failed-row', null,
      h('span.error-text', { dataset: { testid: 'message-error' } }, `Not sent${e.error ? `: ${e.error}` : '.'}`),
      h('button.btn.small', { type: 'button', dataset: { testid: 'retry' }, onclick: () => onRetry(e) }, 'Retry')));
  }
}
