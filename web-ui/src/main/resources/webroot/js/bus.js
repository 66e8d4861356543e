// A small Vert.x event-bus bridge client on top of the global SockJS (vendored sockjs.min.js).
// Protocol (vertx-web SockJS bridge): outgoing {"type":"register"|"unregister"|"send"|"publish"|"ping", ...},
// incoming {"type":"rec", address, body} and {"type":"err", address?, failureCode?, failureType?, message?, body?}.
// Features: register/unregister, request with reply + timeout, fire-and-forget send/publish, ping every
// 5 s, reconnect with exponential backoff + jitter, and re-registration of every handler on reconnect.

import { uuid } from './util.js';

export class BusError extends Error {
  /** kind: 'disconnected' | 'timeout' | 'failure' */
  constructor(kind, message, failureCode, failureType) {
    super(message);
    this.name = 'BusError';
    this.kind = kind;
    this.failureCode = failureCode;
    this.failureType = failureType;
  }
}

export class EventBus {
  constructor(url, { pingInterval = 5000, minBackoff = 500, maxBackoff = 15000, requestTimeout = 10000 } = {}) {
    this.url = url;
    this.pingInterval = pingInterval;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.requestTimeout = requestTimeout;
    this.sock = null;
    this.open = false;
    this.stopped = true;
    this.attempt = 0; // reconnect attempts since the last successful open
    this.everOpened = false;
    this.handlers = new Map(); // address -> Set<fn(body, frame)>
    this.replies = new Map(); // replyAddress -> {resolve, reject, timer}
    this.listeners = new Map(); // event -> Set<fn>
    this.pingTimer = null;
    this.retryTimer = null;
    this.onBrowserOnline = () => {
      if (!this.open && !this.stopped && this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.connect();
      }
    };
    // A lost network leaves the socket half-open until timeouts notice, while the browser knows at once.
    // Dropping it now shows the user the truth and keeps new sends pending; 'online' reconnects and the
    // chat catches up from its last cursors.
    this.onBrowserOffline = () => {
      const sock = this.sock;
      if (sock && sock.onclose) {
        sock.onclose();
        try { sock.close(); } catch { /* already closed */ }
      }
    };
  }

  /** Events: 'status' ({status, attempt, delay?}), 'open' ({reconnected}), 'close', 'error' (frame). */
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
    return () => this.listeners.get(event).delete(fn);
  }

  emit(event, payload) {
    for (const fn of this.listeners.get(event) || []) {
      try { fn(payload); } catch (e) { console.error(e); }
    }
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onBrowserOnline);
    window.addEventListener('offline', this.onBrowserOffline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onBrowserOnline);
    window.removeEventListener('offline', this.onBrowserOffline);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const sock = this.sock;
    this.teardown();
    if (sock) {
      try { sock.close(); } catch { /* ignore */ }
    }
    this.handlers.clear();
    this.emit('status', { status: 'offline', attempt: 0 });
  }

  connect() {
    if (this.stopped) return;
    this.emit('status', { status: this.everOpened ? 'reconnecting' : 'connecting', attempt: this.attempt });
    let sock;
    try {
      sock = new window.SockJS(this.url);
    } catch (e) {
      console.error('SockJS failed to start', e);
      this.scheduleReconnect();
      return;
    }
    this.sock = sock;
    sock.onopen = () => {
      if (this.sock !== sock) return;
      this.open = true;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      for (const address of this.handlers.keys()) this.write({ type: 'register', address, headers: {} });
      this.write({ type: 'ping' });
      this.pingTimer = setInterval(() => this.write({ type: 'ping' }), this.pingInterval);
      this.emit('status', { status: 'online', attempt: 0 });
      this.emit('open', { reconnected });
    };
    sock.onmessage = (e) => {
      if (this.sock !== sock) return;
      let frame;
      try { frame = JSON.parse(e.data); } catch { return; }
      this.onFrame(frame);
    };
    sock.onclose = () => {
      if (this.sock !== sock) return;
      const wasOpen = this.open;
      this.teardown();
      if (wasOpen) this.emit('close', {});
      this.scheduleReconnect();
    };
  }

  teardown() {
    this.open = false;
    this.sock = null;
    clearInterval(this.pingTimer);
    this.pingTimer = null;
    const pending = [...this.replies.values()];
    this.replies.clear();
    for (const r of pending) {
      clearTimeout(r.timer);
      r.reject(new BusError('disconnected', 'Connection lost'));
    }
  }

  scheduleReconnect() {
    if (this.stopped) return;
    this.attempt += 1;
    const base = Math.min(this.maxBackoff, this.minBackoff * 2 ** (this.attempt - 1));
    const delay = Math.round(base / 2 + Math.random() * base / 2);
    this.emit('status', { status: this.everOpened ? 'reconnecting' : 'connecting', attempt: this.attempt, delay });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  /** Drops the current connection and reconnects right away (keeps handlers). */
  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.sock) {
      try { this.sock.close(); } catch { /* ignore */ }
    } else {
      this.connect();
    }
  }

  write(frame) {
    if (!this.open || !this.sock) return false;
    try {
      this.sock.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  onFrame(frame) {
    if (frame.type === 'rec') {
      const reply = this.replies.get(frame.address);
      if (reply) {
        this.replies.delete(frame.address);
        clearTimeout(reply.timer);
        reply.resolve(frame.body);
        return;
      }
      for (const fn of this.handlers.get(frame.address) || []) {
        try { fn(frame.body, frame); } catch (e) { console.error(e); }
      }
    } else if (frame.type === 'err') {
      const reply = frame.address && this.replies.get(frame.address);
      if (reply) {
        this.replies.delete(frame.address);
        clearTimeout(reply.timer);
        reply.reject(new BusError('failure', frame.message || 'Request failed', frame.failureCode, frame.failureType));
        return;
      }
      this.emit('error', frame);
    }
  }

  /** Adds a handler for address; registers it on the server on first use. Returns an unregister function. */
  register(address, fn) {
    let set = this.handlers.get(address);
    if (!set) {
      set = new Set();
      this.handlers.set(address, set);
      this.write({ type: 'register', address, headers: {} });
    }
    set.add(fn);
    return () => this.unregister(address, fn);
  }

  unregister(address, fn) {
    const set = this.handlers.get(address);
    if (!set) return;
    if (fn) set.delete(fn);
    if (!fn || set.size === 0) {
      this.handlers.delete(address);
      this.write({ type: 'unregister', address, headers: {} });
    }
  }

  /** Request/reply. Resolves with the reply body; rejects with BusError (disconnected | timeout | failure). */
  request(address, body, { timeout = this.requestTimeout } = {}) {
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new BusError('disconnected', 'Not connected'));
        return;
      }
      const replyAddress = uuid(); // the bridge refuses reply addresses longer than 36 chars
      const timer = setTimeout(() => {
        this.replies.delete(replyAddress);
        reject(new BusError('timeout', 'No reply from the server'));
      }, timeout);
      this.replies.set(replyAddress, { resolve, reject, timer });
      if (!this.write({ type: 'send', address, body, headers: {}, replyAddress })) {
        clearTimeout(timer);
        this.replies.delete(replyAddress);
        reject(new BusError('disconnected', 'Not connected'));
      }
    });
  }

  /** Point-to-point, no reply. Returns false when not connected. */
  send(address, body) {
    return this.write({ type: 'send', address, body, headers: {} });
  }

  publish(address, body) {
    return this.write({ type: 'publish', address, body, headers: {} });
  }
}
