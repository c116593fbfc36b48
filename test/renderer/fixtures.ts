/** History items for the browser tests: small, explicit, and newest first by construction. */
import type { ClayEvent, HistoryItem, StatusSnapshot } from '../../app/common/models';
import { clayEvent } from '../support/events';
import { statusSnapshot } from '../support/status';

/** Event n of a list: incidents and entries alternate, a minute apart, newest first. */
export function numberedEvent(n: number, overrides: Partial<ClayEvent> = {}): ClayEvent {
  const stream = overrides.stream ?? (n % 2 === 0 ? 'incident' : 'entry');
  const time = overrides.time ?? new Date(Date.UTC(2026, 10, 27, 12, 0, 0) - n * 60_000).toISOString();
  const id = overrides.id ?? `e${n}`;
  const category = overrides.category !== undefined ? overrides.category : stream === 'incident' ? 'door_left_open' : 'lock_opened';
  return clayEvent({
    stream,
    site: 'site-hq',
    siteName: 'HQ reference',
    id,
    category,
    time,
    localTime: time.slice(0, 19),
    lock: { id: `lock-${n}`, name: `Door ${n}` },
    accessor: `user-${n}`,
    accessBy: 'tag',
    receivedAt: time,
    raw: JSON.stringify({ id, event_category: category, lock_customer_reference: `Door ${n}` }),
    ...overrides,
  });
}

export function eventItem(n: number, overrides: Partial<ClayEvent> = {}, read = false): HistoryItem {
  return { kind: 'event', event: numberedEvent(n, overrides), read, ack: null };
}

export function items(count: number, read = (n: number) => n % 2 === 1): HistoryItem[] {
  return Array.from({ length: count }, (_, n) => eventItem(n, {}, read(n)));
}

/**
 * One subscription connected, one retrying 40 s after `now`: the tray's worst phase is then
 * "connecting". Build it when the test starts, so a slow machine does not see the retry as due.
 */
export const connectedStatusAt = (now: number): StatusSnapshot => statusSnapshot({
  aggregate: 'connecting',
  subscriptions: [
    { id: 'incident:site-hq', stream: 'incident', site: 'site-hq', status: { phase: 'connected', since: '2026-11-27T11:00:00.000Z' }, lastError: null, lastEventAt: '2026-11-27T11:59:00.000Z', offlineSince: null },
    {
      id: 'entry:site-hq',
      stream: 'entry',
      site: 'site-hq',
      status: { phase: 'reconnecting', attempt: 3, nextRetryAt: new Date(now + 40_000).toISOString() },
      lastError: 'WebSocket closed with code 1006',
      lastEventAt: null,
      offlineSince: '2026-11-27T11:58:00.000Z',
    },
  ],
  unread: 3,
});

export const connectedStatus = connectedStatusAt(Date.now());
