/*
 * Kaftalk browser app: entry module.
 *
 * Modules: api.js (REST + error mapping), bus.js (event-bus bridge client over SockJS),
 * store.js (state + timelines), chat.js (controller), kept.js (unsent messages and drafts in localStorage, per user),
 * history.js (pages of a room's timeline), changes.js (edit, delete, react and their frames), reading.js (read
 * positions and unread counts), search.js (message search),
 * permalink.js (#/rooms/{id} and #/rooms/{id}/messages/{cursor}), notify.js (browser notifications),
 * attention.js (notification levels, quiet people), format.js (message formatting), util.js, dom.js,
 * views/{auth,sidebar,room,messages,search,toast,dialog,settings,password,media,uploads,voice,voiceclip,daygroups,
 * viewer,files,actions,lifecycle,picker,reply,notifications,quietsend,mentionlist,leave}.js, waveform.js (a voice
 * clip's 64 amplitudes).
 *
 * Stable data-testid attributes (for browser tests):
 *   Login / register
 *     auth-view, auth-form, login-username, login-password, username-hint, password-hint,
 *     login-submit, register-submit, auth-error (shown only when there is an error)
 *   Sidebar
 *     sidebar, room-list (joined rooms), room-item-<name> (button, has data-room-id; class "active"
 *     and aria-current="page" when open), unread-<name> (badge, only when > 0), mentions-<name> ("@2", unread
 *     mentions of the user, only when > 0),
 *     create-room-form, create-room-name, create-room-submit, create-room-error,
 *     browse-list (rooms not joined), browse-room-<name>, join-room-<name>,
 *     enable-notifications (only while permission is "default"), current-user, change-password, logout
 *   Room
 *     room-view, sidebar-toggle (narrow screens), room-title, room-members, leave-room (a private room or a direct
 *       message asks first: leave-dialog, leave-close, leave-question, leave-cancel, leave-confirm),
 *     online-toggle (narrow screens), online-panel, online-list, online-user (data-username),
 *     online-count, message-list (the scroll container, a list read out as messages arrive; data-empty="none|loading|
 *     error" while it shows no message), history-loading, history-error (the open room's first page failed: why,
 *     with history-retry), empty-state (no room open), jump-latest,
 *     message (data-id, data-state="pending|sent|failed", data-author, data-own="true" for own,
 *       data-cursor, data-client-msg-id for own sends), message-author, message-time, message-text,
       message-copy-link (acknowledged messages; shown on hover and focus, always on touch screens),
 *       in the toolbar of actions with message-react, message-reply, message-edit (own text), message-delete (own, or
 *       any in a room one created), message-more (touch screens: opens the others; aria-expanded);
 *       message-edited ("(edited)", title "Edited <time>"), message-deleted (a deleted message's placeholder),
 *       message-reply-quote (goes to the original), message-reactions > reaction (data-emoji, aria-pressed, title the
 *       users), message-editor > edit-input, edit-save, edit-cancel; reply-bar > reply-bar-text, reply-cancel,
 *       message-status ("Sending…"), message-error, retry, discard, message-image, message-voice,
 *     media: message-image (link to the full image) > message-image-preview, message-voice-box > message-voice,
 *       voice-duration, voice-unplayable; attach-button, attach-input, record-button, media-tray, upload
 *       (data-status="queued|uploading|failed"), upload-queued (waits for the files chosen before it), upload-progress,
 *       upload-cancel, upload-error, upload-retry, upload-dismiss, recorder,
 *       recorder-timer, recorder-room ("for #room" while another room is open), recorder-stop, recorder-cancel, recorded,
 *       recorded-preview, recorded-send, recorded-discard, recorder-error
 *     mention (a name the message calls, data-mention), message[data-mentions-me="true"] (calls the user),
 *     message-urgent ("Urgent · alice notified you during quiet hours"; message.urgent),
 *     typing-indicator (data-active), composer, message-input, message-send, char-count,
 *     mention-list (the @ autocomplete) > mention-option (data-username, aria-selected), mention-quiet,
 *     message[data-highlighted="true"] (the message a permalink points at; also aria-current),
 *     day-separator (inside the first message of a day; "Today", "Yesterday", ...), message.grouped (same author
 *     as the one before, within 5 minutes), new-line (inside the first unread message of a room as it was opened,
 *     else of a quiet-hours batch)
 *   Reactions and deleting (views/picker.js, views/lifecycle.js)
 *     emoji-picker, picker-filter, picker-grid, picker-emoji (data-emoji), picker-empty;
 *     delete-dialog, delete-close, delete-excerpt, delete-cancel, delete-confirm
 *   Image viewer (views/viewer.js)
 *     image-viewer, viewer-close, viewer-image, viewer-position ("2 of 3"), viewer-prev, viewer-next, viewer-download,
 *     viewer-go (opened from the Files panel: "Go to message")
 *   Voice clips (views/voiceclip.js)
 *     voice-waveform (svg; data-played = bars played of 64), voice-speed (1×, 1.5×, 2×)
 *   Files panel (views/files.js)
 *     files-toggle (header), files-panel, files-close, files-tab-image|voice|video|file (role tab, aria-selected),
 *     files-status (loading, empty), files-error, files-retry, files-items, files-entry, files-image (grid button),
 *     files-go (link to the message), files-download, file-name, files-more
 *   Search (views/search.js)
 *     search, search-toggle (narrow screens), search-form, search-input, search-close (narrow screens), search-panel,
 *     search-status, search-error, search-help, search-results, search-result (link, data-room-id, data-cursor) with
 *     search-result-room, search-result-author, search-result-text (matches in <mark>), search-copy-link, search-more
 *   Global
 *     connection-banner (data-status="connecting|reconnecting|online|offline"), reconnect-now,
 *     batch-notice, batch-jump, batch-dismiss, toasts, toast (data-kind)
 *   Attention (attention.js, views/notifications.js, quietsend.js, mentionlist.js)
 *     room-menu-list > notify-levels > notify-all|notify-mentions|notify-none (menuitemradio, aria-checked),
 *       notify-mutes > mute-1h|mute-8h|mute-1d, unmute (only while muted);
 *     muted-<name> (sidebar: the room notifies nothing; title "Muted until …" or "Notifications off"), unread-<name>.dim;
 *     quiet-mark (a moon, title "Quiet until …", data-until) in online-user, quiet-list > quiet-user (data-username),
 *       room-members (a direct message's header), dm-list, the autocompletes;
 *     quiet-bar > quiet-bar-line (data-username), notify-anyway, quiet-bar-error, quiet-bar-dismiss;
 *     open-mentions > mentions-total; mentions-screen, mentions-close, mentions-status, mentions-error, mentions-retry,
 *       mentions-items > mention-entry (link, data-room-id, data-cursor) > mention-entry-room, mention-entry-author,
 *       mention-entry-text; mentions-more
 *   Quiet hours (views/settings.js)
 *     quiet-status (header; data-quiet), settings-dialog, settings-close, quiet-state, quiet-enabled,
 *     quiet-schedule (disabled while the schedule is off), quiet-day-MON..SUN,
 *     quiet-start, quiet-end, quiet-zone, quiet-save, quiet-error-<field>, quiet-form-error,
 *     snooze-hour, snooze-tomorrow, snooze-resume, quiet-break (shown once the server keeps breakThrough),
 *     break-from-nobody|dm|anyone, break-max
 *   Password (views/password.js)
 *     password-dialog, password-close, password-current, password-new, password-confirm (each with -error),
 *     password-form-error, password-save
 */

