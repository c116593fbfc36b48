import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubscriptionState } from '../../app/common/models';
import { categoryWords, connectionErrorWords, eventSummary, gapText, relative, secretWords, shortTime, siteTimeInWords, subscriptionName, subscriptionState, timeInWords } from '../../renderer/format';
import { prettyRaw } from '../../renderer/history/details';
import { datePattern, dayBounds, parseDay } from '../../renderer/history/filters';
import { numberedEvent } from './fixtures';

// Times in words depend on the zone; pin it so the expectations hold on any machine.
const originalTz = process.env['TZ'];
beforeAll(() => {
  process.env['TZ'] = 'UTC';
});
afterAll(() => {
  process.env['TZ'] = originalTz;
  vi.useRealTimers();
});

const now = new Date('2026-11-28T10:00:00.000Z');

describe('times', () => {
  it('says today with seconds and another day with its date', () => {
    expect(shortTime('2026-11-28T09:05:07.000Z', now)).toBe('09:05:07');
    expect(shortTime('2026-11-27T23:59:00.000Z', now)).toBe('27 Nov 23:59');
    expect(shortTime('not a time', now)).toBe('not a time');
    expect(shortTime(null, now)).toBe('unknown time');
  });

  it('counts down in units people read', () => {
    expect(relative('2026-11-28T10:00:12.000Z', now)).toBe('in 12 s');
    expect(relative('2026-11-28T10:05:00.000Z', now)).toBe('in 5 min');
    expect(relative('2026-11-28T15:00:00.000Z', now)).toBe('in 5 h');
    expect(relative('2026-12-01T10:00:00.000Z', now)).toBe('in 3 days');
    expect(relative('2026-11-28T09:00:00.000Z', now)).toBe('now');
  });
});

describe('gaps', () => {
  it('reads "Offline 10:02–10:07 — events in this span were not received"', () => {
    const gap = { key: 'g', stream: 'entry' as const, site: null, from: '2026-11-28T10:02:00.000Z', to: '2026-11-28T10:07:00.000Z' };
    expect(gapText(gap, new Date('2026-11-28T12:00:00.000Z'))).toBe('Offline 10:02–10:07 — events in this span were not received');
    expect(gapText(gap, new Date('2026-11-29T12:00:00.000Z'))).toBe('Offline 28 Nov 10:02–10:07 — events in this span were not received');
    expect(gapText({ ...gap, to: '2026-11-29T01:00:00.000Z' }, now)).toBe('Offline 28 Nov 10:02 – 29 Nov 01:00 — events in this span were not received');
  });
});

describe('events in words', () => {
  it('names known categories like the notifications and humanises the rest', () => {
    expect(categoryWords('lock_opened')).toBe('Entry granted');
    expect(categoryWords('battery_critical')).toBe('Battery critical');
    expect(categoryWords(null)).toBe('Unrecognised message');
    expect(categoryWords('constructor')).toBe('Constructor');
  });

  it('summarises with the detail and cuts an unrecognised payload short', () => {
    expect(eventSummary(numberedEvent(1, { category: 'lock_rejected', detail: 'no_access' }))).toBe('Entry rejected: no access');
    const long = 'x'.repeat(1000);
    expect(eventSummary(numberedEvent(1, { category: null, raw: long }))).toBe(`Unrecognised message: ${'x'.repeat(160)}…`);
  });

  it('pretty-prints JSON payloads and leaves anything else exactly as received', () => {
    expect(prettyRaw('{"a":1,"b":[true]}')).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
    expect(prettyRaw('{"a":')).toBe('{"a":');
    expect(prettyRaw('<b>hi</b>')).toBe('<b>hi</b>');
    expect(prettyRaw('  42 ')).toBe('  42 ');
  });
});

