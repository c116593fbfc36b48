/**
 * What the simulated sites look like and the events they produce. Payloads use the Core REST
 * API's snake_case field names (docs/architecture.md §1); the real hub's shape is unverified.
 */
import { knownCategories } from '../common/category-names';
import { type StreamKind } from '../common/stream-kinds';
import { wallClock } from '../core/wall-clock';

/** The simulator serves one hub per stream kind in the app's list. */
export type HubStream = StreamKind;

export interface SimLock {
  readonly id: string;
  readonly name: string;
  readonly mac: string;
  readonly iqId: string;
  readonly iqName: string;
}

export interface SimSite {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly locks: readonly SimLock[];
}

// Fixed ids, so a restarted hub serves the same sites and saved settings keep working.
export const SIM_SITES: readonly SimSite[] = [
  {
    id: '3f1c9a52-7d4e-4b8a-9c61-2e5f0a8d7b14',
    name: 'Harbour Office',
    timeZone: 'Europe/Amsterdam',
    locks: [
      { id: 'a1d4e7f0-1b2c-4d3e-8f40-5a6b7c8d9e01', name: 'Main entrance', mac: '00:0C:5A:10:01:01', iqId: 'b7e1c2d3-0a4f-4e5d-9b6c-7d8e9f0a1b21', iqName: 'IQ Ground floor' },
      { id: 'a1d4e7f0-1b2c-4d3e-8f40-5a6b7c8d9e02', name: 'Server room', mac: '00:0C:5A:10:01:02', iqId: 'b7e1c2d3-0a4f-4e5d-9b6c-7d8e9f0a1b21', iqName: 'IQ Ground floor' },
      { id: 'a1d4e7f0-1b2c-4d3e-8f40-5a6b7c8d9e03', name: 'Meeting room 2', mac: '00:0C:5A:10:01:03', iqId: 'b7e1c2d3-0a4f-4e5d-9b6c-7d8e9f0a1b22', iqName: 'IQ First floor' },
      { id: 'a1d4e7f0-1b2c-4d3e-8f40-5a6b7c8d9e04', name: 'Bike storage', mac: '00:0C:5A:10:01:04', iqId: 'b7e1c2d3-0a4f-4e5d-9b6c-7d8e9f0a1b21', iqName: 'IQ Ground floor' },
    ],
  },
  {
    id: '8b2e6d10-4c7a-4f3b-a5d9-0e1f2a3b4c56',
    name: 'North Warehouse',
    timeZone: 'Europe/London',
    locks: [
      { id: 'c2e5f8a1-2c3d-4e4f-9a51-6b7c8d9e0f11', name: 'Loading dock', mac: '00:0C:5A:20:02:01', iqId: 'd8f2a3b4-1b5a-4f6e-8c7d-8e9f0a1b2c31', iqName: 'IQ Warehouse' },
      { id: 'c2e5f8a1-2c3d-4e4f-9a51-6b7c8d9e0f12', name: 'Staff entrance', mac: '00:0C:5A:20:02:02', iqId: 'd8f2a3b4-1b5a-4f6e-8c7d-8e9f0a1b2c31', iqName: 'IQ Warehouse' },
      { id: 'c2e5f8a1-2c3d-4e4f-9a51-6b7c8d9e0f13', name: 'Cold store', mac: '00:0C:5A:20:02:03', iqId: 'd8f2a3b4-1b5a-4f6e-8c7d-8e9f0a1b2c31', iqName: 'IQ Warehouse' },
    ],
  },
  {
    id: 'e4a7b9c2-5d8e-4a1f-b2c3-d4e5f6a7b8c9',
    name: 'City Library',
    timeZone: 'America/New_York',
    locks: [
      { id: 'e3f6a9b2-3d4e-4f5a-8b62-7c8d9e0f1a21', name: 'Main entrance', mac: '00:0C:5A:30:03:01', iqId: 'f9a3b4c5-2c6b-4a7f-9d8e-9f0a1b2c3d41', iqName: 'IQ Lobby' },
      { id: 'e3f6a9b2-3d4e-4f5a-8b62-7c8d9e0f1a22', name: 'Archive', mac: '00:0C:5A:30:03:02', iqId: 'f9a3b4c5-2c6b-4a7f-9d8e-9f0a1b2c3d41', iqName: 'IQ Lobby' },
      { id: 'e3f6a9b2-3d4e-4f5a-8b62-7c8d9e0f1a23', name: 'Staff room', mac: '00:0C:5A:30:03:03', iqId: 'f9a3b4c5-2c6b-4a7f-9d8e-9f0a1b2c3d42', iqName: 'IQ Basement' },
      { id: 'e3f6a9b2-3d4e-4f5a-8b62-7c8d9e0f1a24', name: 'Back door', mac: '00:0C:5A:30:03:04', iqId: 'f9a3b4c5-2c6b-4a7f-9d8e-9f0a1b2c3d42', iqName: 'IQ Basement' },
    ],
  },
];

