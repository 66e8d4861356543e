// The Settings dialog for quiet hours (schedule, zone, snooze, who may break through with an urgent message) and the
// header button that shows the state ("Quiet until 07:00") and opens it.

import { h, $, clear, setBusy, isBusy } from '../dom.js';
import { ApiError } from '../api.js';
import { createQuietHours, quietUntil, inWindow, scheduledAt, windowEnd, DAYS } from '../quiet.js';
import { formatWallTime, formatClock } from '../util.js';
import { createDialog } from './dialog.js';

const DAY_LABELS = { MON: 'Mon', TUE: 'Tue', WED: 'Wed', THU: 'Thu', FRI: 'Fri', SAT: 'Sat', SUN: 'Sun' };
const FIELDS = ['enabled', 'days', 'start', 'end', 'zone', 'snoozeUntil', 'skipUntil', 'breakThrough'];
const BREAK_FROM = [['nobody', 'Nobody'], ['dm', 'Direct messages'], ['anyone', 'Anyone (direct messages and mentions)']];

function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function zones(...wanted) {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...wanted.filter(Boolean), 'UTC', ...all])].sort();
}

/** Never saved: the server's defaults, where the zone should be the browser's rather than UTC. */
function neverSaved(s) {
  return !s.enabled && s.zone === 'UTC' && s.snoozeUntil === null;
}

