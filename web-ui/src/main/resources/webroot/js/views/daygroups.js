// Marks on the message list, set after every render (they depend on neighbours, which change as older pages arrive,
// and a message rebuilt in place loses its children): day separators ("Today", "Yesterday", "Monday, November 30")
// above the first message of each day; consecutive messages of one author within a few minutes grouped under one
// header (the author and avatar show once); and a "New messages" line above the first unread message of the room as it
// was opened (its read position, views/room.js), else above the first message of a quiet-hours batch.
import { h } from '../dom.js';

const GROUP_WITHIN_MS = 5 * 60 * 1000;
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const yearDayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

const dayKey = (ts) => new Date(ts).toDateString();

export function dayLabel(ts, now = new Date()) {
  const d = new Date(ts);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (d.toDateString() === now.toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return (d.getFullYear() === now.getFullYear() ? dayFmt : yearDayFmt).format(d);
}

/** Marks the elements of `entries` (in list order); elementOf(entry) gives an entry's <li>. */
export function markDaysAndGroups(entries, elementOf) {
  const now = new Date();
  let prev = null;
  for (const e of entries) {
    const el = elementOf(e);
    if (!el) continue;
    const newDay = !prev || dayKey(prev.ts) !== dayKey(e.ts);
    setSeparator(el, newDay ? dayLabel(e.ts, now) : null);
    const grouped = !newDay && prev.author === e.author && e.ts - prev.ts < GROUP_WITHIN_MS && prev.state !== 'failed';
    el.classList.toggle('grouped', grouped);
    prev = e;
  }
}

/** The separator is the <li>'s first child; a message rebuilt in place (updateMessage) has lost it. */
function setSeparator(el, label) {
  const first = el.firstElementChild;
  const current = first && first.classList.contains('day-separator') ? first : null;
  if (current && current.textContent === label) return;
  if (current) current.remove();
  if (label) el.prepend(h('div.day-separator', { dataset: { testid: 'day-separator' } }, h('span', null, label)));
}

/**
 * Puts the "New messages" line above the message at `cursor` (the first unread, or the first of a batch), and nowhere
 * else; that message shows its author again, as the first after a line should.
 */
export function markFirstNew(list, cursor) {
  const at = cursor == null ? null : list.querySelector(`[data-cursor="${CSS.escape(cursor)}"]`);
  for (const line of list.querySelectorAll('.new-line')) if (line.parentElement !== at) line.remove();
  if (at) at.classList.remove('grouped');
  if (at && !at.querySelector(':scope > .new-line')) {
    const separator = at.querySelector(':scope > .day-separator');
    const line = h('div.new-line', { dataset: { testid: 'new-line' } }, h('span', null, 'New messages'));
    if (separator) separator.after(line);
    else at.prepend(line);
  }
}
