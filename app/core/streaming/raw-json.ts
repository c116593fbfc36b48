/**
 * A message argument's text as a JSON string literal, for writers of JSON lines (the CLI's NDJSON).
 * The hub already sent exactly that literal inside its frame; the protocol remembers the latest
 * one, and the event made from that argument is written before the next message is read (one
 * thread, no await in between), so one slot is enough. Anything else is written by JSON.stringify.
 * The literal may spell characters differently from JSON.stringify (`\/`, `\u00e9`); it parses
 * to the same text.
 */
let lastRaw: string | null = null;
let lastJson = '';

/** Called by the protocol with an argument and its literal, exactly as received. */
export function rememberRawJson(raw: string, json: string): void {
  lastRaw = raw;
  lastJson = json;
}

/** `raw` as a JSON string literal: the hub's own text when it is the latest argument received. */
export function rawJson(raw: string): string {
  // Usually the very same string object, so this comparison costs nothing.
  return raw === lastRaw ? lastJson : JSON.stringify(raw);
}
