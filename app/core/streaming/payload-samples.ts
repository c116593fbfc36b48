/**
 * The last raw payloads per stream, for "Copy diagnostics": the payload shape is unpublished, so a
 * user with a real site can send the first real samples. Anything that looks like a secret is
 * redacted (by key name and by the token patterns); ids, categories and times are kept as sent.
 */
import type { ClayEvent, StreamKind } from '../../common/models';
import { redact } from '../diagnostics/redact';
import { perStreamKind, STREAM_KINDS, streamTitlePlural } from '../../common/stream-kinds';

export const SAMPLES_PER_STREAM = 20;
/** A payload longer than this is cut in the sample: a sample shows the shape, not a megabyte. */
const MAX_SAMPLE_CHARS = 4000;
const MAX_DEPTH = 8;
const SECRET_KEY = /secret|password|passwd|pwd|token|api[-_]?key|authorization|bearer|session|cookie|signature|pin[-_]?code|^pin$/i;
const MASK = '[redacted]';

export class PayloadSamples {
  private readonly samples: Record<StreamKind, string[]> = perStreamKind(() => []);

  add(event: ClayEvent): void {
    const list = this.samples[event.stream];
    list.push(event.raw.length > MAX_SAMPLE_CHARS * 4 ? event.raw.slice(0, MAX_SAMPLE_CHARS * 4) : event.raw);
    if (list.length > SAMPLES_PER_STREAM) list.shift();
  }

  /** Oldest first per stream, each one line, secrets (and the literal `secrets`) redacted. */
  lines(secrets: readonly string[]): string[] {
    const lines: string[] = [];
    for (const stream of STREAM_KINDS) {
      const list = this.samples[stream];
      lines.push(`  ${streamTitlePlural(stream)} (${list.length})`);
      for (const raw of list) lines.push(`    ${redactPayload(raw, secrets)}`);
    }
    return lines;
  }
}

/** A payload as one line with secret-looking fields masked; non-JSON text goes through the token patterns. */
export function redactPayload(raw: string, secrets: readonly string[] = []): string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return cut(redact(raw.replace(/[\r\n]+/g, ' '), secrets));
  }
  return cut(redact(JSON.stringify(mask(value, 0)), secrets));
}

function mask(value: unknown, depth: number): unknown {
  if (typeof value === 'string' && depth < MAX_DEPTH) {
    // A double-encoded payload: mask inside it too.
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(mask(JSON.parse(trimmed), depth + 1));
      } catch {
        return value;
      }
    }
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => mask(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SECRET_KEY.test(key) && inner !== null && inner !== '' ? MASK : mask(inner, depth + 1)]),
  );
}

function cut(text: string): string {
  return text.length > MAX_SAMPLE_CHARS ? `${text.slice(0, MAX_SAMPLE_CHARS)}… (cut)` : text;
}
