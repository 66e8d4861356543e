// A voice clip in a message: the browser's player and a label with the clip's length ("0:07"), and where playback is
// while it plays ("0:03 / 0:07"). The length is the stored durationMs: a clip recorded by MediaRecorder as WebM has
// no duration in its header, so the player's own total says nothing (audio.duration is Infinity). A clip stored
// without one (an uploaded WebM) gets it from the browser, which learns it by seeking past the end once.
import { h, clear } from '../dom.js';
import { formatDuration, formatBytes } from '../util.js';

export function renderVoiceClip(media, url) {
  const box = h('div.media-voice', { dataset: { testid: 'message-voice-box' } });
  const label = h('span.muted.small', { dataset: { testid: 'voice-duration' } });
  let totalMs = media.durationMs > 0 ? media.durationMs : null;
  let measuring = false;

  const audio = h('audio', {
    controls: true, preload: 'metadata', src: url, dataset: { testid: 'message-voice' },
    onerror: unplayable, ontimeupdate: show, onloadedmetadata: measure, ondurationchange: measure,
  });

  function show() {
    if (measuring) return;
    const playedMs = audio.currentTime * 1000;
    const length = totalMs != null ? formatDuration(totalMs) : formatBytes(media.size);
    label.textContent = playedMs > 0 && totalMs != null ? `${formatDuration(playedMs)} / ${length}` : length;
  }

  function measure() {
    if (totalMs != null) return;
    if (Number.isFinite(audio.duration) && audio.duration > 0) {
      totalMs = audio.duration * 1000;
      if (measuring) {
        measuring = false;
        audio.currentTime = 0;
      }
      show();
    } else if (audio.duration === Infinity && !measuring) {
      measuring = true;
      audio.currentTime = Number.MAX_SAFE_INTEGER;
    }
  }

  function unplayable() {
    clear(box);
    box.append(h('span.error-text.small', { dataset: { testid: 'voice-unplayable' } },
      `This browser can't play this format (${media.contentType}). `),
    h('a', { href: url, download: '', rel: 'noopener noreferrer' }, 'Download'));
  }

  box.append(audio, label);
  show();
  if (!audio.canPlayType(media.contentType)) setTimeout(unplayable, 0);
  return box;
}
