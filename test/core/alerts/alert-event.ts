/** A ClayEvent for the alert tests: an incident at "Main entrance" of site-1 unless told otherwise. */
import type { ClayEvent } from '../../../app/common/models';

let counter = 0;

export function alertEvent(overrides: Partial<Omit<ClayEvent, 'lock'>> & { lock?: Partial<ClayEvent['lock']> } = {}): ClayEvent {
  counter += 1;
  const { lock, ...rest } = overrides;
  return {
    key: `incident:${counter}`,
    stream: 'incident',
    site: 'site-1',
    siteName: 'Payload site name',
    id: String(counter),
    category: 'door_left_open',
    detail: null,
    time: null,
    localTime: null,
    accessor: null,
    accessBy: null,
    receivedAt: '2026-01-15T10:00:00.000Z',
    raw: '{}',
    ...rest,
    lock: { id: 'lock-1', name: 'Main entrance', ...lock },
  };
}
