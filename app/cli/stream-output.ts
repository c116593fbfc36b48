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

/** A line of stdout, and whether every character in it is ASCII (see BufferedLines.add). */
export interface OutputLine {
  readonly text: string;
  readonly ascii: boolean;
}

/**
 * The stdout record: the contract's fields first, `raw` last. Written by hand: one object literal
 * less per event, and the same text JSON.stringify would write. `raw` is the hub's own JSON text of
 * the argument when there is one (rawJson), so the largest field is not escaped a second time.
 *
 * Every text field but `site` is read from `raw` or derived from what it holds. So when `raw` is
 * plain ASCII with no backslash (the usual payload), none of them can hold a quote, a backslash, a
 * control character or anything escapeJsonText would change (JSON text can only carry those
 * escaped), and each is written between quotes without looking at it; the line is ASCII unless the
 * site is not. Otherwise each goes through q, and the line through escapeJsonText when `raw` (or a
 * `\u` escape in it) or `site` needs it.
 */
export function eventLine(event: ClayEvent, typed: boolean): OutputLine {
  const raw = event.raw;
  const site = event.site;
  if (isPlainAscii(raw)) {
    const text = plainEventJson(event, typed);
    if (site === null) return { text, ascii: true };
    if (!hasJsonUnsafe(site)) return { text, ascii: isAscii(site) };
    return { text: escapeJsonText(text), ascii: false };
  }
  const text = eventJson(event, typed);
  const unsafe = (site !== null && hasJsonUnsafe(site)) || raw.includes('\\u') || hasJsonUnsafe(raw);
  return { text: unsafe ? escapeJsonText(text) : text, ascii: false };
}

function eventJson(event: ClayEvent, typed: boolean): string {
  const lock = event.lock;
  return (
    (typed ? '{"type":"event","stream":' : '{"stream":') + q(event.stream) + ',"site":' + q(event.site) + ',"id":' + q(event.id) +
    ',"category":' + q(event.category) + `,"${CATEGORY_TEXT_KEY}":` + q(event.categoryText ?? event.category) + ',"detail":' + q(event.detail) +
    ',"time":' + q(event.time) + ',"localTime":' + q(event.localTime) + ',"lock":{"id":' + q(lock.id) + ',"name":' + q(lock.name) +
    '},"accessor":' + q(event.accessor) + ',"accessBy":' + q(event.accessBy) + ',"siteName":' + q(event.siteName) +
    ',"receivedAt":' + q(event.receivedAt) + ',"key":' + q(event.key) + (event.recovered ? ',"recovered":true,"raw":' : ',"raw":') + rawJson(event.raw) + '}\n'
  );
}

/**
 * For the plain line: what goes before a value, with the quotes of the values on either side folded
 * in. Each value is written between quotes without looking at it (see eventLine), so the line is a
 * rope of half as many pieces as with each value quoted on its own, which V8 builds and copies into
 * the batch in about two thirds of the time (measured).
 */
type Pieces = readonly [afterNullNull: string, afterNullText: string, afterTextNull: string, afterTextText: string];

function pieces(prefix: string): Pieces {
  return [`${prefix}null`, `${prefix}"`, `"${prefix}null`, `"${prefix}"`];
}

const PLAIN = {
  id: pieces(',"id":'),
  category: pieces(',"category":'),
  categoryText: pieces(`,"${CATEGORY_TEXT_KEY}":`),
  detail: pieces(',"detail":'),
  time: pieces(',"time":'),
  localTime: pieces(',"localTime":'),
  lockId: pieces(',"lock":{"id":'),
  lockName: pieces(',"name":'),
  accessor: pieces('},"accessor":'),
  accessBy: pieces(',"accessBy":'),
  siteName: pieces(',"siteName":'),
  receivedAt: pieces(',"receivedAt":'),
};

/** Of a field's variants, the piece before `value`, which follows `before`. */
function piece(variants: Pieces, before: string | null, value: string | null): string {
  return variants[(before === null ? 0 : 2) + (value === null ? 0 : 1)]!;
}

function plainEventJson(event: ClayEvent, typed: boolean): string {
  const { id, category, detail, time, localTime, accessor, accessBy, siteName, receivedAt } = event;
  const categoryText = event.categoryText ?? category;
  const { id: lockId, name: lockName } = event.lock;
  // `x ?? ''` adds nothing for null: V8 returns the other side of a concatenation with ''.
  return (
    (typed ? '{"type":"event","stream":"' : '{"stream":"') + event.stream + '","site":' + q(event.site) +
    piece(PLAIN.id, null, id) + (id ?? '') + piece(PLAIN.category, id, category) + (category ?? '') +
    piece(PLAIN.categoryText, category, categoryText) + (categoryText ?? '') + piece(PLAIN.detail, categoryText, detail) + (detail ?? '') +
    piece(PLAIN.time, detail, time) + (time ?? '') + piece(PLAIN.localTime, time, localTime) + (localTime ?? '') +
    piece(PLAIN.lockId, localTime, lockId) + (lockId ?? '') + piece(PLAIN.lockName, lockId, lockName) + (lockName ?? '') +
    piece(PLAIN.accessor, lockName, accessor) + (accessor ?? '') + piece(PLAIN.accessBy, accessor, accessBy) + (accessBy ?? '') +
    piece(PLAIN.siteName, accessBy, siteName) + (siteName ?? '') + piece(PLAIN.receivedAt, siteName, receivedAt) + receivedAt +
    '","key":"' + event.key + (event.recovered ? '","recovered":true,"raw":' : '","raw":') + rawJson(event.raw) + '}\n'
  );
}

/**
 * ASCII without DEL or a backslash. Counting UTF-8 bytes is native, so this is a few times faster
 * than a regular expression over the same text.
 */
function isPlainAscii(text: string): boolean {
  return isAscii(text) && !text.includes('\\') && !text.includes('\x7f');
}

function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length;
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