describe('connection state in words', () => {
  const base: Omit<SubscriptionState, 'status'> = { id: 'entry:s', stream: 'entry', site: 's', lastError: null, lastEventAt: null, offlineSince: '2026-11-28T09:58:00.000Z' };
  it('names the subscription with the friendly site name when there is one', () => {
    expect(subscriptionName({ ...base, status: { phase: 'stopped' } }, () => 'Depot')).toBe('Entries · Depot');
    expect(subscriptionName({ ...base, status: { phase: 'stopped' } }, () => null)).toBe('Entries · s');
    expect(subscriptionName({ ...base, site: null, status: { phase: 'stopped' } }, () => null)).toBe('Entries · all sites');
  });

  it('says every phase, with the next retry', () => {
    const say = (status: SubscriptionState['status'], extra: Partial<SubscriptionState> = {}) => subscriptionState({ ...base, ...extra, status }, now);
    expect(say({ phase: 'connecting', attempt: 1 })).toBe('connecting');
    expect(say({ phase: 'connected', since: '2026-11-28T09:00:00.000Z' })).toBe('connected since 09:00:00, no events yet');
    expect(say({ phase: 'connected', since: '2026-11-28T09:00:00.000Z' }, { lastEventAt: '2026-11-28T09:30:00.000Z' })).toBe('connected since 09:00:00');
    expect(say({ phase: 'reconnecting', attempt: 4, nextRetryAt: '2026-11-28T10:00:30.000Z' })).toBe('reconnecting (attempt 4), next try at 10:00:30 (in 30 s)');
    expect(say({ phase: 'offline', attempt: 9, nextRetryAt: null })).toBe('offline since 09:58:00');
    expect(say({ phase: 'auth-failed', attempt: 2, nextRetryAt: '2026-11-28T10:01:00.000Z' })).toBe('sign-in refused (attempt 2), next try at 10:01:00 (in 60 s)');
    expect(say({ phase: 'stopped' })).toBe('stopped');
  });

  it('says where the secret is, never what it is', () => {
    expect(secretWords({ location: 'keychain', tokenValidUntil: null })).toBe('Stored in the system keychain');
    expect(secretWords({ location: 'session-only', tokenValidUntil: '2026-11-28T14:05:00.000Z' })).toMatch(/^Kept for this session only.*; token valid until 28 Nov 2026 14:05:00$/);
    expect(secretWords({ location: 'none', tokenValidUntil: null })).toBe('No secret stored');
  });
});

describe('date range', () => {
  it('turns calendar days into inclusive local bounds and refuses malformed ones', () => {
    expect(dayBounds('2026-11-27', 'start')).toBe('2026-11-27T00:00:00.000Z');
    expect(dayBounds('2026-11-27', 'end')).toBe('2026-11-27T23:59:59.999Z');
    expect(dayBounds('27/11/2026', 'start')).toBeNull();
  });
});

describe('dates typed in the OS locale', () => {
  it('reads the locale’s order with any separator, and year-month-day everywhere', () => {
    expect(datePattern('en-US')).toEqual({ order: ['month', 'day', 'year'], separator: '/' });
    expect(datePattern('de-DE')).toEqual({ order: ['day', 'month', 'year'], separator: '.' });
    expect(parseDay('11/5/2026', 'en-US')).toBe('2026-11-05');
    expect(parseDay('5/11/2026', 'en-GB')).toBe('2026-11-05');
    expect(parseDay('5.11.26', 'de-DE')).toBe('2026-11-05');
    expect(parseDay('2026-11-05', 'en-US')).toBe('2026-11-05');
    expect(parseDay('31/02/2026', 'en-GB')).toBeNull();
    expect(parseDay('5/11', 'en-GB')).toBeNull();
    expect(parseDay('', 'en-GB')).toBeNull();
  });
});

describe('times in words with their zone', () => {
  it('gives the site’s local time its UTC offset when the UTC time says what it is, and never an ISO string', () => {
    expect(timeInWords('2026-08-19T12:50:20Z')).toBe('19 Aug 2026 12:50:20 (UTC)');
    expect(siteTimeInWords('2026-08-19T14:50:20', '2026-08-19T12:50:20Z')).toBe('19 Aug 2026 14:50:20 (UTC+2)');
    expect(siteTimeInWords('2026-08-19T08:20:20', '2026-08-19T12:50:20.000Z')).toBe('19 Aug 2026 08:20:20 (UTC−4:30)');
    expect(siteTimeInWords('2026-08-19T12:50:20', '2026-08-19T12:50:20Z')).toBe('19 Aug 2026 12:50:20 (UTC)');
    // Times that disagree by a non-zone amount, or no UTC time at all: the site's time, said as such.
    expect(siteTimeInWords('2026-08-19T14:51:07', '2026-08-19T12:50:20Z')).toBe('19 Aug 2026 14:51:07 (the site’s time)');
    expect(siteTimeInWords('2026-08-19T14:50:20', null)).toBe('19 Aug 2026 14:50:20 (the site’s time)');
    expect(siteTimeInWords('yesterday', null)).toBe('yesterday');
    expect(siteTimeInWords(null, null)).toBeNull();
  });
});

describe('connection errors in words', () => {
  it('says what a known technical error means and leaves main’s own sentences alone', () => {
    expect(connectionErrorWords('WebSocket closed with code 1006')).toBe('the connection dropped (network)');
    expect(connectionErrorWords('WebSocket closed with status code: 1006 ().')).toBe('the connection dropped (network)');
    expect(connectionErrorWords('Unexpected server response: 401')).toBe('the server refused the sign-in');
    expect(connectionErrorWords('Failed to start the connection: Error: Unauthorized')).toBe('the server refused the sign-in');
    expect(connectionErrorWords('connect ECONNREFUSED 127.0.0.1:5080')).toBe('nothing answers at the server’s address');
    expect(connectionErrorWords('getaddrinfo ENOTFOUND hub.example')).toBe('the server’s name could not be found (DNS)');
    expect(connectionErrorWords("The server's certificate for hub.example is not trusted: issued by Example Corp Root.")).toBeNull();
  });
});
