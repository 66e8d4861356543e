// Login / register screen: one form, two actions, inline validation and server errors.
import { $ } from '../dom.js';
import { api, ApiError } from '../api.js';

const USERNAME_RE = /^[a-z0-9_.-]{3,32}$/;

export function mountAuth(store, { onAuthenticated }) {
  const form = $('#auth-form');
  const user = $('#auth-username');
  const pass = $('#auth-password');
  const error = $('#auth-error');
  const userHint = $('#auth-username-hint');
  const passHint = $('#auth-password-hint');
  const loginBtn = form.querySelector('[data-action="login"]');
  const registerBtn = form.querySelector('[data-action="register"]');
  let busy = false;

  function showError(msg) {
    error.textContent = msg || '';
    error.hidden = !msg;
  }

  function setFieldError(input, hint, msg, defaultText) {
    input.setAttribute('aria-invalid', msg ? 'true' : 'false');
    hint.classList.toggle('invalid', !!msg);
    hint.textContent = msg || defaultText;
  }

  function validate(mode) {
    const u = user.value.trim();
    const p = pass.value;
    let ok = true;
    let uMsg = '';
    let pMsg = '';
    if (!u) uMsg = 'Enter your username.';
    else if (mode === 'register' && !USERNAME_RE.test(u)) {
      uMsg = /[A-Z]/.test(u) ? 'Use lowercase letters only (a–z, 0–9, _ . -).' : 'Use 3–32 characters: a–z, 0–9, _ . -';
    }
    if (!p) pMsg = 'Enter your password.';
    else if (mode === 'register' && p.length < 8) pMsg = 'Use at least 8 characters.';
    setFieldError(user, userHint, uMsg, '3–32 characters: a–z, 0–9, _ . -');
    setFieldError(pass, passHint, pMsg, 'At least 8 characters.');
    if (uMsg) { ok = false; user.focus(); } else if (pMsg) { ok = false; pass.focus(); }
    return ok;
  }

  async function submit(mode) {
    if (busy) return;
    showError('');
    if (!validate(mode)) return;
    busy = true;
    const btn = mode === 'register' ? registerBtn : loginBtn;
    const label = btn.textContent;
    btn.textContent = mode === 'register' ? 'Creating account…' : 'Logging in…';
    btn.classList.add('loading');
    loginBtn.disabled = true;
    registerBtn.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const u = user.value.trim();
      const res = mode === 'register' ? await api.register(u, pass.value) : await api.login(u, pass.value);
      pass.value = '';
      await onAuthenticated((res && res.username) || u);
    } catch (e) {
      showError(describe(e, mode));
      (e instanceof ApiError && e.status === 409 ? user : pass).focus();
    } finally {
      busy = false;
      btn.textContent = label;
      btn.classList.remove('loading');
      loginBtn.disabled = false;
      registerBtn.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }

  function describe(e, mode) {
    if (!(e instanceof ApiError)) return 'Something went wrong. Please try again.';
    if (e.status === 429) return e.message || 'Too many attempts. Please wait a minute and try again.';
    if (e.status === 401 && mode === 'login') return e.message || 'Wrong username or password.';
    if (e.status === 409) return e.message || 'That username is taken.';
    return e.message;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    submit('login');
  });
  registerBtn.addEventListener('click', () => submit('register'));
  for (const [input, hint, text] of [[user, userHint, '3–32 characters: a–z, 0–9, _ . -'], [pass, passHint, 'At least 8 characters.']]) {
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true') setFieldError(input, hint, '', text);
    });
  }

  return {
    render() {
      const show = store.state.view === 'auth';
      $('#auth-view').hidden = !show;
      if (show && !user.value) queueMicrotask(() => user.focus());
    },
    reset() {
      showError('');
      pass.value = '';
    },
  };
}
