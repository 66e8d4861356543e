// "Notify anyway": when the server's answer to a send says that it reached people in quiet hours (`quiet:[{username,
// until, canNotify}]`), a bar over the composer says so ("bob is in quiet hours until 07:00: your message will wait")
// and, for those who allow urgent messages from the sender, offers "Notify anyway": the message asked again by its
// clientMsgId with `urgent:true` (nothing is posted twice), whose answer says who was notified now and who gets it
// when their quiet hours end. Media uploads whose answer lists quiet people get the bar too. Kept per room until dismissed or replaced by the next such send; read out as it changes
// (a live region), and reachable with Shift+Tab from the message box.
import { h, $, setBusy, isBusy } from '../dom.js';
import { formatTime } from '../util.js';

const isPerson = (p) => p && typeof p.username === 'string' && Number.isFinite(p.until);

export function mountQuietSends(store, chat) {
  const { state } = store;
  const bar = $('#quiet-bar');
  const input = $('#message-input');

  chat.onSent((sent, reply) => {
    const people = Array.isArray(reply && reply.quiet) ? reply.quiet.filter(isPerson) : [];
    if (!people.length) return;
    state.quietSends.set(sent.roomId, { sent, people, results: new Map(), error: null, busy: false });
    store.changed('quietsend');
  });

  async function notifyAnyway(roomId, notice, button) {
    if (isBusy(button)) return;
    notice.busy = true;
    notice.error = null;
    setBusy(button, true);
    try {
      const reply = await chat.resendUrgent(notice.sent);
      for (const r of Array.isArray(reply && reply.urgent) ? reply.urgent : []) {
        if (r && typeof r.username === 'string') notice.results.set(r.username, r);
      }
      input.focus();
    } catch (e) {
      notice.error = `Could not notify: ${e.message || 'try again.'}`;
    } finally {
      notice.busy = false;
    }
    if (state.quietSends.get(roomId) === notice) store.changed('quietsend');
  }

  function line(p, result) {
    if (result && result.delivered === 'now') return `${p.username} was notified`;
    const until = formatTime(Number.isFinite(result && result.until) ? result.until : p.until);
    if (result) return `${p.username} will get it when quiet hours end (${until})`;
    return `${p.username} is in quiet hours until ${until}: your message will wait`;
  }

  function render() {
    const roomId = state.activeRoomId;
    const notice = state.quietSends.get(roomId);
    if (!notice) {
      bar.replaceChildren();
      return;
    }
    const waiting = notice.people.filter((p) => p.canNotify === true && !notice.results.has(p.username));
    const button = waiting.length ? h('button.btn.small.primary', {
      type: 'button', dataset: { testid: 'notify-anyway' },
      'aria-label': `Notify ${waiting.map((p) => p.username).join(', ')} anyway`,
    }, 'Notify anyway') : null;
    if (button) {
      button.addEventListener('click', () => notifyAnyway(roomId, notice, button));
      setBusy(button, notice.busy);
    }
    const hadFocus = bar.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    bar.replaceChildren(
      h('span.quiet-bar-moon', { 'aria-hidden': 'true' }, '🌙'),
      h('div.quiet-bar-lines', null, notice.people.map((p) => h('p.quiet-bar-line', {
        dataset: { testid: 'quiet-bar-line', username: p.username },
      }, line(p, notice.results.get(p.username)))),
      notice.error ? h('p.form-error.small', { role: 'alert', dataset: { testid: 'quiet-bar-error' } }, notice.error) : null),
      // no button once nobody is left to notify (replaceChildren would write a null as the text "null")
      ...(button ? [button] : []),
      h('button.btn.ghost.small', {
        type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss', dataset: { testid: 'quiet-bar-dismiss' },
        onclick: () => { state.quietSends.delete(roomId); store.changed('quietsend'); input.focus(); },
      }, '✕'));
    const again = hadFocus && bar.querySelector(`[data-testid="${hadFocus}"]`);
    if (again) again.focus();
  }

  store.subscribe((what) => { if (what.has('room') || what.has('quietsend')) render(); });
}
