// Who may be disturbed, and how: the user's notification level per room (All / Mentions / Nothing, and a mute until
// some instant; PUT /api/rooms/{id}/notifications, synced to every tab by the `notifications` frame), and which
// members of a room are in quiet hours until when (GET /api/rooms `quiet`, presence frames). The server decides what
// notifies (a message frame's `notify`); this is what the user sees and chooses.

import { api } from './api.js';
import { formatTime } from './util.js';

export const LEVELS = ['all', 'mentions', 'none'];
const STANDARD = Object.freeze({ level: 'all', muteUntil: null });

/** A room's {level, muteUntil} as the server sent it; what a user who never chose has otherwise. */
export function levelOf(n) {
  if (!n || !LEVELS.includes(n.level)) return STANDARD;
  return { level: n.level, muteUntil: Number.isFinite(n.muteUntil) ? n.muteUntil : null };
}

/** Muted until when (epoch ms), or null when the room is not muted now. */
export function mutedUntil(room, now = Date.now()) {
  const n = levelOf(room && room.notifications);
  return n.muteUntil && n.muteUntil > now ? n.muteUntil : null;
}

/** Whether nothing from the room notifies now: muted, or its level is Nothing (its unread count is shown dimmed). */
export function isSilenced(room, now = Date.now()) {
  return mutedUntil(room, now) !== null || levelOf(room && room.notifications).level === 'none';
}

/** The members of a room in quiet hours now, from GET /api/rooms: username -> until (epoch ms). */
export function quietOf(list) {
  const quiet = new Map();
  for (const q of Array.isArray(list) ? list : []) {
    if (q && typeof q.username === 'string' && Number.isFinite(q.until)) quiet.set(q.username, q.until);
  }
  return quiet;
}

/** When `username`'s quiet stretch ends (epoch ms), as room `room` knows it; null when they are not quiet. */
export function quietUntil(room, username, now = Date.now()) {
  const until = room && room.quiet ? room.quiet.get(username) : undefined;
  return Number.isFinite(until) && until > now ? until : null;
}

/** "Quiet until 07:00" (the browser's clock; a date when the end is not today). */
export function quietText(until) {
  return `Quiet until ${formatTime(until)}`;
}

/**
 * What a quiet-hours batch held: "3 messages in 2 rooms", or "in 2 conversations" once a direct message is among
 * them (a direct message is no room to its people). `rooms`: those of the batch the user knows; `count`: all of them.
 */
export function batchSummary(messages, rooms, count = rooms.length) {
  const where = rooms.some((r) => r.kind === 'dm') ? 'conversation' : 'room';
  return `${messages} ${messages === 1 ? 'message' : 'messages'} in ${count} ${where}${count === 1 ? '' : 's'}`;
}

/**
 * Keeps rooms' levels in step with the user's other tabs and devices, redraws when a mute runs out, and changes a
 * level (the room takes the server's answer, so a failed change leaves the room as it was and throws).
 */
export function createLevels(store, chat) {
  const { state } = store;
  let expiry = null;

  function apply(roomId, n) {
    const r = state.rooms.get(roomId);
    if (!r) return;
    r.notifications = levelOf(n);
    store.changed('rooms');
  }

  chat.onFrame('notifications', (frame) => apply(frame.roomId, frame));

  // The room lists are drawn again when the next mute runs out, so its icon goes at that moment.
  store.subscribe((what) => {
    if (!what.has('rooms')) return;
    clearTimeout(expiry);
    const now = Date.now();
    const ends = [...state.rooms.values()].map((r) => mutedUntil(r, now)).filter((t) => t !== null);
    if (ends.length) expiry = setTimeout(() => store.changed('rooms'), Math.min(...ends) - now + 50);
  });

  return {
    async set(roomId, level, muteUntil = null) {
      const answer = await api.setNotifications(roomId, level, muteUntil);
      apply(roomId, answer || { level, muteUntil });
    },
  };
}
