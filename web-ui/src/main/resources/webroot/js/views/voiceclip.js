// A voice clip in a message: the browser's player, the clip's waveform (when its uploader's browser sent one) with
// how much has played drawn over it, a label with the clip's length ("0:07") and where playback is while it plays
// ("0:03 / 0:07"), and a speed toggle (1×, 1.5×, 2×). The length is the stored durationMs: a clip recorded by
// MediaRecorder as WebM has no duration in its header, so the player's own total says nothing (audio.duration is
// Infinity). A clip stored without one (an uploaded WebM) gets it from the browser, which learns it by seeking past the
// end once. The waveform is a picture of the sound, hidden from screen readers: the player and the label say the same.
import { h, clear } from '../dom.js';
import { formatDuration, formatBytes } from '../util.js';

const SPEEDS = [1, 1.5, 2];
const SVG = 'http://www.w3.org/2000/svg';
const BAR_GAP = 1;
const BAR_WIDTH = 3;
const HEIGHT = 28;

export function renderVoiceClip(media, url) {
  const box = h('div.media-voice', { dataset: { testid: 'message-voice-box' } });
  const label = h('span.muted.small', { dataset: { testid: 'voice-duration' } });
  let totalMs = media.durationMs > 0 ? media.durationMs : null;
  let measuring = false;

  const audio = h('audio', {
    controls: true, preload: 'metadata', src: url, dataset: { testid: 'message-voice' },
    onerror: unplayable, ontimeupdate: show, onloadedmetadata: measure, ondurationchange: measure,
  });
  const wave = Array.isArray(media.waveform) ? renderWaveform(media.waveform) : null;
  const speed = speedToggle(audio);

  function show() {
    if (measuring) return;
    const playedMs = audio.currentTime * 1000;
    const length = totalMs != null ? formatDuration(totalMs) : formatBytes(media.size);
    label.textContent = playedMs > 0 && totalMs != null ? `${formatDuration(playedMs)} / ${length}` : length;
    if (wave) wave.played(totalMs ? Math.min(1, playedMs / totalMs) : 0);
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

  box.append(audio, h('div.voice-meta', null, wave ? wave.el : null, label, speed));
  show();
  if (!audio.canPlayType(media.contentType)) setTimeout(unplayable, 0);
  return box;
}

/** 64 bars; played(fraction) colours the bars up to there. */
function renderWaveform(points) {
  const width = points.length * (BAR_WIDTH + BAR_GAP) - BAR_GAP;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(HEIGHT));
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'voice-wave');
  svg.dataset.testid = 'voice-waveform';
  const bars = points.map((value, i) => {
    // Silence still shows as a dot, so the clip's length reads as a line.
    const barHeight = Math.max(2, Math.round((Math.min(255, Math.max(0, value)) / 255) * HEIGHT));
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(i * (BAR_WIDTH + BAR_GAP)));
    bar.setAttribute('y', String((HEIGHT - barHeight) / 2));
    bar.setAttribute('width', String(BAR_WIDTH));
    bar.setAttribute('height', String(barHeight));
    bar.setAttribute('rx', '1');
    svg.append(bar);
    return bar;
  });
  let shown = -1;
  return {
    el: svg,
    played(fraction) {
      const upTo = Math.round(fraction * bars.length);
      if (upTo === shown) return;
      shown = upTo;
      bars.forEach((bar, i) => bar.classList.toggle('played', i < upTo));
      svg.dataset.played = String(upTo);
    },
  };
}

/** A button that steps the playback rate 1× → 1.5× → 2× → 1×; its name says what it does and where it is. */
function speedToggle(audio) {
  let at = 0;
  const button = h('button.btn.ghost.small.voice-speed', { type: 'button', dataset: { testid: 'voice-speed' } });
  function show() {
    const rate = SPEEDS[at];
    button.textContent = `${rate}×`;
    button.setAttribute('aria-label', `Playback speed ${rate}×, change to ${SPEEDS[(at + 1) % SPEEDS.length]}×`);
  }
  button.addEventListener('click', () => {
    at = (at + 1) % SPEEDS.length;
    audio.playbackRate = SPEEDS[at];
    // A new source (the browser reloading the clip) resets the rate: keep the chosen one.
    audio.defaultPlaybackRate = SPEEDS[at];
    show();
  });
  show();
  return button;
}
