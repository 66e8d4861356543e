// Voice clips with MediaRecorder: Chrome records webm/opus, Safari mp4/aac. The clip's duration is measured here
// because webm from MediaRecorder carries none; the server uses it only where the file says nothing.

const CANDIDATE_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4', 'audio/ogg;codecs=opus'];
export const MAX_CLIP_MS = 5 * 60 * 1000;

export function canRecord() {
  return typeof window.MediaRecorder === 'function' && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

function pickType() {
  return CANDIDATE_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) || '';
}

/** Why recording could not start, in words a user can act on. */
export function describeRecordingError(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Microphone access was refused. Allow the microphone for this site in the browser\'s address bar or settings, then try again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found.';
  if (name === 'NotReadableError') return 'The microphone is in use by another application.';
  return 'Recording could not start in this browser.';
}

/**
 * Starts recording. Resolves to {stop(): Promise<{blob, durationMs, type}>, cancel(), startedAt} once the
 * microphone is live; stops by itself at the 5-minute limit (onLimit is then called).
 */
export async function startRecording({ onLimit } = {}) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const type = pickType();
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  const chunks = [];
  recorder.ondataavailable = (ev) => { if (ev.data && ev.data.size) chunks.push(ev.data); };
  const startedAt = performance.now();
  const done = new Promise((resolve) => {
    recorder.onstop = () => {
      stream.getTracks().forEach((t) => t.stop());
      const blobType = (recorder.mimeType || type || 'audio/webm').split(';')[0];
      resolve({ blob: new Blob(chunks, { type: blobType }), durationMs: performance.now() - startedAt, type: blobType });
    };
  });
  const limit = setTimeout(() => { if (recorder.state !== 'inactive') { recorder.stop(); if (onLimit) onLimit(); } }, MAX_CLIP_MS);
  recorder.start(1000);
  return {
    startedAt,
    stop() {
      clearTimeout(limit);
      if (recorder.state !== 'inactive') recorder.stop();
      return done;
    },
    cancel() {
      clearTimeout(limit);
      if (recorder.state !== 'inactive') recorder.stop();
    },
  };
}

export function extensionFor(type) {
  if (type.includes('mp4')) return 'm4a';
  if (type.includes('ogg')) return 'ogg';
  return 'webm';
}
