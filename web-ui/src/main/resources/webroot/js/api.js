// REST client: a small fetch wrapper that maps the server's error shape
// {"error":{"code","message"}} (or a bare status) onto ApiError.

export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter; // seconds the server asked us to wait (429, 503), when it said
  }
}

const DEFAULT_MESSAGES = {
  0: 'Cannot reach the server. Check your connection.',
  400: 'The request was not valid.',
  401: 'Please log in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That already exists.',
  413: 'That is too large.',
  415: 'That type is not allowed.',
  429: 'Too many requests. Please slow down and try again in a moment.',
};

let unauthorizedHandler = null;

/** Called (once per failing request) when an authenticated call returns 401. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** keepalive: the request outlives the page (sent as the tab closes). */
async function request(method, path, body, { quiet401 = false, keepalive = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' }, keepalive };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', DEFAULT_MESSAGES[0]);
  }
  let data = null;
  if (res.status !== 204) {
    const text = await res.text().catch(() => '');
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
  }
  if (!res.ok) {
    const err = data && typeof data === 'object' ? data.error : null;
    const code = (err && err.code) || `http_${res.status}`;
    const message = (err && err.message) || DEFAULT_MESSAGES[res.status] || `Request failed (${res.status}).`;
    const wait = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    const e = new ApiError(res.status, code, message, Number.isFinite(wait) ? wait : null);
    if (res.status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(e);
    throw e;
  }
  return data;
}

const enc = encodeURIComponent;

/** '?a=1&b=2' of the parameters that have a value, or ''. */
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) q.set(k, String(v));
  }
  const qs = q.toString();
  return qs ? `?${qs}` : '';
}

export const api = {
  me: () => request('GET', '/api/me', undefined, { quiet401: true }),
  /** {username} of this browser's session, or {username: null}: never a 401. */
  session: () => request('GET', '/api/session'),
  register: (username, password) => request('POST', '/api/auth/register', { username, password }, { quiet401: true }),
  login: (username, password) => request('POST', '/api/auth/login', { username, password }, { quiet401: true }),
  logout: () => request('POST', '/api/auth/logout', undefined, { quiet401: true }),
  changePassword: (currentPassword, newPassword) => request('POST', '/api/auth/password', { currentPassword, newPassword }),
  rooms: () => request('GET', '/api/rooms'),
  createRoom: (name, priv = false) => request('POST', '/api/rooms', priv ? { name, private: true } : { name }),
  /** -> {room}: the one conversation of these people and me, started now or before */
  startDm: (usernames) => request('POST', '/api/dms', { usernames }),
  invite: (id, username) => request('POST', `/api/rooms/${enc(id)}/invite`, { username }),
  /** -> [{username, quiet:{until}|null, online}], at most 20 */
  /** q: the start of a name; room: only that room's members (the @ autocomplete) */
  users: (q, room) => request('GET', `/api/users${query({ q, room })}`),
  joinRoom: (id) => request('POST', `/api/rooms/${enc(id)}/join`),
  leaveRoom: (id) => request('POST', `/api/rooms/${enc(id)}/leave`),
  /** level 'all' | 'mentions' | 'none', muteUntil epoch ms or null -> {roomId, level, muteUntil} */
  setNotifications: (id, level, muteUntil) => request('PUT', `/api/rooms/${enc(id)}/notifications`, { level, muteUntil }),
  /** opts: {before?, limit?} -> {mentions:[message], next?} newest first */
  mentions: (opts = {}) => request('GET', `/api/mentions${query(opts)}`),
  /** opts: {before?, after?, around?, limit?} -> {messages:[...]} oldest first */
  messages: (id, opts = {}) => request('GET', `/api/rooms/${enc(id)}/messages${query(opts)}`),
  /** Moves the user's read position in room `id` forward to `cursor` -> {roomId, cursor} (the position now) */
  markRead: (id, cursor, { keepalive = false } = {}) => request('PUT', `/api/rooms/${enc(id)}/read`, { cursor }, { keepalive }),
  /** opts: {kind?, before?, limit?} -> {messages:[...], next?} newest first: the room's shared media */
  roomMedia: (id, opts = {}) => request('GET', `/api/rooms/${enc(id)}/media${query(opts)}`),
  /** opts: {room?, before?, limit?, tz?} -> {results:[{message, highlights:[{start,end}]}], next?} newest first */
  search: (q, opts = {}) => request('GET', `/api/search${query({ q, ...opts })}`),
  quietHours: () => request('GET', '/api/settings/quiet-hours'),
  saveQuietHours: (settings) => request('PUT', '/api/settings/quiet-hours', settings),
};
