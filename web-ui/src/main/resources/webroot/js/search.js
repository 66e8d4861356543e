// Message search: runs a query against /api/search, pages on with the server's `next`, and turns a result's
// highlight offsets into the parts the view shows (marked or not). The server owns the query language.

import { api, ApiError } from './api.js';

// A long message shows the stretch around its first match, about three lines of the results panel.
const SNIPPET = 240;
const LEAD = 40;

// The zone the date operators (before:, after:, on:) mean, so "on:2025-03-01" is the user's own day.
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;

function describe(e) {
  if (e instanceof ApiError && e.status === 429) {
    return e.retryAfter ? `Searching too often. Please wait ${e.retryAfter} s and try again.`
      : 'Searching too often. Please wait a moment and try again.';
  }
  return e.message || 'Search failed.';
}

/**
 * status: 'idle' (nothing asked), 'loading' (first page), 'more' (next page), 'done' or 'error'.
 * onChange runs after every change of `state`.
 */
export function createSearch(onChange) {
  const state = { query: '', results: [], next: null, status: 'idle', error: null, badQuery: false };
  let asked = 0; // answers to an earlier query are dropped

  async function fetchPage(before) {
    const mine = ++asked;
    state.status = before ? 'more' : 'loading';
    state.error = null;
    onChange();
    try {
      const res = await api.search(state.query, { before, tz: zone() });
      if (mine !== asked) return;
      state.results = [...state.results, ...(Array.isArray(res && res.results) ? res.results : [])];
      state.next = (res && res.next) || null;
      state.status = 'done';
    } catch (e) {
      if (mine !== asked) return;
      state.status = 'error';
      state.error = describe(e);
      state.badQuery = e instanceof ApiError && e.status === 400;
    }
    onChange();
  }

  return {
    state,
    /** Runs `query` from its first page; an empty one just resets. */
    run(query) {
      state.query = query.trim();
      state.results = [];
      state.next = null;
      state.badQuery = false;
      if (!state.query) {
        asked++;
        state.status = 'idle';
        state.error = null;
        onChange();
        return;
      }
      fetchPage(undefined);
    },
    /** The next page; after a failed one (a 429, say) the same page again. */
    more() {
      if (state.next && (state.status === 'done' || state.status === 'error')) fetchPage(state.next);
    },
  };
}

/**
 * Splits `text` into [{text, mark}] by the half-open UTF-16 `highlights`, cut to the stretch around the first
 * match when it is long. Offsets out of range or overlapping are tolerated, never trusted.
 */
export function highlightParts(text, highlights) {
  const spans = (Array.isArray(highlights) ? highlights : [])
    .map((x) => [Math.max(0, Number(x.start) || 0), Math.min(text.length, Number(x.end) || 0)])
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  let from = 0;
  let to = text.length;
  if (text.length > SNIPPET) {
    from = Math.max(0, Math.min((spans.length ? spans[0][0] : 0) - LEAD, text.length - SNIPPET));
    to = from + SNIPPET;
    // never cut a character outside the Basic Multilingual Plane in half
    if (isLowSurrogate(text, from)) from--;
    if (isLowSurrogate(text, to)) to++;
  }
  const parts = from > 0 ? [{ text: '…', mark: false }] : [];
  let at = from;
  for (const [s, e] of spans) {
    const start = Math.max(s, at);
    const end = Math.min(e, to);
    if (start >= end) continue;
    if (start > at) parts.push({ text: text.slice(at, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), mark: false });
  if (to < text.length) parts.push({ text: '…', mark: false });
  return parts;
}

function isLowSurrogate(text, i) {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
