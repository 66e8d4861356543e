// Media uploads: one XMLHttpRequest per file (fetch has no upload progress), with progress, the server's error
// message, and Retry. Uploads are kept per room so the room view can show the active room's.
import { uuid } from './util.js';
import { waveformOf } from './waveform.js';

/** The largest file of any kind (media.maxFileBytes); images and voice clips have a lower limit the server checks. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const REASONS = {
  0: 'Network error: the upload did not reach the server.',
  413: 'Too big: files may be at most 100 MB, images and voice clips 10 MB, voice clips 5 minutes.',
  415: 'Not allowed: programs and installers cannot be shared, and images must be readable.',
};

/**
 * @param onChange called with no arguments whenever an upload starts, progresses, fails or finishes
 * @param onPosted called with the stored message and the whole answer (its `quiet` people) once the server accepted an upload
 */
export function createUploader({ onChange, onPosted }) {
  const uploads = new Map(); // id -> upload

  /**
   * `replyTo`: the id of the message this file answers (optional). `after`: the `settled` of the upload chosen
   * before this one, when several were chosen together. The server posts a file as its upload ends, so this one goes
   * up only once that one is posted, has failed or was cancelled: the room shows them in the order chosen, not the
   * order their uploads would end in (the smallest first). `settled` resolves once this upload and those before it
   * are over.
   */
  function start(roomId, file, { durationMs, name, replyTo, after } = {}) {
    const upload = {
      id: uuid(), roomId, file, name: name || file.name || 'clip', durationMs, replyTo,
      clientMsgId: uuid(), progress: 0, status: after ? 'queued' : 'uploading', error: null, xhr: null,
      // Audio the browser can decode (a recorded clip, an attached recording) goes up with its waveform.
      waveform: waveformOf(file),
    };
    const over = new Promise((done) => { upload.over = done; });
    upload.settled = after ? after.then(() => over) : over;
    uploads.set(upload.id, upload);
    if (file.size > MAX_UPLOAD_BYTES) {
      // Refused here already; the server would answer 413 after the whole body went up.
      fail(upload, REASONS[413], false);
    } else if (after) {
      onChange();
      after.then(() => { if (uploads.has(upload.id)) send(upload); });
    } else {
      send(upload);
    }
    return upload;
  }

  async function send(upload) {
    upload.status = 'uploading';
    upload.progress = 0;
    upload.error = null;
    onChange();
    const waveform = await upload.waveform;
    // Dismissed while the waveform was computed.
    if (!uploads.has(upload.id)) return;
    const form = new FormData();
    // clientMsgId first: a retry after a lost answer posts once.
    form.append('clientMsgId', upload.clientMsgId);
    if (upload.durationMs) form.append('durationMs', String(Math.round(upload.durationMs)));
    if (upload.replyTo) form.append('replyTo', upload.replyTo);
    if (waveform) form.append('waveform', JSON.stringify(waveform));
    form.append('file', upload.file, upload.name);
    const xhr = new XMLHttpRequest();
    upload.xhr = xhr;
    xhr.open('POST', `/api/rooms/${encodeURIComponent(upload.roomId)}/media`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) {
        upload.progress = ev.loaded / ev.total;
        onChange();
      }
    };
    xhr.onload = () => {
      const body = xhr.response;
      if (xhr.status === 201 && body && body.message) {
        uploads.delete(upload.id);
        upload.over();
        onPosted(body.message, body);
        onChange();
        return;
      }
      const message = (body && body.error && body.error.message) || REASONS[xhr.status] || `Upload failed (${xhr.status}).`;
      const reason = REASONS[xhr.status] && xhr.status !== 0 ? `${REASONS[xhr.status].split(':')[0]}: ${message}` : message;
      fail(upload, reason, xhr.status >= 500 || xhr.status === 429 || xhr.status === 0);
    };
    xhr.onerror = () => fail(upload, REASONS[0], true);
    xhr.send(form);
    onChange();
  }

  function fail(upload, error, retryable) {
    upload.status = 'failed';
    upload.error = error;
    upload.retryable = retryable;
    upload.xhr = null;
    upload.over();
    onChange();
  }

  return {
    start,
    retry(id) {
      const upload = uploads.get(id);
      if (upload && upload.status === 'failed') send(upload);
    },
    dismiss(id) {
      const upload = uploads.get(id);
      if (upload && upload.xhr) upload.xhr.abort();
      uploads.delete(id);
      if (upload) upload.over();
      onChange();
    },
    forRoom: (roomId) => [...uploads.values()].filter((u) => u.roomId === roomId),
    has: (id) => uploads.has(id),
  };
}
