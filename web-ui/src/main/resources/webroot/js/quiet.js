// Quiet hours in the browser: the user's settings (GET/PUT /api/settings/quiet-hours) and whether they are
// quiet now, for the header ("Quiet until 07:00") and to keep notifications silent. The server's gate does the
// real work (nothing is pushed while quiet); this is only what the user sees.

import { api } from './api.js';

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

function clock(ms) {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const today = new Date();
  return d.toDateString() === today.toDateString() ? time : `${d.toLocaleDateString([], { weekday: 'short' })} ${time}`;
}

/** When the quiet period going on ends, for "Quiet until 07:00"; null when not quiet. */
export function quietUntil(s, now = Date.now()) {
  if (!s) return null;
  const windowNow = inWindow(s, now);
  if (s.snoozeUntil && s.snoozeUntil > now && !windowNow) return clock(s.snoozeUntil);
  if (windowNow) {
    const zone = s.zone === Intl.DateTimeFormat().resolvedOptions().timeZone ? '' : ` (${s.zone})`;
    return `${s.end}${zone}`;
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
    isQuiet: () => quietUntil(settings) !== null,
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
