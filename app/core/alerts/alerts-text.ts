/**
 * Notification text from untrusted event fields: plain, one line per part, bounded. OS
 * notifications render text, but control characters, bidi overrides and megabyte strings still
 * garble or spoof what the user reads.
 */

const CONTROL_OR_SPACE = /[\u0000-\u001f\u007f-\u009f\s]+/gu;
/** Bidi embeddings, overrides and isolates: they can make "Back door" display as something else. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One clean line of at most `max` characters; longer text ends in "…". */
export function plainText(value: string, max: number): string {
  // Only the head can be shown, so a megabyte string is cut before anything walks it.
  const head = value.slice(0, max * 4);
  const clean = head.replace(LONE_SURROGATE, '').replace(BIDI_CONTROLS, '').replace(CONTROL_OR_SPACE, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length <= max && head.length === value.length) return clean;
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Like plainText, but null for nothing left to show. */
export function plainOrNull(value: string | null, max: number): string | null {
  if (value === null) return null;
  const text = plainText(value, max);
  return text === '' || text === '…' ? null : text;
}
