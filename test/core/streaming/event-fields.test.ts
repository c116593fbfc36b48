import { describe, expect, it } from 'vitest';
import { normaliseEvent } from '../../../app/core/streaming/events';
import { checkEvent, decodeRecord, encodeRecord } from '../../../app/core/history/history-records';

const context = { stream: 'entry' as const, site: null, receivedAt: '2026-08-19T12:50:21.000Z' };

describe('the fields public samples show', () => {
  it('reads the credential, exit request, IQ, site-local time and the person from a Connect-style record', () => {
    const event = normaliseEvent(
      {
        id: 'r-1',
        event_category: 'lock_rejected',
        event_detail: null,
        utc_date_time: '2026-08-19T12:50:20Z',
        local_date_time: '2026-08-19T14:50:20',
        access_by: 'tag',
        access_detail: '02306295',
        exit_requested: false,
        iq_id: 'iq-7',
        iq_customer_reference: 'IQ Ground floor',
        user_first_name: 'Ana',
        user_last_name: 'Ruiz',
      },
      context,
    );
    expect(event).toMatchObject({
      category: 'lock_rejected',
      detail: null,
      time: '2026-08-19T12:50:20.000Z',
      localTime: '2026-08-19T14:50:20',
      accessBy: 'tag',
      credential: '02306295',
      exitRequested: false,
      iq: { id: 'iq-7', name: 'IQ Ground floor' },
      person: 'Ana Ruiz',
    });
    expect(event.recovered).toBeUndefined();
  });

  it('takes an empty access detail as no credential, and reads names in any casing', () => {
    const handle = normaliseEvent({ id: 'o-1', event_category: 'lock_opened', access_by: 'inside_handle', access_detail: '', exit_requested: true }, context);
    expect([handle.credential, handle.exitRequested]).toEqual([null, true]);
    const pascal = normaliseEvent({ Id: 'p', UserFirstName: 'Bo', UserLastName: 'Li', ExitRequested: 'true', IqId: 'q' }, context);
    expect([pascal.person, pascal.exitRequested, pascal.iq]).toEqual(['Bo Li', true, { id: 'q', name: null }]);
    expect(normaliseEvent({ id: 'c', userFirstName: 'Cleo' }, context).person).toBe('Cleo');
    expect(normaliseEvent({ id: 'n', full_name: 'Dee Dee' }, context).person).toBe('Dee Dee');
    expect(normaliseEvent({ id: 'x', exit_requested: 'perhaps' }, context).exitRequested).toBeNull();
  });

  it('marks an event fetched after a gap as recovered', () => {
    expect(normaliseEvent({ id: 'r' }, { ...context, recovered: true }).recovered).toBe(true);
  });

  it('keeps the new fields through the history log, and still reads events stored without them', () => {
    const event = normaliseEvent({ id: 'h', access_detail: '1', iq_id: 'q', user_last_name: 'Ruiz' }, { ...context, recovered: true });
    const decoded = decodeRecord(encodeRecord({ t: 'e', e: event }).trim());
    expect(decoded).toEqual({ t: 'e', e: event });
    const { credential: _c, exitRequested: _e, iq: _i, person: _p, recovered: _r, ...older } = event;
    expect(checkEvent(older)).toEqual(older);
    expect(() => checkEvent({ ...event, recovered: 'yes' })).toThrow(/recovered/);
    expect(() => checkEvent({ ...event, iq: { id: 1, name: null } })).toThrow(/iq/);
    expect(() => checkEvent({ ...event, exitRequested: 'no' })).toThrow(/exitRequested/);
  });
});
