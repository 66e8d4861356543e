// Images, voice clips, videos and files: how a media message shows in the timeline, and the composer's attach button, drag and
// drop, paste, and the tray above the composer with the recorder (views/voice.js) and the uploads (views/uploads.js).
import { h, $, syncChildren } from '../dom.js';
import { formatTime, formatBytes } from '../util.js';
import { createUploader } from '../upload.js';
import { createUploadRows } from './uploads.js';
import { mountVoiceRecorder } from './voice.js';
import { renderVoiceClip } from './voiceclip.js';
import { takeReply } from './reply.js';

const IMAGE_BOX = { width: 360, height: 280 };

/**
 * The media part of a message: a preview sized before it loads, or an inline player. `from` is the message
 * ({author, ts}), for the image's alt text ("Photo from alice, 5:10 PM").
 */
export function renderMedia(media, from) {
  const url = `/api/media/${encodeURIComponent(media.id)}`;
  if (media.kind === 'image') {
    const w = media.width || IMAGE_BOX.width;
    const hgt = media.height || IMAGE_BOX.height;
    const scale = Math.min(1, IMAGE_BOX.width / w, IMAGE_BOX.height / hgt);
    const img = h('img.media-image', {
      // The preview is a still rendition: an animated GIF shows itself, so that it stays animated.
      src: media.contentType === 'image/gif' ? url : `${url}/preview`, alt: `Photo from ${from.author}, ${formatTime(from.ts)}`,
      loading: 'lazy', decoding: 'async',
      width: String(Math.max(1, Math.round(w * scale))), height: String(Math.max(1, Math.round(hgt * scale))),
      dataset: { testid: 'message-image-preview' },
    });
    return h('a.media-link', { href: url, target: '_blank', rel: 'noopener noreferrer', dataset: { testid: 'message-image' } }, img);
  }
  if (media.kind === 'voice') return renderVoiceClip(media, url);
  if (media.kind === 'video') {
    // No poster frame: the server makes none, and preload="metadata" lets the browser show the first frame.
    return h('video.media-video', {
      controls: true, preload: 'metadata', src: url, dataset: { testid: 'message-video' },
      'aria-label': `Video ${media.name || ''}`.trim(),
    });
  }
  return renderFile(media, url);
}

/** A file chip: an icon by type, the name, the size and a Download button (the server sends it as an attachment). */
function renderFile(media, url) {
  const name = media.name || 'file';
  return h('div.media-file', { dataset: { testid: 'message-file' } },
    h('span.media-file-icon', { 'aria-hidden': 'true' }, fileIcon(media.contentType, name)),
    h('span.media-file-text', null,
      h('span.media-file-name', { dataset: { testid: 'file-name' }, title: name }, name),
      h('span.muted.small', { dataset: { testid: 'file-size' } }, formatBytes(media.size))),
    h('a.btn.small.media-file-download', {
      href: url, download: name, rel: 'noopener noreferrer', dataset: { testid: 'file-download' },
      'aria-label': `Download ${name}`,
    }, 'Download'));
}

const ICONS = [
  [/pdf$/, '📄'], [/zip|x-7z|x-tar|gzip|bzip|rar/, '🗜️'], [/sheet|excel|csv/, '📊'], [/presentation|powerpoint/, '📽️'],
  [/word|opendocument\.text|rtf/, '📝'], [/^text\//, '📃'], [/^audio\//, '🎵'], [/^video\//, '🎞️'], [/^image\//, '🖼️'],
];

/** An emoji for a file's type (also the Files panel's). */
export function fileIcon(contentType, name) {
  const type = contentType || '';
  const byType = ICONS.find(([pattern]) => pattern.test(type));
  if (byType) return byType[1];
  // Office files that the detector only knows as a zip container: their extension says what they are.
  if (/\.(xlsx|ods)$/i.test(name)) return '📊';
  if (/\.(docx|odt)$/i.test(name)) return '📝';
  if (/\.(pptx|odp)$/i.test(name)) return '📽️';
  return '📎';
}

/** Wires the composer's media controls; shows the tray of the recorder and the open room's uploads. */
export function mountMediaComposer(store, chat, { toast }) {
  const { state } = store;
  const tray = $('#media-tray');
  const picker = $('#attach-input');
  const roomView = $('#room-view');

  const uploader = createUploader({ onChange: render, onPosted: (m, answer) => chat.receive(m, answer) });
  const uploadRows = createUploadRows(uploader);
  const voice = mountVoiceRecorder(store, uploader, { toast, onChange: render });

  function uploadFiles(files) {
    const roomId = state.activeRoomId;
    if (!roomId) return;
    // Any file: the server decides what it is from its bytes, and explains a refusal. The first answers a pending reply.
    // They are posted in the order chosen, one after the other.
    const reply = takeReply(store, roomId);
    let after;
    files.forEach((file, i) => {
      after = uploader.start(roomId, file, { replyTo: i === 0 && reply ? reply.id : undefined, after }).settled;
    });
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

  /** @param focus the control to move the keyboard to, if any */
  function render(focus) {
    const hadFocus = tray.contains(document.activeElement);
    syncChildren(tray, [...voice.rows(), ...uploadRows.forRoom(state.activeRoomId)]);
    tray.hidden = !tray.firstChild;
    if (focus) focus.focus();
    // The row under the keyboard went away (cancelled, sent, dismissed): carry on in the message box, not <body>.
    else if (hadFocus && !tray.contains(document.activeElement)) $('#message-input').focus();
  }

  store.subscribe((what) => { if (what.has('room')) render(); });
  render();
}
