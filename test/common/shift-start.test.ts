import { describe, expect, it } from 'vitest';
import { currentShiftStart } from '../../app/common/handover';
import { readSettings } from '../../app/common/settings-rules';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';

/** Local wall-clock times (the test runs in whatever zone the machine has; the function works in local time). */
const at = (y: number, m: number, d: number, h: number, min: number): Date => new Date(y, m - 1, d, h, min);

describe('the start of the current shift', () => {
  const starts = ['06:00', '14:00', '22:00'];
  it('is the latest start passed today', () => {
    expect(currentShiftStart(at(2026, 11, 28, 15, 30), starts)).toEqual(at(2026, 11, 28, 14, 0));
    expect(currentShiftStart(at(2026, 11, 28, 14, 0), starts)).toEqual(at(2026, 11, 28, 14, 0));
    expect(currentShiftStart(at(2026, 11, 28, 23, 59), starts)).toEqual(at(2026, 11, 28, 22, 0));
  });

  it('is yesterday evening\'s start in the small hours, also across a month end', () => {
    expect(currentShiftStart(at(2026, 12, 1, 3, 10), starts)).toEqual(at(2026, 11, 30, 22, 0));
  });

  it('takes the starts in any order, and midnight when there are none', () => {
    expect(currentShiftStart(at(2026, 11, 28, 9, 0), ['18:30', '07:15'])).toEqual(at(2026, 11, 28, 7, 15));
    expect(currentShiftStart(at(2026, 11, 28, 9, 0), [])).toEqual(at(2026, 11, 28, 0, 0));
  });
});

describe('shift start times in Settings', () => {
  const withStarts = (shiftStarts: unknown): unknown => ({ ...DEFAULT_SETTINGS, general: { ...DEFAULT_SETTINGS.general, shiftStarts } });

  it('default to three eight-hour shifts and are kept earliest first', () => {
    expect(DEFAULT_SETTINGS.general.shiftStarts).toEqual(['06:00', '14:00', '22:00']);
    expect(readSettings(withStarts(['22:00', '07:00'])).settings?.general.shiftStarts).toEqual(['07:00', '22:00']);
  });

  it.each([
    [[], 'Shift start times: enter at least one time, like 06:00.'],
    [['6am'], 'Shift start times: enter 24-hour times like 06:00, separated by commas.'],
    [['24:00'], 'Shift start times: enter 24-hour times like 06:00, separated by commas.'],
    [['06:00', '06:00'], 'Shift start times: 06:00 is listed twice.'],
    [Array.from({ length: 13 }, (_, i) => `${String(i).padStart(2, '0')}:00`), 'Shift start times: at most 12 shifts a day.'],
    ['06:00', 'Shift start times: enter at least one time, like 06:00.'],
  ])('refuses %j in words', (value, message) => {
    const { settings, problems } = readSettings(withStarts(value));
    expect(settings).toBeNull();
    expect(problems).toEqual([{ path: 'general.shiftStarts', message }]);
  });
});