import { api, ApiError, onUnauthorized } from './api.js';
import { createStore } from './store.js';
import { createChat } from './chat.js';
import { $ } from './dom.js';
import { toast, keepToastsAbove } from './views/toast.js';
import { mountAuth } from './views/auth.js';
import { mountSidebar } from './views/sidebar.js';
import { mountPeople } from './views/people.js';
import { mountRoom } from './views/room.js';
import { mountQuietSettings } from './views/settings.js';
import { mountMediaComposer } from './views/media.js';
import { mountPasswordChange } from './views/password.js';
import { mountSearch } from './views/search.js';
import { mountPermalinks } from './permalink.js';
import { mountImageViewer } from './views/viewer.js';
import { createChanges } from './changes.js';
import { createReading } from './reading.js';
import { mountFilesPanel } from './views/files.js';
import { createLevels } from './attention.js';
import { mountNotificationMenu } from './views/notifications.js';
import { mountQuietSends } from './views/quietsend.js';
import { mountMentionsScreen } from './views/mentionlist.js';
import { mountLeave } from './views/leave.js';

const store = createStore();
const { state } = store;
const chat = createChat(store, { toast });

onUnauthorized(() => chat.sessionEnded());

// ----- narrow screens: the sidebar is a drawer -----
const sidebar = $('#sidebar');
const scrim = $('#sidebar-scrim');
const toggle = $('#sidebar-toggle');
function setDrawer(open) {
  sidebar.classList.toggle('open', open);
  scrim.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
}
toggle.addEventListener('click', () => setDrawer(!sidebar.classList.contains('open')));
scrim.addEventListener('click', () => setDrawer(false));
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && sidebar.classList.contains('open')) setDrawer(false);
});
const closeDrawer = () => setDrawer(false);

