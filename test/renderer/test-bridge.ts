/**
 * A test implementation of the `window.clay` bridge, bundled to an IIFE and injected with
 * page.addInitScript before the renderer loads. It keeps an in-memory history with main's query
 * semantics, validates settings with main's own schema, records every call, and exposes
 * `window.__clayTest` so a test can seed data, push events and read what the window asked for.
 */
import type {
  ClayApi,
  ConnectionTestReport,
  EventChannel,
  ExportOutcome,
  IpcEventMap,
} from '../../app/common/ipc-contract';
import type { AboutInfo, ClayEvent, HistoryFilter, HistoryItem, HistoryPage, HistoryQuery, OfflineGap, SecretStatus, StatusSnapshot, UpdateState } from '../../app/common/models';
import type { Result } from '../../app/common/result';
import type { Settings, SettingsPatch } from '../../app/common/settings';
import type { Handover } from '../../app/common/handover';
import { readSettings } from '../../app/common/settings-rules';
import { computeHandover, type HandoverSource } from '../../app/core/history/handover';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { STUB_ABOUT } from '../fakes/about-info';
import { statusSnapshot } from '../fakes/status-snapshot';

declare global {
  interface Window {
    readonly __clayTest: TestControl;
    readonly clay: ClayApi;
  }
}

export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

interface Stored {
  item: HistoryItem;
  readonly time: string;
  /** `time` in ms, for the handover's range walk. */
  readonly at: number;
  /** Lower-cased search text, built once: filtering 100,000 items must not re-lower every string. */
  readonly hay: string;
}

