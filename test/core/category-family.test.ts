import { describe, expect, it } from 'vitest';
import { anyCategoryMatches, categoryFamily, categoryMatches } from '../../app/common/category-family';
import { describeCategory } from '../../app/common/category-names';
import { AlertPolicy } from '../../app/core/alerts/alerts';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { normaliseEvent } from '../../app/core/streaming/events';
import type { Alert } from '../../app/core/ports';
import { ManualClock } from '../support/clock';

const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  intrusion: ['intrusion', 'intrusion_alarm', 'IntrusionAlarm', 'intrusionAlarm', 'INTRUSION_ALARM', 'Intrusion alarm', 'intrusion-alarm', 'door_forced_open'],
  tamper: ['tamper', 'tamper_alarm', 'TamperAlarm', 'tamperAlarm', 'TAMPER', 'Tamper alarm', 'lock_tampered'],
  door_left_open: ['door_left_open', 'left_open_alarm', 'LeftOpenAlarm', 'DoorLeftOpen', 'DLO', 'dlo', 'dlo_alarm', 'Door left open alarm', 'door-left-open'],
  low_battery: ['low_battery', 'LowBattery', 'lowBattery', 'LOW_BATTERY', 'low battery', 'battery_low', 'battery_critical', 'low_battery_alarm'],
};

describe('category families', () => {
  for (const [family, spellings] of Object.entries(SPELLINGS)) {
    it.each(spellings)(`%s is in the ${family} family`, (spelling) => {
      expect(categoryFamily(spelling)).toBe(family);
      // As the normaliser folds it, too.
      const folded = normaliseEvent({ id: '1', event_category: spelling }, { stream: 'incident', site: null, receivedAt: '2026-01-01T00:00:00Z' }).category;
      expect(categoryFamily(folded ?? '')).toBe(family);
      expect(categoryMatches(family, spelling)).toBe(true);
    });
  }

  it.each(['lock_opened', 'lock_rejected', 'easy_office_mode', 'office_mode', 'privacy_mode', 'sprinkler_fault', 'dlock', '', 'door_open', 'x'.repeat(300)])(
    '%s is in no family',
    (category) => {
      expect(categoryFamily(category)).toBeNull();
    },
  );

  it('matches across families never, and exact unknown names only to themselves', () => {
    expect(categoryMatches('intrusion', 'tamper_alarm')).toBe(false);
    expect(categoryMatches('sprinkler_fault', 'sprinkler_fault')).toBe(true);
    expect(categoryMatches('sprinkler_fault', 'sprinkler')).toBe(false);
    expect(anyCategoryMatches(['tamper', 'intrusion'], 'IntrusionAlarm')).toBe(true);
    expect(anyCategoryMatches([], 'intrusion')).toBe(false);
  });
});

describe('always-notify by family', () => {
  function run(category: string): Alert[] {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 23, 0));
    const alerts: Alert[] = [];
    const settings = { ...DEFAULT_SETTINGS.notifications, quietHours: { enabled: true, start: '22:00', end: '07:00' } };
    const policy = new AlertPolicy({ clock, settings: () => settings, siteName: () => null, notify: (a) => alerts.push(a), timeZone: 'UTC' });
    policy.handleEvent(normaliseEvent({ id: category, event_category: category, lock_customer_reference: 'Server room' }, { stream: 'incident', site: null, receivedAt: '2026-06-01T23:00:00Z' }));
    policy.dispose();
    return alerts;
  }

  it.each(['intrusion_alarm', 'IntrusionAlarm', 'tamper_alarm', 'TamperAlarm'])('%s breaks through quiet hours as urgent', (category) => {
    expect(run(category)).toEqual([expect.objectContaining({ urgent: true })]);
  });

  it.each(['left_open_alarm', 'DLO', 'battery_low'])('%s waits for quiet hours to end like its family', (category) => {
    expect(run(category)).toEqual([]);
  });
});

describe('category names', () => {
  it.each([
    ['incident', 'sprinkler_fault', null, 'Unknown incident type: sprinkler_fault'],
    ['incident', 'intrusion_alarm', null, 'Intrusion alarm'],
    ['incident', 'left_open_alarm', null, 'Left open alarm'],
    ['entry', 'lock_opened', null, 'Entry granted'],
    ['entry', 'lock_rejected', null, 'Entry rejected'],
    ['entry', 'easy_office_mode', 'start', 'Easy Office mode started'],
    ['entry', 'easy_office_mode', 'end', 'Easy Office mode ended'],
    ['entry', 'easy_office_mode', null, 'Easy Office mode'],
    ['entry', 'office_mode', null, 'Office mode'],
    ['entry', 'privacy_mode', 'start', 'Privacy mode started'],
    ['entry', 'privacy_mode', null, 'Privacy mode'],
  ] as const)('%s %s %s → %s', (stream, category, detail, words) => {
    expect(describeCategory(stream, category, detail)).toBe(words);
  });

  it('quotes an unknown incident type without control characters and cut to a sane length', () => {
    expect(describeCategory('incident', 'fire\u0007\nalarm', null)).toBe('Unknown incident type: firealarm');
    const long = describeCategory('incident', 'x'.repeat(10_000), null);
    expect(long.length).toBeLessThan(100);
    expect(long.endsWith('…')).toBe(true);
  });
});
