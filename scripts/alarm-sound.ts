/**
 * The alarm sounds, synthesised here at build time so the app ships licence-clean files of its own,
 * each 16-bit mono PCM WAV of about 1.2 s, distinct enough to tell apart without looking:
 * - alarm: three short two-tone beeps (880 Hz then 660 Hz);
 * - chime: three soft rising bell notes (C6, E6, G6) that fade out;
 * - siren: two sweeps up and down between 600 and 1300 Hz.
 * Pure code, no Node built-ins, so the renderer's vite build can emit them as assets.
 */
import type { AlarmSoundId } from '../app/common/alarm';

const SAMPLE_RATE = 22_050;
/** Short fades stop the clicks a square start or end would make. */
const FADE_SECONDS = 0.008;

function silence(samples: number[], seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SAMPLE_RATE); i += 1) samples.push(0);
}

function beepSamples(): number[] {
  const samples: number[] = [];
  for (let repeat = 0; repeat < 3; repeat += 1) {
    for (const tone of [880, 660]) {
      const length = Math.round(0.16 * SAMPLE_RATE);
      const fade = Math.round(FADE_SECONDS * SAMPLE_RATE);
      for (let i = 0; i < length; i += 1) {
        const envelope = Math.min(1, i / fade, (length - 1 - i) / fade);
        samples.push(0.8 * envelope * Math.sin((2 * Math.PI * tone * i) / SAMPLE_RATE));
      }
      silence(samples, 0.06);
    }
    silence(samples, 0.12);
  }
  return samples;
}

/** A bell: the note and its octave, struck and decaying. */
function chimeSamples(): number[] {
  const samples: number[] = [];
  const fade = Math.round(FADE_SECONDS * SAMPLE_RATE);
  for (const tone of [1046.5, 1318.5, 1568]) {
    const length = Math.round(0.38 * SAMPLE_RATE);
    for (let i = 0; i < length; i += 1) {
      const t = i / SAMPLE_RATE;
      const envelope = Math.min(1, i / fade, (length - 1 - i) / fade) * Math.exp(-6 * t);
      samples.push(0.7 * envelope * (0.8 * Math.sin(2 * Math.PI * tone * t) + 0.2 * Math.sin(4 * Math.PI * tone * t)));
    }
    silence(samples, 0.02);
  }
  return samples;
}

/** A sweep up and down, twice; the phase is integrated so the pitch glides without clicks. */
function sirenSamples(): number[] {
  const samples: number[] = [];
  const length = Math.round(1.2 * SAMPLE_RATE);
  const fade = Math.round(FADE_SECONDS * SAMPLE_RATE);
  let phase = 0;
  for (let i = 0; i < length; i += 1) {
    const t = i / SAMPLE_RATE;
    const sweep = 0.5 - 0.5 * Math.cos(2 * Math.PI * (t / 0.6));
    phase += (2 * Math.PI * (600 + 700 * sweep)) / SAMPLE_RATE;
    const envelope = Math.min(1, i / fade, (length - 1 - i) / fade);
    samples.push(0.6 * envelope * Math.sin(phase));
  }
  return samples;
}

const SYNTHESISERS: Readonly<Record<AlarmSoundId, () => number[]>> = { alarm: beepSamples, chime: chimeSamples, siren: sirenSamples };

/** The WAV file's bytes for one of the bundled sounds. */
export function alarmWav(sound: AlarmSoundId = 'alarm'): Uint8Array {
  const samples = SYNTHESISERS[sound]();
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  samples.forEach((sample, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, sample)) * 32_767), true));
  return bytes;
}
