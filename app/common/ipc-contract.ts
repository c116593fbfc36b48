/**
 * The one IPC contract, as a table: area → member → entry. A request entry names its channel, the
 * schema of each argument (app/common/ipc-schemas.ts) and the type of its answer; a push entry
 * names its channel and the type of its payload. Everything else is derived from CONTRACT: the
 * channel lists, the preload's `window.clay` (app/common/ipc-bridge.ts), ipc-main's registration and
 * argument checks, the handler table's type and the renderer's ClayApi. Adding a request is one
 * entry here plus its handler in app/shell/ipc-handlers.ts (docs/architecture.md, "Add a request").
 * Channels are `clay:<area>:<verb>` and are spelled in this file only. Every request answers a
 * Result: expected failures are data.
 */
import type { Handover, HandoverRequest } from './handover';
import type {
  AboutInfo,
  AlarmRing,
  HistoryFilter,
  HistoryItem,
  HistoryPage,
  HistoryQuery,
  PauseState,
  SecretStatus,
  StatusSnapshot,
  UpdateState,
} from './models';
import * as schema from './ipc-schemas';
import type { ArgSchema } from './ipc-schemas';
import type { Result } from './result';
import type { Settings } from './settings';

export type ExportFormat = 'csv' | 'json';

/**
 * The history (events matching a filter), or the shift handover: as CSV or JSON, or for the
 * handover also as a PDF of the window's printed handover view.
 */
export type ExportRequest =
  | {
      readonly format: ExportFormat;
      /** Which events to export; paging fields are ignored, the whole filtered history is written. */
      readonly filter: Omit<HistoryQuery, 'offset' | 'limit'>;
    }
  | { readonly format: ExportFormat | 'pdf'; readonly handover: HandoverRequest };

/** How far the running export is; pushed after each chunk reaches the file. */
export interface ExportProgress {
  readonly format: ExportFormat | 'pdf';
  readonly written: number;
  readonly total: number;
}

export type ExportOutcome =
  | { readonly saved: true; readonly path: string; readonly count: number }
  | { readonly saved: false };

/**
 * Acknowledge the chosen incidents, or every incident matching a filter that still needs it, with
 * one optional note. Who and when are added by main; entries and incidents already acknowledged
 * are left as they are. The answer is how many were acknowledged.
 */
export type AcknowledgeRequest =
  | { readonly keys: readonly string[]; readonly note: string | null }
  | { readonly filter: HistoryFilter; readonly note: string | null };

/** The sign-in secret (client secret or token), or the password for an authenticating proxy. */
export type SecretKind = 'client-secret' | 'token' | 'proxy-password';

/** Write-only: the renderer hands a secret over and gets back only where it is kept. */
export interface SecretInput {
  readonly kind: SecretKind;
  readonly value: string;
}

export type PauseRequest =
  | { readonly for: 'one-hour' }
  | { readonly for: 'until-morning' }
  | { readonly for: 'until-resumed' };

/** `rest`: the Core REST API that recovers missed events, checked when recovery is on. */
export type ConnectionTestStep = 'settings' | 'secret' | 'token' | 'connect' | 'rest';

export interface ConnectionTestReport {
  readonly ok: boolean;
  /** In order; the first failing step ends the test. Messages are plain language, no secrets. */
  readonly steps: readonly {
    readonly step: ConnectionTestStep;
    readonly ok: boolean;
    readonly message: string;
  }[];
}

export type View = 'history' | 'handover' | 'settings' | 'about';

export type Unsubscribe = () => void;

/** A renderer → main request. `answer` is never set: it only carries the answer's type. */
export interface RequestEntry<C extends string = string, A extends readonly unknown[] = readonly unknown[], R = unknown> {
  readonly kind: 'request';
  readonly channel: C;
  readonly args: readonly ArgSchema<unknown>[];
  readonly answer?: R;
  readonly argTypes?: A;
}

/** A main → renderer push. `payload` is never set: it only carries the payload's type. */
export interface PushEntry<C extends string = string, P = unknown> {
  readonly kind: 'push';
  readonly channel: C;
  readonly payload?: P;
}

type ArgsOf<S extends readonly ArgSchema<unknown>[]> = { -readonly [I in keyof S]: S[I] extends ArgSchema<infer T> ? T : never };

function request<const C extends string, const S extends readonly ArgSchema<unknown>[]>(channel: C, ...args: S) {
  return { answers: <R>(): RequestEntry<C, ArgsOf<S>, R> => ({ kind: 'request', channel, args }) };
}

function push<const C extends string>(channel: C) {
  return { carries: <P>(): PushEntry<C, P> => ({ kind: 'push', channel }) };
}