export function mountQuietSettings(store, chat, { toast }) {
  const status = h('button.btn.ghost.small.quiet-status', {
    type: 'button', dataset: { testid: 'quiet-status', quiet: 'false' }, 'aria-haspopup': 'dialog',
  }, 'Quiet hours');
  $('.room-header').insertBefore(status, $('#connection-banner'));
  const quiet = createQuietHours(renderStatus);
  let saving = 0; // saves of this tab not yet answered
  chat.onFrame('settings', (frame) => {
    const s = frame.quietHours;
    if (!s || JSON.stringify(s) === JSON.stringify(quiet.settings)) return;
    quiet.apply(s);
    // This tab's own save comes back as a frame too, often before the save's answer.
    if (!saving) toast('Quiet hours were changed in another tab or device.', { kind: 'info', timeout: 4000 });
  });

  const errors = {};
  const errorFor = (field) => {
    errors[field] = h('p.hint.invalid', { dataset: { testid: `quiet-error-${field}` }, role: 'alert', hidden: true });
    return errors[field];
  };
  const enabled = h('input', { type: 'checkbox', id: 'quiet-enabled', dataset: { testid: 'quiet-enabled' }, role: 'switch' });
  const dayBoxes = DAYS.map((d) => h('input', { type: 'checkbox', value: d, dataset: { testid: `quiet-day-${d}` } }));
  const start = h('input', { type: 'time', id: 'quiet-start', dataset: { testid: 'quiet-start' }, required: true });
  const end = h('input', { type: 'time', id: 'quiet-end', dataset: { testid: 'quiet-end' }, required: true });
  const zone = h('select', { id: 'quiet-zone', dataset: { testid: 'quiet-zone' } });
  const formError = h('p.form-error.small', { dataset: { testid: 'quiet-form-error' }, role: 'alert', hidden: true });
  const save = h('button.btn.primary', { type: 'submit', dataset: { testid: 'quiet-save' } }, 'Save');
  const snoozeButtons = [
    ['snooze-hour', '1 hour', () => Date.now() + 3600000],
    ['snooze-tomorrow', `Until tomorrow ${formatWallTime('08:00')}`, () => {
      const d = new Date();
      d.setDate(d.getDate() + 1);
      d.setHours(8, 0, 0, 0);
      return d.getTime();
    }],
    ['snooze-resume', 'Resume now', () => null],
  ].map(([testid, label, until]) => h('button.btn.small', { type: 'button', dataset: { testid }, onclick: () => snooze(until()) }, label));

  // The schedule's fields, visibly inactive (disabled) while the schedule is off.
  const schedule = h('fieldset.quiet-schedule', { dataset: { testid: 'quiet-schedule' } },
    h('legend.visually-hidden', null, 'Schedule'),
    h('fieldset.field.quiet-days', null, h('legend', null, 'Days'),
      dayBoxes.map((box) => h('label.quiet-day', null, box, DAY_LABELS[box.value])), errorFor('days')),
    h('div.quiet-times', null,
      h('div.field', null, h('label', { for: 'quiet-start' }, 'From'), start, errorFor('start')),
      h('div.field', null, h('label', { for: 'quiet-end' }, 'Until'), end, errorFor('end'))),
    h('p.hint', null, `A window that ends before it starts runs past midnight (${formatWallTime('22:00')} to ${formatWallTime('07:00')} ends the next morning).`),
    h('div.field', null, h('label', { for: 'quiet-zone' }, 'Time zone'), zone, errorFor('zone')));
  enabled.addEventListener('change', () => { schedule.disabled = !enabled.checked; });
  // Who may break through with "Notify anyway"; shown once the server keeps the setting (its answer carries it).
  const fromRadios = BREAK_FROM.map(([value]) => h('input', { type: 'radio', name: 'break-from', value, id: `break-from-${value}`,
    dataset: { testid: `break-from-${value}` } }));
  const perDay = h('input', { type: 'number', id: 'break-max', min: '1', max: '100', step: '1', inputmode: 'numeric',
    dataset: { testid: 'break-max' }, 'aria-describedby': 'break-max-hint' });
  const breakThrough = h('fieldset.field.quiet-break', { dataset: { testid: 'quiet-break' }, hidden: true },
    h('legend', null, 'Let urgent messages through from'),
    fromRadios.map((radio, i) => h('label.quiet-break-choice', { for: radio.id }, radio, BREAK_FROM[i][1])),
    h('div.quiet-break-max', null, h('label', { for: 'break-max' }, 'At most'), perDay,
      h('span', { id: 'break-max-hint' }, 'per person per day')),
    h('p.hint', null, 'While you are quiet, people you let through may press "Notify anyway" on a message to you. '
      + 'Everyone else\'s messages wait until your quiet hours end.'),
    errorFor('breakThrough'));
  const setBreakMax = () => { perDay.disabled = fromRadios[0].checked; };
  fromRadios.forEach((r) => r.addEventListener('change', setBreakMax));
  const current = h('p.quiet-state', { dataset: { testid: 'quiet-state' }, role: 'status' });
  const form = h('form.quiet-form', { novalidate: true, onsubmit: (ev) => { ev.preventDefault(); submit(); } },
    h('div.field.quiet-switch', null, enabled, h('label', { for: 'quiet-enabled' }, 'Quiet hours on a schedule')),
    errorFor('enabled'),
    schedule,
    breakThrough,
    errorFor('snoozeUntil'),
    errorFor('skipUntil'),
    formError,
    h('div.dialog-actions', null, save));
  const dialog = createDialog({ title: 'Quiet hours', testid: 'settings-dialog', closeTestid: 'settings-close', onOpen: opened },
    h('p.muted.small', null, 'While you are quiet nothing is pushed to you: no messages, sounds or notifications. '
      + 'When it ends, everything that arrived shows up at once.'),
    current,
    h('div.quiet-snooze', null, h('span.small', null, 'Pause now:'), snoozeButtons),
    form);
  status.addEventListener('click', dialog.open);

  function renderStatus(s) {
    const until = quietUntil(s);
    clear(status);
    // Narrow screens hide the words and keep the moon and the time.
    status.append(h('span.quiet-words', null, until ? 'Quiet until ' : 'Quiet hours'), until || '');
    status.setAttribute('aria-label', until ? `Quiet until ${until}. Quiet hours settings` : 'Quiet hours settings');
    status.dataset.quiet = String(!!until);
    current.textContent = describe(s);
  }

  /** The state in words, for the dialog: "Quiet until 7:00 AM (schedule)", "Paused until 7:18 PM", ... */
  function describe(s, now = Date.now()) {
    if (!s) return '';
    if (s.snoozeUntil && s.snoozeUntil > now) return `Paused until ${formatClock(s.snoozeUntil)}.`;
    if (scheduledAt(s, now)) return `Quiet until ${formatWallTime(s.end)} (schedule).`;
    if (s.enabled && s.skipUntil && s.skipUntil > now) {
      return `Resumed: this quiet window is skipped (it ends at ${formatClock(s.skipUntil)}); the schedule carries on with the next one.`;
    }
    return s.enabled ? 'Not quiet now. The schedule is on.' : 'Not quiet. Quiet hours are off.';
  }
  setInterval(() => renderStatus(quiet.settings), 30000);

  function fill(s) {
    enabled.checked = s.enabled;
    dayBoxes.forEach((box) => { box.checked = s.days.includes(box.value); });
    schedule.disabled = !s.enabled;
    start.value = s.start;
    end.value = s.end;
    const chosen = neverSaved(s) ? browserZone() : s.zone;
    clear(zone);
    zones(chosen, browserZone()).forEach((z) => zone.append(h('option', { value: z, selected: z === chosen }, z)));
    zone.value = chosen;
    const b = s.breakThrough;
    breakThrough.hidden = !b;
    if (b) {
      fromRadios.forEach((r) => { r.checked = r.value === b.from; });
      perDay.value = String(b.maxPerSenderPerDay);
      setBreakMax();
    }
  }

  function showErrors(byField, general) {
    FIELDS.forEach((f) => {
      errors[f].textContent = byField[f] || '';
      errors[f].hidden = !byField[f];
    });
    formError.textContent = general || '';
    formError.hidden = !general;
  }

  function fromForm() {
    const saved = quiet.settings || {};
    return {
      enabled: enabled.checked,
      days: dayBoxes.filter((b) => b.checked).map((b) => b.value),
      start: start.value,
      end: end.value,
      zone: zone.value,
      snoozeUntil: saved.snoozeUntil === undefined ? null : saved.snoozeUntil,
      skipUntil: null, // saving a schedule starts it afresh
      ...(saved.breakThrough ? { breakThrough: {
        from: (fromRadios.find((r) => r.checked) || fromRadios[0]).value,
        maxPerSenderPerDay: Number(perDay.value),
      } } : {}),
    };
  }

  function check(s) {
    const found = {};
    if (!/^\d\d:\d\d$/.test(s.start)) found.start = 'Choose a start time.';
    if (!/^\d\d:\d\d$/.test(s.end)) found.end = 'Choose an end time.';
    else if (s.start === s.end) found.end = 'The end must differ from the start.';
    if (s.enabled && s.days.length === 0) found.days = 'Pick at least one day.';
    const most = s.breakThrough && s.breakThrough.maxPerSenderPerDay;
    if (s.breakThrough && !(Number.isInteger(most) && most >= 1)) found.breakThrough = 'Let at least 1 message a day through, or choose Nobody.';
    return found;
  }

  async function put(s, done) {
    if (isBusy(save)) return;
    [save, ...snoozeButtons].forEach((b) => setBusy(b, true));
    saving++;
    try {
      const stored = await quiet.save(s);
      showErrors({}, null);
      fill(stored);
      if (done) toast(done, { kind: 'info', timeout: 3000 });
    } catch (e) {
      const field = e instanceof ApiError && e.status === 400 ? FIELDS.find((f) => e.message.startsWith(f)) : null;
      showErrors(field ? { [field]: e.message } : {}, field ? null : e.message);
    } finally {
      saving--;
      [save, ...snoozeButtons].forEach((b) => setBusy(b, false));
    }
  }

  function submit() {
    const s = fromForm();
    const found = check(s);
    showErrors(found, null);
    if (Object.keys(found).length === 0) put(s, 'Quiet hours saved.');
  }

  function snooze(until) {
    const now = Date.now();
    const s = { ...(quiet.settings || fromForm()), snoozeUntil: until };
    if (until === null && inWindow(s, now)) {
      // Resuming inside a scheduled window ends this window only; the schedule carries on with the next one.
      s.skipUntil = windowEnd(s, now);
      put(s, 'Notifications resumed for the rest of this quiet window; the schedule carries on with the next one.');
    } else {
      put(s, until === null ? 'Notifications resumed.' : 'Paused.');
    }
  }

  async function opened() {
    showErrors({}, null);
    fill(quiet.settings || await quiet.refresh() || { enabled: false, days: DAYS, start: '22:00', end: '07:00', zone: 'UTC', snoozeUntil: null });
    enabled.focus();
  }

  store.subscribe((what) => {
    if (what.has('auth')) {
      if (store.state.view === 'app') quiet.start();
      else {
        quiet.stop();
        dialog.close();
        renderStatus(null);
      }
    }
    // A batch means a quiet period just ended: show the new state.
    if (what.has('notice') && store.state.batchNotice) quiet.refresh();
  });
}
