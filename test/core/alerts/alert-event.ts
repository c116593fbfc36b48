/** A ClayEvent for the alert tests: an incident at "Main entrance" of site-1 unless told otherwise. */
import type { ClayEvent } from '../../../app/common/models';
import { clayEvent, type EventFields } from '../../support/events';

let counter = 0;

export function alertEvent(overrides: EventFields = {}): ClayEvent {
  counter += 1;
  const { lock, ...rest } = overrides;
  return clayEvent({
    key: `incident:${counter}`,
    stream: 'incident',
    site: 'site-1',
    siteName: 'Payload site name',
    id: String(counter),
    category: 'door_left_open',
    raw: '{}',
    ...rest,
    lock: { id: 'lock-1', name: 'Main entrance', ...lock },
  });
}
