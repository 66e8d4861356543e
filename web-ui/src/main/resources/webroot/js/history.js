// Room history: the pages of a room's timeline the browser holds. A timeline is either the live end (loaded
// newest first, older pages on scroll up, live messages merged as they come) or a window around an older message
// (a permalink), which loads older pages on scroll up and newer ones on scroll down until it meets the live end.

import { api } from './api.js';

export const PAGE_SIZE = 50;
const CATCH_UP_PAGE = 200;

export function createHistory(store, { toast }) {
  const { state } = store;

  /** Merges a page asked when `t` had counted `asked` pushed changes (a change pushed since is newer than the page). */
  function mergeAll(t, messages, asked) {
    let added = 0;
    for (const m of messages) if (t.merge(m, state.me, asked)) added++;
    return added;
  }

  /** An answer for a timeline that was dropped or reloaded since it was asked for. */
  const stale = (t, epoch) => state.timelines.get(t.roomId) !== t || t.epoch !== epoch;

  const pageOf = (res) => (res && Array.isArray(res.messages) ? res.messages : []);

  /** The live end's newest page: a full one may have older pages before it. */
  const newestPage = (t) => ({
    fetch: () => api.messages(t.roomId, { limit: PAGE_SIZE }),
    then: (msgs) => { t.hasMore = msgs.length >= PAGE_SIZE; },
  });

  /** Asks for a page of `t` with `fetch`; unless `t` changed meanwhile, merges it and `then` updates its paging state. */
  async function fetchInto(t, { fetch, then }) {
    const epoch = t.epoch;
    const asked = t.pushed;
    const msgs = pageOf(await fetch());
    if (stale(t, epoch)) return false;
    mergeAll(t, msgs, asked);
    then(msgs);
    return true;
  }

  // The first pages on their way: timeline -> {epoch, answered}, `answered` settling once the page is merged or failed.
  const firstPages = new Map();
  // The first pages that failed: timeline -> {epoch, page}. A timeline without its first page drops what is pushed
  // to it, so it stays empty until the page is asked again: by Retry, or by itself once the socket opens again.
  const failedPages = new Map();

  /** Loads `t`'s first page, showing it loading; kept in `firstPages` until it is answered. */
  function loadFirst(t, page) {
    failedPages.delete(t);
    const request = { epoch: t.epoch, answered: showLoading(t, page) };
    firstPages.set(t, request);
    return request.answered.finally(() => {
      if (firstPages.get(t) === request) firstPages.delete(t);
    });
  }

  /**
   * `t`'s first page, shown loading until it answers; one error path for both windows. A failure is said in the
   * message list (t.error), with a Retry, rather than in a toast.
   */
  async function showLoading(t, page) {
    const epoch = t.epoch;
    t.loading = true;
    t.error = null;
    store.changed('messages');
    try {
      if (await fetchInto(t, page)) t.loaded = true;
    } catch (e) {
      if (stale(t, epoch)) return;
      t.error = e.message;
      failedPages.set(t, { epoch, page });
    } finally {
      if (!stale(t, epoch)) t.loading = false;
      store.changed('messages');
    }
  }

  /** Asks again for `t`'s first page that failed: the answered promise, null when none failed. */
  function retry(t) {
    const failed = failedPages.get(t);
    if (!failed) return null;
    if (!stale(t, failed.epoch)) return loadFirst(t, failed.page);
    failedPages.delete(t);
    return null;
  }

  /** Room `id`'s Retry: false when its first page did not fail. */
  function retryFirst(id) {
    const t = state.timelines.get(id);
    return !!(t && retry(t));
  }

  /** Asks again for every first page that failed, as the socket opens again; one promise per page. */
  function retryFailed() {
    return [...failedPages.keys()].map(retry).filter(Boolean);
  }

  function loadLatest(id) {
    const t = store.timeline(id);
    return loadFirst(t, newestPage(t));
  }

  /** Replaces the room's window with the live end (a detached window the user is done with). */
  function jumpToLatest(id) {
    store.timeline(id).openWindow(true);
    return loadLatest(id);
  }

  /** Replaces the room's window with the page around `cursor`, about half older and half newer. */
  function loadAround(id, cursor) {
    const t = store.timeline(id);
    t.openWindow(false);
    return loadFirst(t, {
      fetch: () => api.messages(id, { around: cursor, limit: PAGE_SIZE }),
      then: (msgs) => {
        t.hasMore = msgs.length > 0;
        t.edge = msgs.length ? String(msgs[msgs.length - 1].cursor) : null;
        if (!t.hasCursor(cursor)) toast('That message is no longer in the room’s history.');
      },
    });
  }

  /** Pages toward one end of a loaded window; `step` asks for the page and applies it, under `flag`. */
  async function page(id, flag, ready, step) {
    const t = state.timelines.get(id);
    if (!t || !t.loaded || t[flag] || !ready(t)) return;
    const epoch = t.epoch;
    t[flag] = true;
    store.changed('messages');
    try {
      await step(t, (msgs) => !stale(t, epoch) && msgs);
    } catch (e) {
      if (!stale(t, epoch)) toast(e.message);
    } finally {
      if (!stale(t, epoch)) t[flag] = false;
      store.changed('messages', flag === 'loadingOlder' ? 'older' : 'newer');
    }
  }

  function loadOlder(id) {
    return page(id, 'loadingOlder', (t) => t.hasMore, async (t, fresh) => {
      const before = t.firstCursor();
      if (before == null) {
        t.hasMore = false;
        return;
      }
      const asked = t.pushed;
      const msgs = fresh(pageOf(await api.messages(id, { before, limit: PAGE_SIZE })));
      if (!msgs) return;
      const added = mergeAll(t, msgs, asked);
      t.hasMore = msgs.length >= PAGE_SIZE && added > 0;
    });
  }

  /** A detached window's next newer page; a short page means it met the live end. */
  function loadNewer(id) {
    return page(id, 'loadingNewer', (t) => !t.live, async (t, fresh) => {
      const asked = t.pushed;
      const msgs = fresh(pageOf(await api.messages(id, { after: t.edge ?? undefined, limit: PAGE_SIZE })));
      if (!msgs) return;
      mergeAll(t, msgs, asked);
      if (msgs.length) t.edge = String(msgs[msgs.length - 1].cursor);
      if (msgs.length < PAGE_SIZE) t.goLive(state.me);
    });
  }

  /**
   * After the socket opens: fetch everything after {@code since} (the first cursor shown when it opened), page by
   * page, and merge: new messages join, known ones take their state as it stands. A detached window has nothing to
   * catch up: its newer pages are still to come from the server. With nothing shown to start from, the newest page
   * is merged without showing the room loading, after a reconnect as on the first open: the room was shown empty,
   * and stays usable while it catches up.
   */
  async function catchUp(id, since) {
    const t = state.timelines.get(id);
    if (!t || !t.live) return;
    const epoch = t.epoch;
    let after = since;
    if (after == null) {
      await mergeLatest(t);
      return;
    }
    // `after` leaves out the message at `since` itself: it comes as it stands now from the page around it.
    let asked = t.pushed;
    const first = pageOf(await api.messages(id, { around: since, limit: 1 }));
    if (stale(t, epoch)) return;
    mergeAll(t, first, asked);
    for (let i = 0; i < 50; i++) {
      asked = t.pushed;
      const res = await api.messages(id, { after, limit: CATCH_UP_PAGE });
      if (stale(t, epoch)) return;
      const msgs = pageOf(res);
      mergeAll(t, msgs, asked);
      store.changed('messages');
      const last = msgs.length ? msgs[msgs.length - 1].cursor : null;
      if (msgs.length < CATCH_UP_PAGE || last == null || String(last) === String(after)) break;
      after = String(last);
    }
  }

  /**
   * When the socket opens, for each live window whose first page is still on its way: the request may have left
   * before the inbox was registered, and a window not loaded yet drops what is pushed to it, so a message posted in
   * between would be in neither. Each catches up once its page is merged, from its first message (or its newest page
   * if it had none). Returns one promise per window.
   */
  function catchUpOnceLoaded() {
    return [...firstPages].map(async ([t, { epoch, answered }]) => {
      await answered;
      if (stale(t, epoch)) return;
      if (t.loaded) await catchUp(t.roomId, t.firstCursor());
      // Asked while the network was still down, it failed after the socket opened: nothing else would ask again.
      else await retry(t);
    });
  }

  /** The newest page merged into a live window that showed no message, as if it had come with the first page. */
  async function mergeLatest(t) {
    await fetchInto(t, newestPage(t));
    store.changed('messages');
  }

  return { loadLatest, jumpToLatest, loadAround, loadOlder, loadNewer, catchUp, catchUpOnceLoaded, retryFirst, retryFailed };
}
