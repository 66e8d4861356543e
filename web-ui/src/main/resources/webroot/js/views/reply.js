// Replying: the quote of the message being answered, above the composer, with a button (and Escape in the message
// box) to cancel. Kept per room (state.replies), like the draft; the next message sent from the box, or the next file
// attached or clip recorded (takeReply), is the reply, and takes the quote with it.
import { h, $ } from '../dom.js';

// The server quotes the first 140 characters (ReplyRef.EXCERPT_CHARS); the pending message shows the same.
const EXCERPT_CHARS = 140;
const MEDIA_WORDS = { image: 'Photo', voice: 'Voice clip', video: 'Video', file: 'File' };

/** The quote a reply to entry `e` carries, as the server will write it: {id, cursor, author, excerpt}. */
export function quoteOf(e) {
  const excerpt = e.text ? [...e.text].slice(0, EXCERPT_CHARS).join('')
    : e.media ? (e.media.kind === 'file' && e.media.name) || MEDIA_WORDS[e.media.kind] || 'File' : '';
  return { id: e.id, cursor: e.cursor, author: e.author, excerpt };
}

/** The room's pending reply, taken for what is being sent now: null when there is none. */
export function takeReply(store, roomId) {
  const q = store.state.replies.get(roomId) || null;
  if (q) {
    store.state.replies.delete(roomId);
    store.changed('reply');
  }
  return q;
}

export function mountReply(store) {
  const { state } = store;
  const bar = $('#reply-bar');
  const input = $('#message-input');

  function render() {
    const q = state.replies.get(state.activeRoomId);
    bar.hidden = !q;
    if (!q) {
      bar.replaceChildren();
      return;
    }
    bar.replaceChildren(
      h('div.reply-bar-quote', null,
        h('span.reply-bar-label', null, 'Replying to ', h('strong', null, q.author)),
        h('span.reply-bar-text', { dataset: { testid: 'reply-bar-text' } }, q.excerpt)),
      h('button.btn.ghost.small', { type: 'button', 'aria-label': `Cancel the reply to ${q.author}`, title: 'Cancel reply',
        dataset: { testid: 'reply-cancel' }, onclick: () => { cancel(); input.focus(); } }, '✕'));
  }

  function cancel(roomId = state.activeRoomId) {
    takeReply(store, roomId);
  }

  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && state.replies.has(state.activeRoomId)) {
      ev.preventDefault();
      cancel();
    }
  });
  store.subscribe((what) => { if (what.has('room') || what.has('rooms') || what.has('reply')) render(); });

  return {
    /** Starts a reply to entry `e` in its room, with the focus in the message box. */
    start(e) {
      state.replies.set(e.roomId, quoteOf(e));
      store.changed('reply');
      input.focus();
    },
    /** The room's pending reply (null when there is none); `cancel(roomId)` once the message is on its way. */
    peek: (roomId) => state.replies.get(roomId) || null,
    cancel,
  };
}
