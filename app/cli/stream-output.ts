/** `clay-tray stream`'s output: the stdout records and the words of its status lines. */
import type { ClayEvent, GapRecovery, OfflineGap, SubscriptionState } from '../common/models';
import { escapeJsonText, hasJsonUnsafe } from '../common/safe-text';
import { tokenExpiry } from '../core/streaming/auth';
import { rawJson } from '../core/streaming/raw-json';

/** `1 event`, `2 events`; `1 try`, `2 tries`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

const CATEGORY_TEXT_KEY = 'categoryText';

/**
 * The stdout record: the contract's fields first, `raw` last. Written by hand around JSON.stringify
 * of each value: one object literal less per event, and the same values JSON.stringify would
 * write. `raw` is the hub's own JSON text of the argument when there is one (rawJson), so the
 * largest field is not escaped a second time. Every text field but `site` is read from `raw` (or
 * derived from what it holds), so checking `raw` (for the characters themselves, or a `\u` escape
 * that may spell one) and `site` covers the whole line at a fraction of the cost.
 */
export function eventLine(event: ClayEvent, typed: boolean): string {
  const lock = event.lock;
  const raw = event.raw;
  const json =
    `{${typed ? '"type":"event",' : ''}"stream":${q(event.stream)},"site":${q(event.site)},"id":${q(event.id)},"category":${q(event.category)},` +
    `"${CATEGORY_TEXT_KEY}":${q(event.categoryText ?? event.category)},"detail":${q(event.detail)},"time":${q(event.time)},"localTime":${q(event.localTime)},` +
    `"lock":{"id":${q(lock.id)},"name":${q(lock.name)}},"accessor":${q(event.accessor)},"accessBy":${q(event.accessBy)},"siteName":${q(event.siteName)},` +
    `"receivedAt":${q(event.receivedAt)},"key":${q(event.key)},${event.recovered ? '"recovered":true,' : ''}"raw":${rawJson(raw)}}`;
  const unsafe = raw.includes('\\u') || quickHasJsonUnsafe(raw) || (event.site !== null && hasJsonUnsafe(event.site));
  return `${unsafe ? escapeJsonText(json) : json}\n`;
}

/**
 * hasJsonUnsafe, with a quick answer for the usual payload: every character it looks for is DEL or
 * beyond ASCII, and counting UTF-8 bytes (native) plus finding DEL is a few times faster than the
 * regular expression over the same text.
 */
function quickHasJsonUnsafe(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') === text.length && !text.includes('\x7f')) return false;
  return hasJsonUnsafe(text);
}

/** Text JSON.stringify writes as it is, between quotes: no quote, backslash, C0 control or surrogate. */
const PLAIN_JSON_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/**
 * A text or null as JSON, exactly as JSON.stringify writes it. Most fields are plain short text
 * (ids, names, times) or null, and for those this is about twice as fast as calling JSON.stringify.
 */
function q(value: string | null): string {
  if (value === null) return 'null';
  return PLAIN_JSON_TEXT.test(value) ? `"${value}"` : JSON.stringify(value);
}

export function gapLine(gap: OfflineGap, reason: string): string {
  return `${escapeJsonText(JSON.stringify({ type: 'gap', stream: gap.stream, site: gap.site, from: gap.from, to: gap.to, reason }))}\n`;
}

/** With --recover and --gaps: what fetching the gap from the Core REST API achieved, as it changes. */
export function gapOutcomeLine(gap: OfflineGap, recovery: GapRecovery): string {
  const { state, recovered, reason } = recovery;
  return `${escapeJsonText(JSON.stringify({ type: 'gap-recovery', stream: gap.stream, site: gap.site, from: gap.from, to: gap.to, state, recovered, reason }))}\n`;
}

/** `incident` or `incident:<site>`, as status lines name a subscription. */
export function subscriptionId(gap: OfflineGap): string {
  return gap.site === null ? gap.stream : `${gap.stream}:${gap.site}`;
}

export function statusText(state: SubscriptionState, now: number): string {
  const { status } = state;
  const error = state.lastError ? `: ${state.lastError}` : '';
  const next = (at: string | null): string => (at ? `, next try in ${Math.max(0, (Date.parse(at) - now) / 1000).toFixed(1)} s` : '');
  switch (status.phase) {
    case 'connecting':
      return `connecting (attempt ${status.attempt})`;
    case 'connected':
      return 'connected; waiting for events (a site without the streaming feature sends none)';
    case 'reconnecting':
      return status.nextRetryAt ? `reconnecting (attempt ${status.attempt}${next(status.nextRetryAt)})${error}` : `reconnecting (attempt ${status.attempt})`;
    case 'offline':
      return `offline (attempt ${status.attempt}${next(status.nextRetryAt)})${error}`;
    case 'auth-failed':
      return `authentication failed (attempt ${status.attempt}${next(status.nextRetryAt)})${error}`;
    case 'stopped':
      return 'stopped';
  }
}

/** Why the credentials were refused, in words a script's log can carry. */
export function refusalReason(lastError: string | null, token: string | null, now: number): string {
  const expiry = token === null ? null : tokenExpiry(token);
  if (expiry !== null && Date.parse(expiry) <= now) return `the token expired at ${expiry.replace(/\.000Z$/, 'Z')}`;
  const code = /^The identity server refused the client id or secret/.test(lastError ?? '') ? 'invalid_client: ' : /refused the scope/.test(lastError ?? '') ? 'invalid_scope: ' : '';
  return `${code}${lastError ?? 'refused'}`;
}
