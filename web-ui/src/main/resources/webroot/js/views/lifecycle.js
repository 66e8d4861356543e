// The handlers behind a message's actions (views/actions.js): edit in place, delete after a confirmation, react from
// the picker or by toggling a chip, reply, copy the link, and go to the message a reply quotes. What the server
// refuses is shown as a toast with its own words, or inside the editor when the edit can be tried again. An edit being
// saved says so in its editor. Only the author sees Edit; the author and the room's creator see Delete, as the server
// allows (GET /api/rooms names each room's creator).
import { h } from '../dom.js';
import { copyPermalink } from '../permalink.js';
import { describeRefusal } from '../changes.js';
import { createDialog } from './dialog.js';
import { createPicker } from './picker.js';
import { showEditStatus } from './actions.js';
import { mountReply } from './reply.js';

/** redraw(): draws the open room's messages again (an edit starting or ending changes no message). */
export function createMessageActions(store, { changes, permalinks, toast, redraw }) {
  const { state } = store;
  const picker = createPicker();
  const reply = mountReply(store);
  let editing = null; // key of the entry being edited
  let editSession = 0; // counts edits started: a save answered after the user started another edit leaves it open
  let editFrom = null; // the control the edit started from (its Edit button, or the message box): the focus goes back
  let savingIn = 0; // the edit session whose save awaits its answer (0: none): its editor says "Saving…"
  let saveError = null; // {session, text}: why the session's last save failed, in its editor until the next try
  let deleting = null; // entry the open confirmation is about

  const question = h('p.delete-question');
  const excerpt = h('blockquote.delete-excerpt', { dataset: { testid: 'delete-excerpt' } });
  const confirm = h('button.btn.danger', { type: 'button', dataset: { testid: 'delete-confirm' }, onclick: () => doDelete() }, 'Delete');
  const dialog = createDialog({ title: 'Delete this message?', testid: 'delete-dialog', closeTestid: 'delete-close', onOpen: () => confirm.focus() },
    question, excerpt,
    h('div.dialog-actions', null,
      h('button.btn', { type: 'button', dataset: { testid: 'delete-cancel' }, onclick: () => dialog.close() }, 'Cancel'),
      confirm));

  function startEdit(e) {
    editFrom = document.activeElement && document.activeElement.dataset.focusKey
      ? { id: e.id, key: document.activeElement.dataset.focusKey } : null;
    editing = e.key;
    editSession += 1;
    redraw();
    const box = editBox();
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.scrollIntoView({ block: 'nearest' });
  }

  /** Ends the edit of `e` (an answer that comes back after the user moved on to another edit leaves that one be). */
  function endEdit(e) {
    if (editing !== e.key) return;
    editing = null;
    redraw();
    const from = editFrom && document.querySelector(
      `#message-list [data-id="${CSS.escape(String(editFrom.id))}"] [data-focus-key="${editFrom.key}"]`);
    (from || document.querySelector('#message-input')).focus();
  }

  function editBox() {
    return document.querySelector('[data-testid=edit-input]');
  }

  /** The open editor's state: its save awaits an answer, or failed (what the user can change to try again). */
  function editStatus() {
    return { saving: savingIn === editSession, error: saveError && saveError.session === editSession ? saveError.text : null };
  }

  function showStatus() {
    const box = editBox();
    if (box) showEditStatus(box.closest('.editor'), editStatus());
  }

  /** Why the save of `session` failed: in its editor while it is open, else (closed, or another edit begun) a toast. */
  function saveFailed(e, session, text) {
    if (session === editSession && editing === e.key) saveError = { session, text };
    else toast(text);
  }

  async function saveEdit(e, raw) {
    const session = editSession;
    if (savingIn === session) return; // Save is unavailable until the answer: the text saved is the one shown
    const from = editBox();
    const text = raw.trim();
    if (text === (e.text || '').trim()) {
      endEdit(e);
      return;
    }
    saveError = null;
    if (!text) {
      saveError = { session, text: 'A message cannot be empty: delete it instead.' };
      showStatus();
      return;
    }
    savingIn = session;
    showStatus();
    try {
      await changes.edit(e, text);
      // A slow answer must not close an edit started again meanwhile, nor take away words typed after Enter into the
      // box it was saved from (a box drawn again since, e.g. after a room switch, shows the text before the save).
      const box = editBox();
      if (session === editSession && (box !== from || box.value === raw)) endEdit(e);
    } catch (err) {
      // A deleted message or one out of the edit window cannot be saved later either; anything else can be retried.
      const code = Number(err.failureCode);
      if (code === 409 || code === 403 || code === 404) {
        toast(describeRefusal(err, 'edit'));
        endEdit(e);
      } else {
        saveFailed(e, session, describeRefusal(err, 'edit'));
      }
    } finally {
      if (savingIn === session) savingIn = 0;
      showStatus();
    }
  }

  async function doDelete() {
    const e = deleting;
    dialog.close();
    if (!e) return;
    try {
      await changes.remove(e);
      document.querySelector('#message-input').focus();
    } catch (err) {
      toast(describeRefusal(err, 'delete'));
    }
  }

  async function toggleReaction(e, emoji, on) {
    try {
      await changes.react(e, emoji, on);
    } catch (err) {
      toast(describeRefusal(err, 'react to'));
    }
  }

  const room = (e) => state.rooms.get(e.roomId);

  // The message being edited was deleted meanwhile (by its author elsewhere, or the room's creator): say so.
  store.subscribe((what) => {
    if (!editing || !what.has('messages')) return;
    const t = state.timelines.get(state.activeRoomId);
    const e = t && t.byKey.get(editing);
    if (e && !e.deleted) return;
    editing = null;
    if (e) toast('This message was deleted while you were editing it.');
    document.querySelector('#message-input').focus();
  });

  return {
    reply,
    get editing() { return editing; },
    /** Up in an empty message box edits the user's newest message, as in Slack. */
    editLast(roomId) {
      const t = state.timelines.get(roomId);
      const last = t && [...t.entries].reverse().find((e) => e.mine && e.id != null && canEdit(e));
      if (last) startEdit(last);
      return !!last;
    },
    actions: {
      onCopyLink: (e) => copyPermalink(e.roomId, e.cursor, toast),
      onReact: (e, button) => picker.open(button, (emoji) => toggleReaction(e, emoji, !changes.mine(e, emoji))),
      onToggleReaction: toggleReaction,
      reacted: changes.mine,
      onReply: (e) => reply.start(e),
      onEdit: startEdit,
      onSaveEdit: saveEdit,
      onCancelEdit: endEdit,
      editStatus,
      onDelete: (e) => {
        deleting = e;
        question.textContent = `It will be removed for everyone${e.media ? ', with its file' : ''}. This cannot be undone.`;
        excerpt.textContent = e.text ? [...e.text].slice(0, 200).join('') : (e.media && e.media.name) || 'A photo or file';
        dialog.open();
      },
      onQuote: (e) => permalinks.open(e.roomId, e.replyTo.cursor),
      canEdit,
      canDelete: (e) => !e.deleted && (e.mine || (room(e) && room(e).createdBy === state.me)),
    },
  };
}

/** Only text can be edited (a photo or file has no caption), and only while it is not deleted. */
function canEdit(e) {
  return e.mine && !e.deleted && !e.media && e.text != null && e.state === 'sent';
}
