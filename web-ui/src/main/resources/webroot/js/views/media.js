// Images and voice clips: how a media message shows in the timeline, and the composer's attach button, drag and
// drop, paste, upload progress with errors and Retry, and the voice recorder (record, stop, preview, send/discard).
import { h, clear, $ } from '../dom.js';
import { formatDuration, formatBytes } from '../util.js';
import { createUploader, looksShareable } from '../upload.js';
import { canRecord, startRecording, describeRecordingError, extensionFor } from '../recorder.js';

const IMAGE_BOX = { width: 360, height: 280 };

/** The media part of a message: a preview sized before it loads, or an inline player. */
export function renderMedia(media) {
  const url = `/api/media/${encodeURIComponent(media.id)}`;
  if (media.kind === 'image') {
    const w = media.width || IMAGE_BOX.width;
    const hgt = media.height || IMAGE_BOX.height;
    const scale = Math.min(1, IMAGE_BOX.width / w, IMAGE_BOX.height / hgt);
    const img = h('img.media-image', {
      src: `${url}/preview`, alt: 'Shared image (opens full size)', loading: 'lazy', decoding: 'async',
      width: String(Math.max(1, Math.round(w * scale))), height: String(Math.max(1, Math.round(hgt * scale))),
      dataset: { testid: 'message-image-preview' },
    });
    return h('a.media-link', { href: url, target: '_blank', rel: 'noopener noreferrer', dataset: { testid: 'message-image' } }, img);
  }
  if (media.kind === 'voice') {
    const box = h('div.media-voice', { dataset: { testid: 'message-voice-box' } });
    const unplayable = () => {
      clear(box);
      box.append(h('span.error-text.small', { dataset: { testid: 'voice-unplayable' } },
        `This browser can't play this format (${media.contentType}). `),
      h('a', { href: url, download: '', rel: 'noopener noreferrer' }, 'Download'));
    };
    const audio = h('audio', { controls: true, preload: 'metadata', src: url, dataset: { testid: 'message-voice' }, onerror: unplayable });
    box.append(audio, h('span.muted.small', { dataset: { testid: 'voice-duration' } },
      media.durationMs ? formatDuration(media.durationMs) : formatBytes(media.size)));
    if (!audio.canPlayType(media.contentType)) setTimeout(unplayable, 0);
    return box;
  }
  return h('span.muted', null, 'Attachment');
}

