// Leave, from the header's button (the room menu's Leave presses it too). A public room is left at once: anyone can
// join it again. A private room or a direct message asks first, in a dialog where Cancel has the focus, so that Enter
// or Escape keeps the room: only an invitation brings the user back into a private room, and nobody at all once its
// last member has left. A direct message comes back when one of its people writes in it or starts it again.
import { h, $ } from '../dom.js';
import { createDialog } from './dialog.js';

export function mountLeave(store, chat, { toast }) {
  const { state } = store;
  const button = $('#leave-room');
  let asked = null; // id of the room the open dialog asks about

  const question = h('p', { dataset: { testid: 'leave-question' } });
  const cancel = h('button.btn', { type: 'button', dataset: { testid: 'leave-cancel' }, onclick: () => dialog.close() }, 'Cancel');
  const confirm = h('button.btn.danger', { type: 'button', dataset: { testid: 'leave-confirm' }, onclick: () => {
    const roomId = asked;
    dialog.close();
    leave(roomId);
  } });
  const dialog = createDialog({ title: 'Leave', testid: 'leave-dialog', closeTestid: 'leave-close', onOpen: () => cancel.focus() },
    question, h('div.dialog-actions', null, cancel, confirm));

  async function leave(roomId) {
    if (!roomId) return;
    button.disabled = true;
    button.classList.add('loading');
    try {
      await chat.leaveRoom(roomId);
    } catch (e) {
      toast(e.message || 'Could not leave the room.');
    } finally {
      button.disabled = false;
      button.classList.remove('loading');
    }
  }

  function ask(room) {
    asked = room.id;
    if (room.kind === 'dm') {
      dialog.setTitle(`Leave your conversation with ${room.name}?`);
      question.textContent = 'It goes from your list until one of you writes in it or starts it again.';
      confirm.textContent = 'Leave conversation';
    } else {
      dialog.setTitle(`Leave ${room.name}?`);
      question.textContent = room.memberCount <= 1
        ? 'You are its last member: nobody will be able to open it or read its messages again, you included.'
        : 'You can only come back if a member invites you.';
      confirm.textContent = 'Leave room';
    }
    dialog.open();
  }

  button.addEventListener('click', () => {
    const room = state.rooms.get(state.activeRoomId);
    if (!room || !room.joined) return;
    if (room.kind === 'dm' || room.private) ask(room);
    else leave(room.id);
  });
}
