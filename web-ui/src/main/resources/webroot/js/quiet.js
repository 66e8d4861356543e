// Quiet hours in the browser: the user's settings (GET/PUT /api/settings/quiet-hours) and whether they are
// quiet now, for the header ("Quiet until 07:00"). The server's gate does the real work (nothing is pushed while
// quiet, and each frame says whether it notifies); this is only what the user sees.

import { api } from './api.js';
import { formatClock, formatWallTime } from './util.js';

export const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const REFRESH_EVERY = 30000;

/** Local weekday (MON..SUN) and minutes since midnight of `ms` in `zone`. */
function localParts(ms, zone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { day: get('weekday').slice(0, 3).toUpperCase(), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether a scheduled window holds `ms` (the same rule as the server, to the minute). */
export function inWindow(s, ms) {
  if (!s.enabled) return false;
  const { day, minutes } = localParts(ms, s.zone);
  const start = toMinutes(s.start);
  const end = toMinutes(s.end);
  const yesterday = DAYS[(DAYS.indexOf(day) + 6) % 7];
  if (start < end) return s.days.includes(day) && minutes >= start && minutes < end;
  return (s.days.includes(day) && minutes >= start) || (s.days.includes(yesterday) && minutes < end);
}

/** Inside a window of the schedule that "Resume now" did not skip (skipUntil). */
export function scheduledAt(s, ms) {
  return inWindow(s, ms) && !(s.skipUntil && s.skipUntil > ms);
}

/** The end (epoch ms) of the window holding `ms`: the first minute after it that the window does not hold. */
export function windowEnd(s, ms) {
  let t = Math.floor(ms / 60000) * 60000;
  for (let steps = 0; steps < 8 * 24 * 60 && inWindow(s, t); steps++) t += 60000;
  return t;
}

/** When the quiet period going on ends, for "Quiet until 07:00"; null when not quiet. */
export function quietUntil(s, now = Date.now()) {
  if (!s) return null;
  const windowNow = scheduledAt(s, now);
  if (s.snoozeUntil && s.snoozeUntil > now && !windowNow) return formatClock(s.snoozeUntil);
  if (windowNow) {
    const zone = s.zone === Intl.DateTimeFormat().resolvedOptions().timeZone ? '' : ` (${s.zone})`;
    return `${formatWallTime(s.end)}${zone}`;
  }
  return null;
}

/**
 * Holds the user's settings: a change made in another tab arrives as a `settings` frame (apply); they are also
 * re-read on focus, every 30 s and after a batch (quiet just ended). `onChange(settings)` runs after every read,
 * save or frame.
 */
export function createQuietHours(onChange) {
  let settings = null;
  let timer = null;

  function set(s) {
    settings = s;
    onChange(settings);
    return s;
  }

  const refresh = () => api.quietHours().then(set).catch(() => settings);

  return {
    get settings() { return settings; },
    refresh,
    apply: set,
    save: (s) => api.saveQuietHours(s).then(set),
    start() {
      refresh();
      clearInterval(timer);
      timer = setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_EVERY);
      window.addEventListener('focus', refresh);
    },
    stop() {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      settings = null;
    },
  };
}