/** Wires the composer's media controls; renders the tray of uploads and the recorder for the open room. */
export function mountMediaComposer(store, chat, { toast }) {
  const { state } = store;
  const tray = $('#media-tray');
  const picker = $('#attach-input');
  const roomView = $('#room-view');
  const micButton = $('#record-button');
  let recording = null; // {roomId, session, timer} while the microphone is live
  let recorded = null; // {roomId, blob, durationMs, type, url} waiting for Send or Discard
  let recorderError = null;

  const uploader = createUploader({ onChange: render, onPosted: (m) => chat.receive(m) });

  function uploadFiles(files) {
    const roomId = state.activeRoomId;
    if (!roomId) return;
    for (const file of files) {
      if (looksShareable(file)) uploader.start(roomId, file);
      else toast(`${file.name || 'That file'}: only images and voice clips can be shared.`);
    }
  }

  $('#attach-button').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    uploadFiles([...picker.files]);
    picker.value = '';
  });

  const hasFiles = (ev) => ev.dataTransfer && [...ev.dataTransfer.types].includes('Files');
  roomView.addEventListener('dragover', (ev) => {
    if (!hasFiles(ev) || !state.activeRoomId) return;
    ev.preventDefault();
    roomView.classList.add('drop-target');
  });
  roomView.addEventListener('dragleave', (ev) => {
    if (ev.target === roomView || !roomView.contains(ev.relatedTarget)) roomView.classList.remove('drop-target');
  });
  roomView.addEventListener('drop', (ev) => {
    roomView.classList.remove('drop-target');
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    uploadFiles([...ev.dataTransfer.files]);
  });
  $('#message-input').addEventListener('paste', (ev) => {
    const files = ev.clipboardData ? [...ev.clipboardData.files] : [];
    if (!files.length) return;
    ev.preventDefault();
    uploadFiles(files);
  });

  micButton.hidden = !canRecord();
  micButton.addEventListener('click', async () => {
    if (recording) return finishRecording();
    const roomId = state.activeRoomId;
    if (!roomId) return;
    discardRecorded();
    recorderError = null;
    micButton.disabled = true;
    try {
      const session = await startRecording({ onLimit: () => { toast('Voice clips stop at 5 minutes.'); finishRecording(); } });
      recording = { roomId, session, timer: setInterval(render, 500) };
    } catch (err) {
      recorderError = describeRecordingError(err);
    } finally {
      micButton.disabled = false;
      render();
    }
  });

  async function finishRecording() {
    if (!recording) return;
    const { roomId, session, timer } = recording;
    clearInterval(timer);
    recording = null;
    const clip = await session.stop();
    recorded = { roomId, ...clip, url: URL.createObjectURL(clip.blob) };
    render();
  }

  function cancelRecording() {
    if (!recording) return;
    clearInterval(recording.timer);
    recording.session.cancel();
    recording = null;
    render();
  }

  function discardRecorded() {
    if (recorded) URL.revokeObjectURL(recorded.url);
    recorded = null;
  }

  function sendRecorded() {
    if (!recorded) return;
    const { roomId, blob, durationMs, type } = recorded;
    uploader.start(roomId, blob, { durationMs, name: `voice-clip.${extensionFor(type)}` });
    discardRecorded();
    render();
  }

  function uploadRow(u) {
    const row = h('div.upload-row', { dataset: { testid: 'upload', status: u.status } },
      h('span.upload-name', null, u.name));
    if (u.status === 'uploading') {
      row.append(h('progress.upload-progress', { max: '1', value: String(u.progress), dataset: { testid: 'upload-progress' } }),
        h('span.muted.small', null, `${Math.round(u.progress * 100)}%`),
        h('button.btn.ghost.small', { type: 'button', onclick: () => uploader.dismiss(u.id) }, 'Cancel'));
    } else {
      row.append(h('span.error-text.small', { dataset: { testid: 'upload-error' }, role: 'alert' }, u.error));
      if (u.retryable) {
        row.append(h('button.btn.small', { type: 'button', dataset: { testid: 'upload-retry' }, onclick: () => uploader.retry(u.id) }, 'Retry'));
      }
      row.append(h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'upload-dismiss' }, onclick: () => uploader.dismiss(u.id) }, 'Dismiss'));
    }
    return row;
  }

  function render() {
    const roomId = state.activeRoomId;
    clear(tray);
    if (recording && recording.roomId === roomId) {
      const elapsed = performance.now() - recording.session.startedAt;
      tray.append(h('div.recorder', { dataset: { testid: 'recorder' } },
        h('span.rec-dot', { 'aria-hidden': 'true' }),
        h('span', { dataset: { testid: 'recorder-timer' } }, `Recording ${formatDuration(elapsed)}`),
        h('button.btn.primary.small', { type: 'button', dataset: { testid: 'recorder-stop' }, onclick: finishRecording }, 'Stop'),
        h('button.btn.ghost.small', { type: 'button', onclick: cancelRecording }, 'Cancel')));
    }
    if (recorded && recorded.roomId === roomId) {
      tray.append(h('div.recorder', { dataset: { testid: 'recorded' } },
        h('audio', { controls: true, src: recorded.url, dataset: { testid: 'recorded-preview' } }),
        h('span.muted.small', null, formatDuration(recorded.durationMs)),
        h('button.btn.primary.small', { type: 'button', dataset: { testid: 'recorded-send' }, onclick: sendRecorded }, 'Send'),
        h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'recorded-discard' }, onclick: () => { discardRecorded(); render(); } }, 'Discard')));
    }
    if (recorderError) {
      tray.append(h('div.upload-row', null, h('span.error-text.small', { dataset: { testid: 'recorder-error' }, role: 'alert' }, recorderError),
        h('button.btn.ghost.small', { type: 'button', onclick: () => { recorderError = null; render(); } }, 'Dismiss')));
    }
    for (const u of uploader.forRoom(roomId)) tray.append(uploadRow(u));
    micButton.classList.toggle('recording', !!recording);
    micButton.setAttribute('aria-pressed', String(!!recording));
    tray.hidden = !tray.firstChild;
  }

  store.subscribe((what) => { if (what.has('room')) render(); });
  render();
}
