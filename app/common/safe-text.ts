/**
 * Text from the network (close reasons, handshake errors, payloads) made safe where it is shown.
 * A terminal obeys control codes (ESC[2J clears the screen, OSC 52 writes the clipboard) and bidi
 * overrides reorder what the reader sees, so both are written as visible escapes; lines are capped.
 * Pure: used by the CLI's status lines and NDJSON, and by the logs of the CLI and the app.
 */

/** About how long one shown piece of network text may be. */
export const SHOWN_TEXT_MAX = 500;

// C0 and DEL, C1, the Arabic letter mark, LRM/RLM, line/paragraph separators, bidi embeddings,
// overrides and isolates.
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeCode(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * One line of plain, visible text: control and bidi characters as `\xNN` / `\uNNNN`, cut to about
 * `max` characters with a note of how much was left out.
 */
export function safeLine(text: string, max: number = SHOWN_TEXT_MAX): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(UNSAFE_IN_LINE, escapeCode);
  return text.length > max ? `${escaped}… (${text.length - max} more characters)` : escaped;
}

// Inside JSON text these may only occur in strings, where `\uNNNN` means the same character.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_IN_JSON_ALL = new RegExp(UNSAFE_IN_JSON.source, 'g');

function jsonEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * JSON.stringify's output with C1 controls, DEL, U+2028/U+2029 and bidi controls written as
 * `\uNNNN`, so a line of NDJSON shown in a terminal or pasted into JavaScript is what it says.
 * The parsed value is unchanged.
 */
export function escapeJsonText(json: string): string {
  return hasJsonUnsafe(json) ? json.replace(UNSAFE_IN_JSON_ALL, jsonEscape) : json;
}

/** Whether escapeJsonText would change JSON text that contains `text`. */
export function hasJsonUnsafe(text: string): boolean {
  return UNSAFE_IN_JSON.test(text);
}
