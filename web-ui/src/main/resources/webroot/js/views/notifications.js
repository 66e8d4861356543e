// The room menu's notification choices: "Notify me about" All messages / Mentions / Nothing (radio items, the room's
// level checked) and Mute for 1 hour / 8 hours / 1 day, or Unmute while muted. A choice closes the menu and is sent
// to the server; the room shows it once the server answers (the user's other tabs through the `notifications`
// frame), and a failure is said in a toast and leaves the room as it was.
import { $ } from '../dom.js';
import { ApiError } from '../api.js';
import { levelOf, mutedUntil } from '../attention.js';
import { formatTime } from '../util.js';

export function mountNotificationMenu(store, levels, roomMenu, { toast }) {
  const { state } = store;
  const radios = [...$('#room-menu-list').querySelectorAll('[data-level]')];
  const mutes = [...$('#room-menu-list').querySelectorAll('[data-mute-ms]')];
  const unmute = $('#unmute');

  async function choose(level, muteUntil) {
    const roomId = state.activeRoomId;
    roomMenu.close(true);
    if (!roomId) return;
    try {
      await levels.set(roomId, level, muteUntil);
    } catch (e) {
      toast(`Could not change this room's notifications: ${e instanceof ApiError ? e.message : 'try again.'}`);
    }
  }

  const current = () => levelOf((state.rooms.get(state.activeRoomId) || {}).notifications);
  // A level keeps a mute that is on; a mute keeps the level it will return to.
  radios.forEach((item) => item.addEventListener('click', () => choose(item.dataset.level, mutedUntil(state.rooms.get(state.activeRoomId)))));
  mutes.forEach((item) => item.addEventListener('click', () => choose(current().level, Date.now() + Number(item.dataset.muteMs))));
  unmute.addEventListener('click', () => choose(current().level, null));

  store.subscribe((what) => {
    if (!what.has('room') && !what.has('rooms')) return;
    const r = state.rooms.get(state.activeRoomId);
    const { level } = levelOf(r && r.notifications);
    radios.forEach((item) => item.setAttribute('aria-checked', String(item.dataset.level === level)));
    const until = mutedUntil(r);
    unmute.closest('li').hidden = until === null;
    unmute.textContent = until === null ? 'Unmute' : `Unmute (muted until ${formatTime(until)})`;
  });
}
