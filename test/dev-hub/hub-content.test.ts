import { describe, expect, it } from 'vitest';
import { ENTRY_CATEGORIES, EventGenerator, INCIDENT_CATEGORIES, SIM_SITES, seededRandom } from '../../app/dev-hub/hub-content';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REST_FIELDS = [
  'id', 'event_category', 'event_detail', 'utc_date_time', 'local_date_time', 'lock_id', 'lock_customer_reference',
  'lock_mac_address', 'accessor_id', 'iq_id', 'iq_customer_reference', 'iq_mac_address', 'iq_revision', 'collection_id', 'collection_customer_reference',
  'exit_requested', 'access_by', 'access_detail',
];
// 2026-07-01T12:34:56Z: summer time in every simulated zone.
const FIXED = Date.UTC(2026, 6, 1, 12, 34, 56);

describe('simulated content', () => {
  it('has three sites with unique ids and several named locks each', () => {
    expect(SIM_SITES).toHaveLength(3);
    const ids = SIM_SITES.flatMap((s) => [s.id, ...s.locks.map((l) => l.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const site of SIM_SITES) {
      expect(site.id).toMatch(UUID);
      expect(site.locks.length).toBeGreaterThanOrEqual(3);
    }
    expect(SIM_SITES.flatMap((s) => s.locks.map((l) => l.name))).toContain('Main entrance');
  });

  it('gives the same sequence for the same seed and another for another seed', () => {
    const run = (seed: number): unknown[] => {
      const g = new EventGenerator(seed, () => FIXED);
      return [g.next('incident'), g.next('entry'), g.next('entry')];
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const random = seededRandom(1);
    const values = Array.from({ length: 1000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('writes incidents with the REST field names, known categories and site-local time', () => {
    const generator = new EventGenerator(9, () => FIXED);
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i += 1) {
      const e = generator.next('incident');
      expect(Object.keys(e).sort()).toEqual([...REST_FIELDS].sort());
      expect(INCIDENT_CATEGORIES).toContain(e.event_category);
      expect(e.id).toMatch(UUID);
      expect(e.utc_date_time).toBe('2026-07-01T12:34:56Z');
      const site = SIM_SITES.find((s) => s.id === e.collection_id);
      expect(site?.name).toBe(e.collection_customer_reference);
      expect(site?.locks.find((l) => l.id === e.lock_id)?.name).toBe(e.lock_customer_reference);
      const local = { 'Europe/Amsterdam': '2026-07-01T14:34:56', 'Europe/London': '2026-07-01T13:34:56', 'America/New_York': '2026-07-01T08:34:56' };
      expect(e.local_date_time).toBe(local[site?.timeZone as keyof typeof local]);
      seen.add(e.event_category);
    }
    expect(seen.size).toBe(INCIDENT_CATEGORIES.length);
  });

  it('writes entries as public samples show them: tag numbers, no invented rejection reasons, Easy Office start and end', () => {
    const generator = new EventGenerator(11, () => FIXED);
    const accessBy = new Set<unknown>();
    const officeModes = new Set<unknown>();
    let rejected = 0;
    for (let i = 0; i < 400; i += 1) {
      const e = generator.next('entry', SIM_SITES[2]?.id);
      expect(Object.keys(e).sort()).toEqual([...REST_FIELDS].sort());
      expect(ENTRY_CATEGORIES).toContain(e.event_category);
      expect(e.collection_id).toBe(SIM_SITES[2]?.id);
      expect(e.utc_date_time).toBe('2026-07-01T12:34:56Z');
      expect(e.local_date_time).toBe('2026-07-01T08:34:56');
      expect(typeof e.iq_id).toBe('string');
      expect(typeof e.iq_customer_reference).toBe('string');
      expect(e.iq_mac_address).toMatch(/^00:0C:5A(:[0-9A-F]{2}){3}$/);
      if (e.event_category === 'lock_opened') {
        accessBy.add(e.access_by);
        expect(e.access_detail).toMatch(e.access_by === 'tag' ? /^\d{8}$/ : /^$/);
        expect(e.exit_requested).toBe(e.access_by === 'inside_handle');
      } else if (e.event_category === 'lock_rejected') {
        rejected += 1;
        expect(e.event_detail).toBeNull();
        expect(e.access_by).toBe('tag');
        expect(e.access_detail).toMatch(/^\d{8}$/);
      } else {
        officeModes.add(e.event_detail);
      }
    }
    expect([...accessBy].sort()).toEqual(['inside_handle', 'remote', 'tag']);
    expect([...officeModes].sort()).toEqual(['end', 'start']);
    expect(rejected).toBeGreaterThan(10);
  });

  it('names the known sites when asked for an unknown one', () => {
    expect(() => new EventGenerator(1).next('incident', 'nope')).toThrow(/Unknown site "nope".*3f1c9a52/);
  });
});