export interface TestControl {
  readonly calls: RecordedCall[];
  /**
   * When the fake main worked synchronously in the page (main does that in its own process): the
   * benchmark leaves tasks holding such work out of the window's own figures.
   */
  readonly mainWork: { readonly start: number; readonly duration: number }[];
  seed(items: readonly HistoryItem[]): void;
  /** Deterministic synthetic history for the benchmark, newest first. */
  seedGenerated(count: number): void;
  add(items: readonly HistoryItem[]): void;
  emit<C extends EventChannel>(channel: C, payload: IpcEventMap[C]): void;
  setStatus(status: StatusSnapshot): void;
  setTestReport(report: ConnectionTestReport): void;
  setExportOutcome(outcome: ExportOutcome): void;
  /** While held, an export stays in flight (as one writing a large file does) until released. */
  holdExports(held: boolean): void;
  useSettings(settings: Settings): void;
  /** Main's schema can refuse what the window let through; the next update answers this failure. */
  failNextSettingsUpdate(message: string): void;
  settings(): Settings;
  size(): number;
  /** Where the handover's span ends (main's "now"; the page's clock until set). */
  setHandoverNow(iso: string): void;
  /** What About answers from now on (the window asks once, at start). */
  setAbout(about: AboutInfo): void;
  setUpdate(state: UpdateState): void;
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const failure = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
/**
 * An IPC request is handled in another process and its answer arrives as a new task. Main's work is
 * done here in a task of its own too, so it never runs inside the renderer's scroll or key handler.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
// Answers cross IPC as copies; so do they here, so the renderer cannot mutate the store by accident.
// And like an IPC answer they arrive in a task of their own, apart from the work that made them.
const answer = async <T>(value: Result<T>): Promise<Result<T>> => {
  const copy = structuredClone(value);
  await nextTask();
  return copy;
};

function searchText(item: HistoryItem): string {
  if (item.kind === 'gap') return '';
  const e = item.event;
  return [e.category, e.detail, e.lock.name, e.lock.id, e.site, e.siteName, e.accessor, e.raw].filter((v) => v !== null).join('\n').toLowerCase();
}

/** Main places a gap at its end, the moment the missed span became known. */
function timeOf(item: HistoryItem): string {
  return item.kind === 'gap' ? item.gap.to : (item.event.time ?? item.event.receivedAt);
}

function toStored(item: HistoryItem): Stored {
  const time = timeOf(item);
  return { item, time, at: Date.parse(time), hay: searchText(item) };
}

/** Main's rule: an empty list means "any", like an unset one. */
function chosen(values: readonly string[] | undefined): readonly string[] | null {
  return values === undefined || values.length === 0 ? null : values;
}

/**
 * Main's rule for gaps (app/core/history/history-index.ts): a gap overlapping the date range shows
 * under stream, site, category and text filters, since its span may have held matching events; an
 * all-sites gap shows under any site; unread-only and the acknowledgement filters hide every gap.
 */
function gapMatches(gap: OfflineGap, filter: HistoryFilter): boolean {
  const streams = chosen(filter.streams);
  const sites = chosen(filter.sites);
  if (filter.unreadOnly || filter.acknowledgement !== undefined) return false;
  if (streams && !streams.includes(gap.stream)) return false;
  if (sites && gap.site !== null && !sites.includes(gap.site)) return false;
  if (filter.from !== undefined && gap.to < filter.from) return false;
  return filter.to === undefined || gap.from <= filter.to;
}

function matches(stored: Stored, filter: HistoryFilter, text: string | null): boolean {
  const { item } = stored;
  if (item.kind === 'gap') return gapMatches(item.gap, filter);
  const { event } = item;
  const streams = chosen(filter.streams);
  const sites = chosen(filter.sites);
  const categories = chosen(filter.categories);
  if (streams && !streams.includes(event.stream)) return false;
  if (sites && (event.site === null || !sites.includes(event.site))) return false;
  if (filter.from !== undefined && stored.time < filter.from) return false;
  if (filter.to !== undefined && stored.time > filter.to) return false;
  if (categories && (event.category === null || !categories.includes(event.category))) return false;
  if (filter.unreadOnly && item.read) return false;
  if (filter.acknowledgement !== undefined && !(event.stream === 'incident' && (filter.acknowledgement === 'needed') === (item.ack === null))) return false;
  return text === null || stored.hay.includes(text);
}

const SITES = [
  { id: 'site-hq', name: 'Headquarters' },
  { id: 'site-lab', name: 'Research lab' },
  { id: 'site-depot', name: 'Depot' },
];
const DOORS = ['Main entrance', 'Server room', 'Loading bay', 'Stairwell B', 'Office 3.12', 'Car park gate'];
const INCIDENTS = ['door_left_open', 'tamper', 'intrusion', 'low_battery'];
const ENTRIES: readonly [string, string | null][] = [['lock_opened', null], ['lock_rejected', 'no_access'], ['lock_rejected', 'suspended'], ['easy_office_mode', null]];

export function syntheticEvent(i: number, newest: number): ClayEvent {
  const incident = i % 7 === 0;
  const site = SITES[i % SITES.length] as (typeof SITES)[number];
  const door = DOORS[i % DOORS.length] as string;
  const [category, detail] = incident ? [INCIDENTS[i % INCIDENTS.length] as string, null] : (ENTRIES[i % ENTRIES.length] as [string, string | null]);
  const time = new Date(newest - i * 37_000).toISOString();
  const id = `evt-${i}`;
  const raw = JSON.stringify({ id, event_category: category, event_detail: detail, utc_date_time: time, lock_customer_reference: door, collection_id: site.id, accessor_id: `user-${i % 250}`, access_by: 'tag' });
  return {
    key: `${incident ? 'incident' : 'entry'}:${id}`,
    stream: incident ? 'incident' : 'entry',
    site: site.id,
    siteName: site.name,
    id,
    category,
    detail,
    time,
    localTime: time.slice(0, 19),
    lock: { id: `lock-${i % DOORS.length}`, name: door },
    accessor: `user-${i % 250}`,
    accessBy: 'tag',
    receivedAt: time,
    raw,
  };
}

export function createTestBridge(): { readonly api: ClayApi; readonly control: TestControl } {
  let store: Stored[] = [];
  let settings: Settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  let secret: SecretStatus = { location: 'none', tokenValidUntil: null };
  let status: StatusSnapshot = statusSnapshot({ secret });
  let about: AboutInfo = STUB_ABOUT;
  let testReport: ConnectionTestReport = { ok: true, steps: [{ step: 'settings', ok: true, message: 'Settings are complete.' }] };
  let exportOutcome: ExportOutcome | null = null;
  let releaseExports: (() => void) | null = null;
  let exportsHeld: Promise<void> | null = null;
  let nextUpdateFailure: string | null = null;
  const calls: RecordedCall[] = [];
  const mainWork: { start: number; duration: number }[] = [];
  const asMain = <T>(work: () => T): T => {
    const start = performance.now();
    try {
      return work();
    } finally {
      mainWork.push({ start, duration: performance.now() - start });
    }
  };
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();

  const record = (method: string, ...args: unknown[]): void => {
    calls.push({ method, args: structuredClone(args) });
  };
  const emit = <C extends EventChannel>(channel: C, payload: IpcEventMap[C]): void => {
    for (const listener of listeners.get(channel) ?? []) (listener as (p: IpcEventMap[C]) => void)(structuredClone(payload));
  };
  const listen =
    <C extends EventChannel>(channel: C) =>
    (listener: (payload: IpcEventMap[C]) => void): (() => void) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    };
  let unreadCount: number | null = null;
  const unread = (): number => (unreadCount ??= store.reduce((n, s) => n + (s.item.kind === 'event' && !s.item.read ? 1 : 0), 0));
  // Main answers page after page of one filter from an index; the bridge keeps the last result.
  let memo: { readonly key: string; readonly rows: Stored[] } | null = null;
  const filtered = (filter: HistoryFilter): Stored[] => {
    const key = JSON.stringify(filter);
    if (memo !== null && memo.key === key) return memo.rows;
    const text = filter.text === undefined || filter.text === '' ? null : filter.text.toLowerCase();
    const rows = key === '{}' ? store : store.filter((s) => matches(s, filter, text));
    memo = { key, rows };
    return rows;
  };
  /** Every change to the store goes through here, so the query memo can never serve stale rows. */
  const changed = (): void => {
    memo = null;
    unreadCount = null;
  };
  const sortNewestFirst = (): void => {
    store.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  };

