/**
 * The alarm sound, synthesised here at build time so the app ships a licence-clean file of its own:
 * three short two-tone beeps (880 Hz then 660 Hz), 16-bit mono PCM WAV, about 1.2 s. Pure code, no
 * Node built-ins, so the renderer's vite build can emit it as an asset.
 */
const SAMPLE_RATE = 22_050;
const BEEP_SECONDS = 0.16;
const GAP_SECONDS = 0.06;
const PAUSE_SECONDS = 0.12;
const TONES = [880, 660] as const;
const REPEATS = 3;
/** Short fades stop the clicks a square start or end would make. */
const FADE_SECONDS = 0.008;

function beepSamples(): number[] {
  const samples: number[] = [];
  const silence = (seconds: number): void => {
    for (let i = 0; i < Math.round(seconds * SAMPLE_RATE); i += 1) samples.push(0);
  };
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const tone of TONES) {
      const length = Math.round(BEEP_SECONDS * SAMPLE_RATE);
      const fade = Math.round(FADE_SECONDS * SAMPLE_RATE);
      for (let i = 0; i < length; i += 1) {
        const envelope = Math.min(1, i / fade, (length - 1 - i) / fade);
        samples.push(0.8 * envelope * Math.sin((2 * Math.PI * tone * i) / SAMPLE_RATE));
      }
      silence(GAP_SECONDS);
    }
    silence(PAUSE_SECONDS);
  }
  return samples;
}

/** The WAV file's bytes. */
export function alarmWav(): Uint8Array {
  const samples = beepSamples();
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
