/**
 * A test implementation of the `window.clay` bridge, bundled to an IIFE and injected with
 * page.addInitScript before the renderer loads. The bridge object is built from the contract table
 * by the same code the preload uses (app/common/ipc-bridge.ts); behind it, history is main's own
 * HistoryIndex (app/core/history), so the window is tested against the real filtering, paging and
 * gap rules. Settings are checked with main's own schema. It records every call and exposes
 * `window.__clayTest` so a test can seed data, push events and read what the window asked for.
 */
import { buildBridge } from '../../app/common/ipc-bridge';
import type { ClayApi, ConnectionTestReport, ContractHandlers, EventChannel, ExportOutcome, IpcEventMap } from '../../app/common/ipc-contract';
import type { AboutInfo, ClayEvent, HistoryItem, SecretStatus, StatusSnapshot, UpdateState } from '../../app/common/models';
import type { Result } from '../../app/common/result';
import type { Settings, SettingsPatch } from '../../app/common/settings';
import { readSettings } from '../../app/common/settings-rules';
import { computeHandover } from '../../app/core/history/handover';
import { HistoryIndex } from '../../app/core/history/history-index';
import { DEFAULT_SETTINGS } from '../../app/core/settings/settings-defaults';
import { STUB_ABOUT } from '../support/about-info';
import { clayEvent } from '../support/events';
import { statusSnapshot } from '../support/status';

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

/** What is recorded of a call: the arguments, except a secret, of which only the kind and length. */
function recordedArgs(method: string, args: readonly unknown[]): unknown[] {
  if (method !== 'secrets.set') return structuredClone([...args]);
  const input = args[0] as { kind: string; value: string };
  return [{ kind: input.kind, length: input.value.length }];
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
  return clayEvent({
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
    raw,
  });
}

/** Loads items as main loads its log: in order, sorted once at the end. */
function load(index: HistoryIndex, items: readonly HistoryItem[]): void {
  index.clear();
  for (const item of items) {
    if (item.kind === 'event') index.loadEvent(item.event, item.read, item.ack);
    else index.loadGap(item.gap);
  }
  index.finishLoad();
}

export function createTestBridge(): { readonly api: ClayApi; readonly control: TestControl } {
  const index = new HistoryIndex();
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
  let handoverNow: number | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const emit = <C extends EventChannel>(channel: C, payload: IpcEventMap[C]): void => {
    for (const listener of listeners.get(channel) ?? []) listener(structuredClone(payload));
  };
  const historyChanged = (): void => queueMicrotask(() => emit('clay:history:did-change', null));

  const handlers: ContractHandlers = {
    history: {
      query: async (query) => {
        await nextTask();
        return ok(asMain(() => index.query(query)));
      },
      get: async (key) => {
        await nextTask();
        return ok(index.get(key));
      },
      markRead: async (keys) => {
        const count = index.markRead(keys).length;
        historyChanged();
        return ok(count);
      },
      markAllRead: async () => {
        const count = index.markAllRead();
        historyChanged();
        return ok(count);
      },
      acknowledge: async (request) => {
        await nextTask();
        const note = request.note?.trim() ?? '';
        const ack = { by: 'desk-operator', at: '2026-11-28T09:30:00.000Z', note: note === '' ? null : note };
        const count = asMain(() => index.acknowledge('keys' in request ? request.keys : index.needingAcknowledgement(request.filter), ack).length);
        historyChanged();
        return ok(count);
      },
      clear: async () => {
        const removed = index.clear();
        historyChanged();
        return ok(removed);
      },
      export: async (request) => {
        if (exportsHeld !== null) await exportsHeld;
        if ('handover' in request) {
          const count = computeHandover(index, Date.parse(request.handover.since), handoverNow ?? Date.now()).totals.unacknowledged;
          return ok(exportOutcome ?? { saved: true, path: `/home/user/clay-handover.${request.format}`, count });
        }
        return ok(exportOutcome ?? { saved: true, path: `/home/user/clay-history.${request.format}`, count: [...index.filtered(request.filter)].length });
      },
    },
    handover: {
      // Main's own computation over the same index, until the page's "now" (or the one a test set).
      get: async (request) => {
        await nextTask();
        return ok(asMain(() => computeHandover(index, Date.parse(request.since), handoverNow ?? Date.now())));
      },
    },
    status: {
      get: async () => ok(status),
    },
    connection: {
      reconnectNow: async () => ok(null),
      test: async () => ok(testReport),
    },
    settings: {
      get: async () => ok(settings),
      update: async (patch: SettingsPatch) => {
        if (nextUpdateFailure !== null) {
          const message = nextUpdateFailure;
          nextUpdateFailure = null;
          return failure('invalid-settings', message);
        }
        const merged: Record<string, unknown> = { ...settings };
        for (const [section, values] of Object.entries(patch)) merged[section] = { ...(merged[section] as object), ...(values as object) };
        const { settings: next, problems } = readSettings(merged);
        if (next === null) return failure('invalid-settings', problems.map((p) => p.message).join(' '));
        settings = next;
        queueMicrotask(() => emit('clay:settings:did-change', settings));
        return ok(settings);
      },
    },
    secrets: {
      set: async (input) => {
        secret = { location: 'keychain', tokenValidUntil: input.kind === 'token' ? '2026-11-28T14:05:00.000Z' : null };
        return ok(secret);
      },
      clear: async () => {
        secret = { location: 'none', tokenValidUntil: null };
        return ok(secret);
      },
      // As after the user confirmed main's dialog: the stored secret may go to the new servers.
      allowNewServer: async () => {
        secret = { location: 'keychain', tokenValidUntil: null };
        return ok(secret);
      },
    },
    notifications: {
      pause: async (request) => ok({ until: request.for === 'until-resumed' ? null : '2026-11-28T08:00:00.000Z' }),
      resume: async () => ok(null),
    },
    diagnostics: {
      copy: async () => ok(null),
    },
    about: {
      get: async () => ok(about),
    },
    updates: {
      setEditing: async () => ok(null),
      restart: async () => (about.update.phase === 'ready' ? ok(null) : failure('no-update', 'There is no downloaded update to install yet.')),
    },
  };

  const api = buildBridge({
    // Arguments and answers cross IPC as copies; so do they here, so neither side can mutate the other's.
    invoke: async ({ area, name }, args) => {
      const method = `${area}.${name}`;
      calls.push({ method, args: recordedArgs(method, args) });
      const handler = (handlers as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<Result<unknown>>>>)[area]?.[name];
      if (handler === undefined) throw new Error(`The test bridge has no handler for ${method}`);
      const answer = structuredClone(await handler(...structuredClone([...args])));
      // Like an IPC answer it arrives in a task of its own, apart from the work that made it.
      await nextTask();
      return answer;
    },
    listen: ({ entry }, listener) => {
      const set = listeners.get(entry.channel) ?? new Set();
      listeners.set(entry.channel, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });

  const control: TestControl = {
    calls,
    mainWork,
    seed(items) {
      load(index, items);
    },
    seedGenerated(count) {
      const newest = Date.parse('2026-11-28T00:00:00.000Z');
      load(index, Array.from({ length: count }, (_, i) => ({ kind: 'event', event: syntheticEvent(i, newest), read: i % 3 !== 0, ack: null })));
    },
    add(items) {
      for (const item of items) {
        if (item.kind === 'gap') index.putGap(item.gap);
        else if (index.addEvent(item.event, item.read) && item.ack !== null) index.acknowledge([item.event.key], item.ack);
      }
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
    size: () => index.eventCount + index.gapCount,
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