  /** Main's own computation (app/core/history/handover.ts) over the bridge's store, until the fixed "now" of these tests. */
  const handover = (since: string): Handover => {
    const source: HandoverSource = {
      forEachEventNewestFirst(from, to, visit) {
        for (const s of store) if (s.item.kind === 'event' && s.at >= from && s.at <= to) visit(s.item.event, s.item.ack !== null);
      },
      gapsOverlapping(from, to) {
        return store.flatMap((s) => (s.item.kind === 'gap' && Date.parse(s.item.gap.to) >= from && Date.parse(s.item.gap.from) <= to ? [s.item.gap] : []));
      },
    };
    return computeHandover(source, Date.parse(since), handoverNow ?? Date.now());
  };
  let handoverNow: number | null = null;

  const api = {
    history: {
      query: async (query: HistoryQuery) => {
        record('history.query', query);
        await nextTask();
        const { offset, limit, ...filter } = query;
        const page: HistoryPage = asMain(() => {
          const rows = filtered(filter);
          return { items: rows.slice(offset, offset + limit).map((s) => s.item), total: rows.length, unread: unread() };
        });
        return answer(ok(page));
      },
      get: async (key: string) => {
        record('history.get', key);
        await nextTask();
        const found = store.find((s) => (s.item.kind === 'event' ? s.item.event.key : s.item.gap.key) === key);
        return answer(ok(found?.item ?? null));
      },
      markRead: async (keys: readonly string[]) => {
        record('history.markRead', keys);
        let count = 0;
        for (const s of store) {
          if (s.item.kind === 'event' && !s.item.read && keys.includes(s.item.event.key)) {
            s.item = { ...s.item, read: true };
            count += 1;
          }
        }
        changed();
        queueMicrotask(() => emit('clay:history:did-change', null));
        return answer(ok(count));
      },
      markAllRead: async () => {
        record('history.markAllRead');
        const count = unread();
        store = store.map((s) => (s.item.kind === 'event' && !s.item.read ? { ...s, item: { ...s.item, read: true } } : s));
        changed();
        queueMicrotask(() => emit('clay:history:did-change', null));
        return answer(ok(count));
      },
      acknowledge: async (request) => {
        record('history.acknowledge', request);
        await nextTask();
        const byFilter = (filter: HistoryFilter): string[] =>
          filter.acknowledgement === 'done' ? [] : filtered({ ...filter, acknowledgement: 'needed' }).map((s) => (s.item.kind === 'event' ? s.item.event.key : ''));
        const note = request.note?.trim() ?? '';
        const ack = { by: 'desk-operator', at: '2026-11-28T09:30:00.000Z', note: note === '' ? null : note };
        const count = asMain(() => {
          const wanted = new Set('keys' in request ? request.keys : byFilter(request.filter));
          let done = 0;
          for (const s of store) {
            if (s.item.kind === 'event' && s.item.event.stream === 'incident' && s.item.ack === null && wanted.has(s.item.event.key)) {
              s.item = { ...s.item, ack };
              done += 1;
            }
          }
          return done;
        });
        changed();
        queueMicrotask(() => emit('clay:history:did-change', null));
        return answer(ok(count));
      },
      clear: async () => {
        record('history.clear');
        const removed = store.length;
        store = [];
        changed();
        queueMicrotask(() => emit('clay:history:did-change', null));
        return answer(ok(removed));
      },
      export: async (request) => {
        record('history.export', request);
        if (exportsHeld !== null) await exportsHeld;
        const count = 'handover' in request ? handover(request.handover.since).totals.unacknowledged : filtered(request.filter).length;
        return answer(ok(exportOutcome ?? { saved: true, path: `/home/user/clay-${'handover' in request ? 'handover' : 'history'}.${request.format}`, count }));
      },
      onDidAdd: listen('clay:history:did-add'),
      onDidChange: listen('clay:history:did-change'),
      onExportProgress: listen('clay:history:export-progress'),
    },
    handover: {
      get: async (request) => {
        record('handover.get', request);
        await nextTask();
        return answer(ok(asMain(() => handover(request.since))));
      },
    },
    status: {
      get: async () => {
        record('status.get');
        return answer(ok(status));
      },
      onDidChange: listen('clay:status:did-change'),
    },
    connection: {
      reconnectNow: async () => {
        record('connection.reconnectNow');
        return answer(ok(null));
      },
      test: async () => {
        record('connection.test');
        return answer(ok(testReport));
      },
    },
    settings: {
      get: async () => {
        record('settings.get');
        return answer(ok(settings));
      },
      update: async (patch: SettingsPatch) => {
        record('settings.update', patch);
        if (nextUpdateFailure !== null) {
          const message = nextUpdateFailure;
          nextUpdateFailure = null;
          return answer(failure('invalid-settings', message));
        }
        const merged: Record<string, unknown> = { ...settings };
        for (const [section, values] of Object.entries(patch)) merged[section] = { ...(merged[section] as object), ...(values as object) };
        const { settings: next, problems } = readSettings(merged);
        if (next === null) return answer(failure('invalid-settings', problems.map((p) => p.message).join(' ')));
        settings = next;
        queueMicrotask(() => emit('clay:settings:did-change', settings));
        return answer(ok(settings));
      },
      onDidChange: listen('clay:settings:did-change'),
    },
    secrets: {
      set: async (input) => {
        // The value is never recorded: the test asserts only that a secret of that kind was sent.
        record('secrets.set', { kind: input.kind, length: input.value.length });
        secret = { location: 'keychain', tokenValidUntil: input.kind === 'token' ? '2026-11-28T14:05:00.000Z' : null };
        return answer(ok(secret));
      },
      clear: async () => {
        record('secrets.clear');
        secret = { location: 'none', tokenValidUntil: null };
        return answer(ok(secret));
      },
      // As after the user confirmed main's dialog: the stored secret may go to the new servers.
      allowNewServer: async () => {
        record('secrets.allowNewServer');
        secret = { location: 'keychain', tokenValidUntil: null };
        return answer(ok(secret));
      },
    },
    notifications: {
      pause: async (request) => {
        record('notifications.pause', request);
        return answer(ok({ until: request.for === 'until-resumed' ? null : '2026-11-28T08:00:00.000Z' }));
      },
      resume: async () => {
        record('notifications.resume');
        return answer(ok(null));
      },
    },
    diagnostics: {
      copy: async () => {
        record('diagnostics.copy');
        return answer(ok(null));
      },
    },
    navigation: {
      onDidRequestEvent: listen('clay:navigation:did-request-event'),
      onDidRequestView: listen('clay:navigation:did-request-view'),
    },
    alarm: {
      onDidRing: listen('clay:alarm:did-ring'),
    },
    about: {
      get: async () => {
        record('about.get');
        return answer(ok(about));
      },
    },
    updates: {
      setEditing: async (editing) => {
        record('updates.setEditing', editing);
        return answer(ok(null));
      },
      restart: async () => {
        record('updates.restart');
        return answer(about.update.phase === 'ready' ? ok(null) : failure('no-update', 'There is no downloaded update to install yet.'));
      },
      onDidChange: listen('clay:updates:did-change'),
    },
  } satisfies ClayApi;

