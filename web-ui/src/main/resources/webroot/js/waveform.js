// A voice clip's waveform: 64 amplitudes 0-255 (the server's `waveform`), computed in the browser, which has the
// decoded audio: the clip it just recorded, or an audio file it is about to upload and can play. The loudest of the
// 64 stretches is 255, so a quiet recording still shows its shape. The server only keeps it on voice clips.

export const WAVEFORM_POINTS = 64;

/** Audio files up to this size are decoded for their waveform before upload (voice clips are at most 10 MiB). */
const MAX_DECODED_BYTES = 10 * 1024 * 1024;

/** The 64 peaks of the decoded samples, scaled so that the loudest is 255; null when there is no sound. */
export function peaks(samples) {
  if (!samples.length) return null;
  const points = new Array(WAVEFORM_POINTS).fill(0);
  for (let p = 0; p < WAVEFORM_POINTS; p++) {
    const from = Math.floor((p * samples.length) / WAVEFORM_POINTS);
    const to = Math.max(from + 1, Math.floor(((p + 1) * samples.length) / WAVEFORM_POINTS));
    let peak = 0;
    for (let i = from; i < to && i < samples.length; i++) {
      const v = Math.abs(samples[i]);
      if (v > peak) peak = v;
    }
    points[p] = peak;
  }
  const loudest = Math.max(...points);
  return loudest > 0 ? points.map((v) => Math.round((v / loudest) * 255)) : null;
}

/**
 * The waveform of an audio blob, or null when this browser cannot decode it (or it is neither audio nor video, or too
 * large to be a voice clip). Never throws: the clip goes up without one.
 */
export async function waveformOf(blob) {
  // video/*: a picked file's type comes from its extension, and an audio-only .webm is "video/webm".
  if (!blob || blob.size > MAX_DECODED_BYTES || !/^(audio|video)\//.test(blob.type || '')) return null;
  const Context = window.OfflineAudioContext || window.webkitOfflineAudioContext;
  if (!Context) return null;
  try {
    // Any rate works for decoding; the context only needs to exist.
    const context = new Context(1, 1, 44100);
    const audio = await context.decodeAudioData(await blob.arrayBuffer());
    return peaks(mixDown(audio));
  } catch {
    return null;
  }
}

/** The channels' samples averaged into one. */
function mixDown(audio) {
  if (audio.numberOfChannels === 1) return audio.getChannelData(0);
  const mixed = new Float32Array(audio.length);
  for (let c = 0; c < audio.numberOfChannels; c++) {
    const channel = audio.getChannelData(c);
    for (let i = 0; i < channel.length; i++) mixed[i] += channel[i] / audio.numberOfChannels;
  }
  return mixed;
}
