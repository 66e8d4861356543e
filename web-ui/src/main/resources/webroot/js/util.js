// Small helpers shared by the modules: ids, cursor ordering, time formatting.

/** RFC 4122 v4 UUID; works in insecure contexts too (crypto.randomUUID does not). */
export function uuid() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) {
    return crypto.randomUUID();
  }
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const DIGITS = /^\d+$/;
const collator = new Intl.Collator('en', { numeric: true });

/**
 * Orders two opaque cursors. Cursors are opaque: all-digit cursors compare as
 * (arbitrary size) numbers, anything else falls back to a numeric-aware string compare.
 */
export function compareCursor(a, b) {
  if (a === b) return 0;
  if (a == null) return 1; // no cursor (not yet acknowledged) sorts last
  if (b == null) return -1;
  const sa = String(a);
  const sb = String(b);
  if (DIGITS.test(sa) && DIGITS.test(sb)) {
    const ta = sa.replace(/^0+(?=\d)/, '');
    const tb = sb.replace(/^0+(?=\d)/, '');
    if (ta.length !== tb.length) return ta.length - tb.length;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }
  return collator.compare(sa, sb);
}

// One time format everywhere (messages, the header, the quiet-hours hints): the browser's locale with its own 12- or
// 24-hour clock, as its time inputs show it ("5:10 PM" in en-US, "17:10" in de-DE).
const CLOCK = { hour: 'numeric', minute: '2-digit' };
const timeFmt = new Intl.DateTimeFormat(undefined, CLOCK);
const dayTimeFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', ...CLOCK });
const weekdayTimeFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', ...CLOCK });
const wallFmt = new Intl.DateTimeFormat(undefined, { ...CLOCK, timeZone: 'UTC' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** A room as running text names it: "@bob" for a direct message, "#general" for a room. */
export const roomLabel = (room) => `${room.kind === 'dm' ? '@' : '#'}${room.name}`;

export function formatTime(ts) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? timeFmt.format(d) : dayTimeFmt.format(d);
}

/** An instant within the coming week, as a clock: "7:00 AM" today, "Sat 7:00 AM" on another day. */
export function formatClock(ts) {
  const d = new Date(ts);
  return d.toDateString() === new Date().toDateString() ? timeFmt.format(d) : weekdayTimeFmt.format(d);
}

/** A wall-clock time "HH:mm" (a quiet-hours start or end) in the browser's format. */
export function formatWallTime(hhmm) {
  const [hours, minutes] = String(hhmm).split(':').map(Number);
  return Number.isFinite(hours) && Number.isFinite(minutes) ? wallFmt.format(Date.UTC(2000, 0, 1, hours, minutes)) : String(hhmm);
}

export function formatFullTime(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? '' : fullFmt.format(d);
}

export function formatDuration(ms) {
  const s = Math.max(0, Math.round((ms || 0) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