  const control: TestControl = {
    calls,
    mainWork,
    seed(items) {
      store = items.map(toStored);
      sortNewestFirst();
      changed();
    },
    seedGenerated(count) {
      const newest = Date.parse('2026-11-28T00:00:00.000Z');
      store = Array.from({ length: count }, (_, i) => toStored({ kind: 'event', event: syntheticEvent(i, newest), read: i % 3 !== 0, ack: null }));
      changed();
    },
    add(items) {
      store.push(...items.map(toStored));
      sortNewestFirst();
      changed();
      emit('clay:history:did-add', items);
    },
    emit,
    setStatus(next) {
      status = next;
      emit('clay:status:did-change', next);
    },
    setTestReport(report) {
      testReport = report;
    },
    setExportOutcome(outcome) {
      exportOutcome = outcome;
    },
    holdExports(held) {
      if (held && exportsHeld === null) {
        exportsHeld = new Promise((resolve) => {
          releaseExports = resolve;
        });
      } else if (!held) {
        releaseExports?.();
        exportsHeld = releaseExports = null;
      }
    },
    useSettings(next) {
      settings = next;
      emit('clay:settings:did-change', next);
    },
    failNextSettingsUpdate(message) {
      nextUpdateFailure = message;
    },
    settings: () => settings,
    size: () => store.length,
    setHandoverNow(iso) {
      handoverNow = Date.parse(iso);
    },
    setAbout(next) {
      about = next;
    },
    setUpdate(state) {
      about = { ...about, update: state };
      emit('clay:updates:did-change', state);
    },
  };
  return { api, control };
}

/** The bundle's entry: install before the renderer's first line runs, as the preload would. */
export function install(): void {
  const { api, control } = createTestBridge();
  Object.defineProperty(globalThis, 'clay', { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(globalThis, '__clayTest', { value: control, enumerable: false });
}