export const INCIDENT_CATEGORIES = ['door_left_open', 'tamper', 'intrusion', 'low_battery'] as const;
export const ENTRY_CATEGORIES = ['lock_opened', 'lock_rejected', 'easy_office_mode'] as const;
/** How a door was opened, as public samples show it; the access detail is the tag number, else empty. */
const OPENED_BY = ['tag', 'tag', 'inside_handle', 'remote'] as const;
const LOW_BATTERY_DETAILS = ['battery_low', 'battery_critical'] as const;

/** mulberry32: small, fast and the same sequence for the same seed on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** The wall-clock time in a zone as `YYYY-MM-DDTHH:mm:ss`, without an offset, as the API writes it. */
function localTime(ms: number, timeZone: string): string {
  const t = wallClock(ms, timeZone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

export type GeneratedEvent = Record<string, unknown>;

/** A plausible firmware revision; the real format is unpublished. */
const IQ_REVISION = '2.1.0';

/** A stable MAC address per IQ, made from its id (SALTO's 00:0C:5A prefix, as the locks use). */
function iqMac(iqId: string): string {
  const hex = iqId.replace(/[^0-9a-f]/gi, '').slice(-6).padStart(6, '0').toUpperCase();
  return `00:0C:5A:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** The access fields of an event no person or credential caused. */
const NOBODY = { accessor_id: null, exit_requested: false, access_by: null, access_detail: null } as const;

/** Makes realistic incidents and entries; the same seed gives the same sequence (apart from times). */
export class EventGenerator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly now: () => number = Date.now,
    private readonly sites: readonly SimSite[] = SIM_SITES,
  ) {
    this.random = seededRandom(seed);
  }

  site(id: string): SimSite | undefined {
    return this.sites.find((s) => s.id === id);
  }

  next(stream: HubStream, siteId?: string): GeneratedEvent {
    const site = siteId === undefined ? this.pick(this.sites) : this.site(siteId);
    if (!site) throw new Error(`Unknown site "${siteId}". Known sites: ${this.sites.map((s) => s.id).join(', ')}`);
    const lock = this.pick(site.locks);
    const ms = this.now();
    const base = {
      id: this.uuid(),
      utc_date_time: `${new Date(ms).toISOString().slice(0, 19)}Z`,
      local_date_time: localTime(ms, site.timeZone),
      lock_id: lock.id,
      lock_customer_reference: lock.name,
      lock_mac_address: lock.mac,
      iq_id: lock.iqId,
      iq_customer_reference: lock.iqName,
      iq_mac_address: iqMac(lock.iqId),
      iq_revision: IQ_REVISION,
      collection_id: site.id,
      collection_customer_reference: site.name,
    };
    if (stream === 'incident') {
      const category = this.pick(INCIDENT_CATEGORIES);
      return {
        ...base,
        event_category: category,
        event_detail: category === 'low_battery' ? this.pick(LOW_BATTERY_DETAILS) : null,
        ...NOBODY,
      };
    }
    if (stream !== 'entry') {
      // A kind the simulator has no content of its own for yet: one of its named categories.
      const named = knownCategories(stream);
      return { ...base, event_category: named.length > 0 ? this.pick(named) : `${stream}_raised`, event_detail: null, ...NOBODY };
    }
    const roll = this.random();
    if (roll < 0.08) {
      // Easy Office mode: the door stays open after a first valid entry, until the end event.
      return { ...base, event_category: 'easy_office_mode', event_detail: this.random() < 0.5 ? 'start' : 'end', ...NOBODY };
    }
    if (roll < 0.8) {
      const accessBy = this.pick(OPENED_BY);
      const exitRequested = accessBy === 'inside_handle';
      return {
        ...base,
        event_category: 'lock_opened',
        event_detail: null,
        accessor_id: accessBy === 'tag' ? this.uuid() : null,
        exit_requested: exitRequested,
        access_by: accessBy,
        access_detail: accessBy === 'tag' ? this.tagNumber() : '',
      };
    }
    // Public samples give no reason for a rejection, so none is invented.
    return {
      ...base,
      event_category: 'lock_rejected',
      event_detail: null,
      accessor_id: this.uuid(),
      exit_requested: false,
      access_by: 'tag',
      access_detail: this.tagNumber(),
    };
  }

  /** Eight digits with leading zeros, like `02306295` in public samples. */
  private tagNumber(): string {
    return String(Math.floor(this.random() * 1e8)).padStart(8, '0');
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** A version-4 UUID drawn from the seeded sequence, so tests can predict ids. */
  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
