/**
 * The one ClayEvent builder. Every field has a plain default (an entry with only a key, a category
 * and a payload); a test names only the fields it is about. The key follows the stream and id unless
 * given, and the payload names the id and category, as the hub's would.
 */
import type { ClayEvent, LockRef } from '../../app/common/models';

export type EventFields = Partial<Omit<ClayEvent, 'lock'>> & { readonly lock?: Partial<LockRef> };

export const RECEIVED_AT = '2026-01-15T10:00:00.000Z';

export function clayEvent(fields: EventFields = {}): ClayEvent {
  const { lock, ...rest } = fields;
  const stream = fields.stream ?? 'entry';
  const id = fields.id === undefined ? '1' : fields.id;
  const category = fields.category === undefined ? (stream === 'incident' ? 'door_left_open' : 'lock_opened') : fields.category;
  const time = fields.time ?? null;
  return {
    key: `${stream}:${id}`,
    stream,
    site: null,
    siteName: null,
    id,
    category,
    detail: null,
    time,
    localTime: null,
    lock: { id: null, name: null, ...lock },
    accessor: null,
    accessBy: null,
    receivedAt: time ?? RECEIVED_AT,
    raw: JSON.stringify({ id, event_category: category }),
    ...rest,
  };
}