const permalinks = mountPermalinks(store, chat, { toast });
const auth = mountAuth(store, {
  onAuthenticated: async (username) => {
    await chat.start(username);
    permalinks.follow();
  },
});
const side = mountSidebar(store, chat, { toast, closeDrawer });
const people = mountPeople(store, chat, { toast, closeDrawer });
mountNotificationMenu(store, createLevels(store, chat), people.roomMenu, { toast });
mountQuietSends(store, chat);
const room = mountRoom(store, chat, { toast, changes: createChanges(store, chat), reading: createReading(store, chat), permalinks });
mountQuietSettings(store, chat, { toast });
mountMediaComposer(store, chat, { toast });
keepToastsAbove($('#media-tray'), $('#quiet-bar'), $('#reply-bar'), $('#composer'));
mountPasswordChange(store, chat, { toast });
mountSearch(store, permalinks, { toast });
const viewer = mountImageViewer();
mountFilesPanel(store, permalinks, viewer);
mountMentionsScreen(store, permalinks, { closeDrawer });
mountLeave(store, chat, { toast });

store.subscribe((what) => {
  const inApp = state.view === 'app';
  $('#app-view').hidden = !inApp;
  if (what.has('auth')) {
    auth.render();
    if (!inApp) auth.reset();
  }
  if (!inApp) return;
  if (what.has('rooms') || what.has('room') || what.has('auth')) side.render();
  room.render(what.has('auth') ? new Set(['room', 'rooms', 'messages', 'typing', 'online', 'conn', 'notice']) : what);
});

// Keep the room list in sync occasionally (the room view marks the open room read as the tab comes back).
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && state.view === 'app') chat.loadRooms().catch(() => {});
});
window.addEventListener('offline', () => store.changed('conn'));
window.addEventListener('online', () => store.changed('conn'));
setInterval(() => {
  if (state.view === 'app' && !document.hidden) chat.loadRooms().catch(() => {});
}, 30000);

// ----- boot: who am I? -----
(async function boot() {
  try {
    const me = await api.session();
    if (me && me.username) {
      await chat.start(me.username);
      permalinks.follow();
      return;
    }
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
      if (e instanceof ApiError && e.status !== 404) toast(e.message);
    }
  }
  state.view = 'auth';
  store.changed('auth');
})();

// for debugging from the console
window.kaftalk = { store, chat };
