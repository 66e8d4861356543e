// The password dialog (the sidebar's "Change password" button): a new password needs the current one. This browser stays
// signed in; every other session of the account ends, on every device.
import { h, $, setBusy, isBusy } from '../dom.js';
import { api, ApiError } from '../api.js';
import { createDialog } from './dialog.js';

const MIN_CHARS = 8;

function passwordField(name, label, autocomplete, hint) {
  const id = `password-${name}`;
  const input = h('input', { type: 'password', id, autocomplete, dataset: { testid: id }, required: true });
  const error = h('p.hint.invalid', { dataset: { testid: `${id}-error` }, role: 'alert', hidden: true });
  return { input, error, el: h('div.field', null, h('label', { for: id }, label), input, hint && h('p.hint', null, hint), error) };
}

export function mountPasswordChange(store, chat, { toast }) {
  const current = passwordField('current', 'Current password', 'current-password');
  const next = passwordField('new', 'New password', 'new-password', `At least ${MIN_CHARS} characters.`);
  const confirm = passwordField('confirm', 'New password again', 'new-password');
  const fields = [current, next, confirm];
  const formError = h('p.form-error.small', { dataset: { testid: 'password-form-error' }, role: 'alert', hidden: true });
  const save = h('button.btn.primary', { type: 'submit', dataset: { testid: 'password-save' } }, 'Change password');
  // Lets a password manager know whose saved password to update.
  const account = h('input', { type: 'text', autocomplete: 'username', readonly: true, hidden: true, tabindex: '-1' });
  const form = h('form', { novalidate: true, onsubmit: (ev) => { ev.preventDefault(); submit(); } },
    account, current.el, next.el, confirm.el, formError,
    h('div.dialog-actions', null, save));
  const dialog = createDialog({ title: 'Change password', testid: 'password-dialog', closeTestid: 'password-close', onOpen: opened },
    h('p.muted.small', null, 'You stay signed in here. Every other browser and device signed in as you is signed out.'),
    form);
  $('#change-password').addEventListener('click', dialog.open);

  function show(errors, general) {
    for (const f of fields) {
      const message = errors.get(f) || '';
      f.error.textContent = message;
      f.error.hidden = !message;
      f.input.setAttribute('aria-invalid', String(!!message));
    }
    formError.textContent = general || '';
    formError.hidden = !general;
  }

  function check() {
    const found = new Map();
    if (!current.input.value) found.set(current, 'Enter your current password.');
    if (next.input.value.length < MIN_CHARS) found.set(next, `Use at least ${MIN_CHARS} characters.`);
    else if (confirm.input.value !== next.input.value) found.set(confirm, 'The two new passwords differ.');
    return found;
  }

  async function submit() {
    if (isBusy(save)) return;
    const found = check();
    show(found, null);
    if (found.size) return;
    setBusy(save, true);
    try {
      await chat.renewingSession(api.changePassword(current.input.value, next.input.value));
      dialog.close();
      toast('Password changed. You were signed out everywhere else.', { kind: 'info' });
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      if (status === 403) show(new Map([[current, e.message]]), null);
      else if (status === 400) show(new Map([[next, e.message]]), null);
      else show(new Map(), e.message);
    } finally {
      setBusy(save, false);
    }
  }

  function opened() {
    account.value = store.state.me || '';
    fields.forEach((f) => { f.input.value = ''; });
    show(new Map(), null);
    current.input.focus();
  }

  store.subscribe((what) => { if (what.has('auth') && store.state.view !== 'app') dialog.close(); });
}
