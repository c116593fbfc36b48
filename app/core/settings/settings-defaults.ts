import type { Settings } from '../../common/settings';
import { DEFAULT_SHIFT_STARTS } from '../../common/handover';
import { KNOWN_ENTRY_CATEGORIES, KNOWN_INCIDENT_CATEGORIES } from '../../common/category-names';

/** The schema version written with the settings. Version 1 was the flat layout (settings-migrations). */
export const SETTINGS_VERSION = 2;

export const DEFAULT_SETTINGS: Settings = deepFreeze({
  connection: {
    environment: 'production',
    baseUrl: null,
    streams: { incident: true, entry: true },
    sites: [],
  },
  auth: {
    mode: 'client-credentials',
    clientId: '',
    scope: 'core_api.full',
    identityUrl: null,
  },
  notifications: {
    incidentCategories: Object.fromEntries(KNOWN_INCIDENT_CATEGORIES.map((c) => [c, true])),
    entryCategories: Object.fromEntries(KNOWN_ENTRY_CATEGORIES.map((c) => [c, false])),
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
