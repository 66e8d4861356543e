// The voice recorder in the composer: the microphone button, the "Recording 0:07" row with Stop and Cancel, then the
// clip's row with a preview, Send and Discard. The rows belong to the room the recording started in but stay in
// sight in every room, naming that room, until the clip is sent or dropped: a microphone left live out of sight is
// one the user forgets. Each row is built once and only its timer changes, so Stop keeps the keyboard focus.
import { h, $ } from '../dom.js';
import { formatDuration } from '../util.js';
import { takeReply } from './reply.js';
import { canRecord, startRecording, describeRecordingError, extensionFor } from '../recorder.js';

/**
 * @param onChange called with the control that should take the keyboard focus (or nothing) when the rows change
 */
export function mountVoiceRecorder(store, uploader, { toast, onChange }) {
  const { state } = store;
  const mic = $('#record-button');
  let starting = false;
  let recording = null; // {roomId, session, timer, row, clock} while the microphone is live
  let recorded = null; // {roomId, blob, durationMs, type, url, row, send} waiting for Send or Discard
  let error = null; // the row saying why recording could not start

  mic.hidden = !canRecord();
  mic.addEventListener('click', async () => {
    if (recording) return finish();
    const roomId = state.activeRoomId;
    // Not disabled while the microphone starts: that would send the keyboard focus to <body>.
    if (!roomId || starting) return;
    starting = true;
    discard();
    error = null;
    try {
      const session = await startRecording({ onLimit: () => { toast('Voice clips stop at 5 minutes.'); finish(); } });
      recording = { roomId, session, ...recorderRow() };
      recording.timer = setInterval(tick, 500);
      tick();
    } catch (err) {
      error = errorRow(describeRecordingError(err));
    } finally {
      starting = false;
      changed();
    }
  });

  /** "for #room" when the rows belong to another room than the open one. */
  function forRoom(roomId) {
    const room = state.rooms.get(roomId);
    return roomId !== state.activeRoomId && room ? `for #${room.name}` : '';
  }

  const roomLabel = () => h('span.muted.small', { dataset: { testid: 'recorder-room' } });

  function recorderRow() {
    const clock = h('span', { role: 'timer', dataset: { testid: 'recorder-timer' } });
    const where = roomLabel();
    const row = h('div.recorder', { dataset: { testid: 'recorder' } },
      h('span.rec-dot', { 'aria-hidden': 'true' }), clock, where,
      h('button.btn.primary.small', { type: 'button', dataset: { testid: 'recorder-stop' }, onclick: finish }, 'Stop'),
      h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'recorder-cancel' }, 'aria-label': 'Cancel recording',
        onclick: cancel }, 'Cancel'));
    return { row, clock, where };
  }

  function tick() {
    recording.clock.textContent = `Recording ${formatDuration(performance.now() - recording.session.startedAt)}`;
  }

  function recordedRow(clip) {
    const where = roomLabel();
    const send = h('button.btn.primary.small', { type: 'button', dataset: { testid: 'recorded-send' }, onclick: sendClip }, 'Send');
    const row = h('div.recorder', { dataset: { testid: 'recorded' } },
      h('audio', { controls: true, src: clip.url, 'aria-label': 'Your voice clip', dataset: { testid: 'recorded-preview' } }),
      h('span.muted.small', null, formatDuration(clip.durationMs)), where, send,
      h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'recorded-discard' }, onclick: () => { discard(); changed(); } }, 'Discard'));
    return { row, where, send };
  }

  function errorRow(message) {
    return h('div.upload-row', null, h('span.error-text.small', { dataset: { testid: 'recorder-error' }, role: 'alert' }, message),
      h('button.btn.ghost.small', { type: 'button', onclick: () => { error = null; changed(); } }, 'Dismiss'));
  }

  async function finish() {
    if (!recording) return;
    const { roomId, session, timer } = recording;
    clearInterval(timer);
    recording = null;
    const clip = await session.stop();
    recorded = { roomId, ...clip, url: URL.createObjectURL(clip.blob) };
    Object.assign(recorded, recordedRow(recorded));
    // Stop pressed from the keyboard: the next step, Send, takes the focus (the microphone keeps it if it stopped).
    changed(mic === document.activeElement ? null : recorded.send);
  }

  function cancel() {
    if (!recording) return;
    clearInterval(recording.timer);
    recording.session.cancel();
    recording = null;
    changed();
  }

  function discard() {
    if (recorded) {
      // The preview lets go of the clip first: a player still reading a revoked blob: URL logs ERR_FILE_NOT_FOUND.
      const preview = recorded.row.querySelector('audio');
      preview.pause();
      preview.removeAttribute('src');
      preview.load();
      URL.revokeObjectURL(recorded.url);
    }
    recorded = null;
  }

  function sendClip() {
    if (!recorded) return;
    const { roomId, blob, durationMs, type } = recorded;
    const reply = takeReply(store, roomId);
    uploader.start(roomId, blob, { durationMs, name: `voice-clip.${extensionFor(type)}`, replyTo: reply ? reply.id : undefined });
    discard();
    changed();
  }

  function changed(focus) {
    mic.classList.toggle('recording', !!recording);
    mic.setAttribute('aria-pressed', String(!!recording));
    onChange(focus);
  }

  return {
    /** The recorder's rows, whichever room is open. */
    rows() {
      for (const shown of [recording, recorded]) if (shown) shown.where.textContent = forRoom(shown.roomId);
      return [recording && recording.row, recorded && recorded.row, error].filter(Boolean);
    },
  };
}