export const CONTRACT = {
  history: {
    query: request('clay:history:query', schema.historyQuery).answers<HistoryPage>(),
    get: request('clay:history:get', schema.historyKey).answers<HistoryItem | null>(),
    markRead: request('clay:history:mark-read', schema.historyKeys).answers<number>(),
    markAllRead: request('clay:history:mark-all-read').answers<number>(),
    acknowledge: request('clay:history:acknowledge', schema.acknowledgeRequest).answers<number>(),
    clear: request('clay:history:clear').answers<number>(),
    export: request('clay:history:export', schema.exportRequest).answers<ExportOutcome>(),
    onDidAdd: push('clay:history:did-add').carries<readonly HistoryItem[]>(),
    onDidChange: push('clay:history:did-change').carries<null>(),
    onExportProgress: push('clay:history:export-progress').carries<ExportProgress>(),
  },
  handover: {
    /** The shift handover since a time: unacknowledged incidents, gaps and their recovery, counts per site and door. */
    get: request('clay:handover:get', schema.handoverRequest).answers<Handover>(),
  },
  status: {
    get: request('clay:status:get').answers<StatusSnapshot>(),
    onDidChange: push('clay:status:did-change').carries<StatusSnapshot>(),
  },
  connection: {
    reconnectNow: request('clay:connection:reconnect').answers<null>(),
    test: request('clay:connection:test').answers<ConnectionTestReport>(),
  },
  settings: {
    get: request('clay:settings:get').answers<Settings>(),
    update: request('clay:settings:update', schema.settingsPatch).answers<Settings>(),
    onDidChange: push('clay:settings:did-change').carries<Settings>(),
  },
  secrets: {
    set: request('clay:secret:set', schema.secretInput).answers<SecretStatus>(),
    clear: request('clay:secret:clear').answers<SecretStatus>(),
    /** Asks the user, in a native dialog from main, to let the stored secret go to the servers the settings now name. */
    allowNewServer: request('clay:secret:allow-new-server').answers<SecretStatus>(),
  },
  notifications: {
    pause: request('clay:notifications:pause', schema.pauseRequest).answers<PauseState>(),
    resume: request('clay:notifications:resume').answers<null>(),
  },
  diagnostics: {
    copy: request('clay:diagnostics:copy').answers<null>(),
  },
  navigation: {
    onDidRequestEvent: push('clay:navigation:did-request-event').carries<string>(),
    onDidRequestView: push('clay:navigation:did-request-view').carries<View>(),
  },
  alarm: {
    onDidRing: push('clay:alarm:did-ring').carries<AlarmRing>(),
  },
  about: {
    get: request('clay:about:get').answers<AboutInfo>(),
  },
  updates: {
    /** The window tells main while Settings has unsaved changes, so an update never restarts under them. */
    setEditing: request('clay:updates:set-editing', schema.editingFlag).answers<null>(),
    restart: request('clay:updates:restart').answers<null>(),
    onDidChange: push('clay:updates:did-change').carries<UpdateState>(),
  },
};

// ---- Everything below is derived from CONTRACT. ----

type Contract = typeof CONTRACT;
type Area = keyof Contract;
type AnyEntry = { [A in Area]: Contract[A][keyof Contract[A]] }[Area];
type Requests = Extract<AnyEntry, RequestEntry>;
type Pushes = Extract<AnyEntry, PushEntry>;

export type InvokeChannel = Requests['channel'];
export type EventChannel = Pushes['channel'];
type ArgsOfEntry<E> = E extends RequestEntry<string, infer A, unknown> ? A : never;
type AnswerOf<E> = E extends RequestEntry<string, readonly unknown[], infer R> ? R : never;
type PayloadOf<E> = E extends PushEntry<string, infer P> ? P : never;
export type InvokeArgs<C extends InvokeChannel> = ArgsOfEntry<Extract<Requests, { channel: C }>>;
export type InvokeResult<C extends InvokeChannel> = Result<AnswerOf<Extract<Requests, { channel: C }>>>;
/** Main → renderer pushes: channel → payload. */
export type IpcEventMap = { [E in Pushes as E['channel']]: PayloadOf<E> };

type Member<E> =
  E extends RequestEntry<string, infer A, infer R>
    ? (...args: A) => Promise<Result<R>>
    : E extends PushEntry<string, infer P>
      ? (listener: (payload: P) => void) => Unsubscribe
      : never;

/** The renderer's whole view of main: the `window.clay` global the preload exposes. */
export type ClayApi = { readonly [A in Area]: { readonly [K in keyof Contract[A]]: Member<Contract[A][K]> } };

type RequestKeys<T> = { [K in keyof T]: T[K] extends RequestEntry ? K : never }[keyof T];
type Handler<E> = E extends RequestEntry<string, infer A, infer R> ? (...args: A) => Promise<Result<R>> | Result<R> : never;

/** What main answers each request with, keyed like the contract (areas with requests only). */
export type ContractHandlers = {
  readonly [A in Area as RequestKeys<Contract[A]> extends never ? never : A]: { readonly [K in RequestKeys<Contract[A]>]: Handler<Contract[A][K]> };
};

export interface ContractEntry<E extends RequestEntry | PushEntry = RequestEntry | PushEntry> {
  readonly area: string;
  readonly name: string;
  readonly entry: E;
}

/** Every entry of the table with its place in it, in table order. */
export const CONTRACT_ENTRIES: readonly ContractEntry[] = Object.entries(CONTRACT).flatMap(([area, members]) =>
  Object.entries(members as Record<string, RequestEntry | PushEntry>).map(([name, entry]) => ({ area, name, entry })),
);

export const REQUEST_ENTRIES = CONTRACT_ENTRIES.filter((e): e is ContractEntry<RequestEntry> => e.entry.kind === 'request');

/** Every invoke channel, for main's registration check and the hostile-input tests. */
export const INVOKE_CHANNELS = REQUEST_ENTRIES.map((e) => e.entry.channel as InvokeChannel);
export const EVENT_CHANNELS = CONTRACT_ENTRIES.filter((e) => e.entry.kind === 'push').map((e) => e.entry.channel as EventChannel);

/** The name of the one global the preload exposes. */
export const BRIDGE_GLOBAL = 'clay';
