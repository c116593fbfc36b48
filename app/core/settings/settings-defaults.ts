import type { Settings } from '../../common/settings';
import { DEFAULT_SHIFT_STARTS } from '../../common/handover';
import { knownCategories } from '../../common/category-names';
import type { CategorySwitches } from '../../common/settings';
import { categorySwitchesKey, perStreamKind, STREAM_KINDS, streamKind } from '../../common/stream-kinds';

/** The schema version written with the settings. Version 1 was the flat layout (settings-migrations). */
export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Settings = deepFreeze({
  connection: {
    environment: 'production',
    baseUrl: null,
    streams: perStreamKind((kind) => streamKind(kind).onByDefault),
    sites: [],
  },
  auth: {
    mode: 'client-credentials',
    clientId: '',
    scope: 'core_api.full',
    identityUrl: null,
  },
  notifications: {
    ...defaultCategorySwitches(),
    alwaysNotify: ['intrusion', 'tamper'],
    quietHours: { enabled: false, start: '22:00', end: '07:00' },
    storm: { maxCount: 5, windowSeconds: 60 },
    offlineNoticeMinutes: 5,
    escalation: { sound: 'alarm', volume: 80, repeatSeconds: 30, maxRepeats: 10, bringToFront: false, flashTaskbar: true, bounceDock: true },
    repeatOffender: { enabled: true, count: 4, minutes: 20 },
  },
  history: { maxEvents: 50_000, maxDays: 90 },
  general: { startAtLogin: false, shiftStarts: DEFAULT_SHIFT_STARTS },
  recovery: { enabled: true, restUrl: { production: null, accept: null }, lookBackHours: 24 },
  network: { proxyMode: 'system', proxyUrl: null, proxyUsername: '', noProxy: '', extraCaPem: null, tokenIn: 'header' },
  updates: { enabled: true, channel: 'stable', feedUrl: null },
});

/** The defaults are shared by every caller, so nobody may change them in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every known category of a kind switched to what its kind does by default (incidents on, entries off). */
function defaultCategorySwitches(): CategorySwitches {
  const switches = (kind: (typeof STREAM_KINDS)[number]) => Object.fromEntries(knownCategories(kind).map((c) => [c, streamKind(kind).notifyByDefault]));
  return Object.fromEntries(STREAM_KINDS.map((kind) => [categorySwitchesKey(kind), switches(kind)])) as CategorySwitches;
}
