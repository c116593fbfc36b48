/**
 * The one IPC contract. Main (app/shell/ipc-main.ts), the preload (app/preload.ts) and the renderer
 * (renderer/bridge.ts) all derive their types from this file, so a channel cannot drift.
 * Channels are `clay:<area>:<verb>`. Every invoke answers a Result: expected failures are data.
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
import type { Result } from './result';
import type { Settings, SettingsPatch } from './settings';

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

/** Renderer → main requests: channel → argument tuple and answer. */
export interface IpcInvokeMap {
  'clay:history:query': { args: [query: HistoryQuery]; result: HistoryPage };
  'clay:history:get': { args: [key: string]; result: HistoryItem | null };
  'clay:history:mark-read': { args: [keys: readonly string[]]; result: number };
  'clay:history:mark-all-read': { args: []; result: number };
  'clay:history:acknowledge': { args: [request: AcknowledgeRequest]; result: number };
  'clay:history:clear': { args: []; result: number };
  'clay:history:export': { args: [request: ExportRequest]; result: ExportOutcome };
  /** The shift handover since a time: unacknowledged incidents, gaps and their recovery, counts per site and door. */
  'clay:handover:get': { args: [request: HandoverRequest]; result: Handover };
  'clay:status:get': { args: []; result: StatusSnapshot };
  'clay:connection:reconnect': { args: []; result: null };
  'clay:connection:test': { args: []; result: ConnectionTestReport };
  'clay:settings:get': { args: []; result: Settings };
  'clay:settings:update': { args: [patch: SettingsPatch]; result: Settings };
  'clay:secret:set': { args: [input: SecretInput]; result: SecretStatus };
  'clay:secret:clear': { args: []; result: SecretStatus };
  /** Asks the user, in a native dialog from main, to let the stored secret go to the servers the settings now name. */
  'clay:secret:allow-new-server': { args: []; result: SecretStatus };
  'clay:notifications:pause': { args: [request: PauseRequest]; result: PauseState };
  'clay:notifications:resume': { args: []; result: null };
  'clay:diagnostics:copy': { args: []; result: null };
  'clay:about:get': { args: []; result: AboutInfo };
  /** The window tells main while Settings has unsaved changes, so an update never restarts under them. */
  'clay:updates:set-editing': { args: [editing: boolean]; result: null };
  'clay:updates:restart': { args: []; result: null };
}

/** Main → renderer pushes: channel → payload. */
export interface IpcEventMap {
  'clay:history:did-add': readonly HistoryItem[];
  'clay:history:did-change': null;
  'clay:history:export-progress': ExportProgress;
  'clay:status:did-change': StatusSnapshot;
  'clay:settings:did-change': Settings;
  'clay:navigation:did-request-event': string;
  'clay:navigation:did-request-view': View;
  'clay:alarm:did-ring': AlarmRing;
  'clay:updates:did-change': UpdateState;
}

export type InvokeChannel = keyof IpcInvokeMap;
export type EventChannel = keyof IpcEventMap;
export type InvokeArgs<C extends InvokeChannel> = IpcInvokeMap[C]['args'];
export type InvokeResult<C extends InvokeChannel> = Result<IpcInvokeMap[C]['result']>;

/** Every invoke channel, for main's registration check and the hostile-input tests. */
export const INVOKE_CHANNELS = [
  'clay:history:query',
  'clay:history:get',
  'clay:history:mark-read',
  'clay:history:mark-all-read',
  'clay:history:acknowledge',
  'clay:history:clear',
  'clay:history:export',
  'clay:handover:get',
  'clay:status:get',
  'clay:connection:reconnect',
  'clay:connection:test',
  'clay:settings:get',
  'clay:settings:update',
  'clay:secret:set',
  'clay:secret:clear',
  'clay:secret:allow-new-server',
  'clay:notifications:pause',
  'clay:notifications:resume',
  'clay:diagnostics:copy',
  'clay:about:get',
  'clay:updates:set-editing',
  'clay:updates:restart',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = [
  'clay:history:did-add',
  'clay:history:did-change',
  'clay:history:export-progress',
  'clay:status:did-change',
  'clay:settings:did-change',
  'clay:navigation:did-request-event',
  'clay:navigation:did-request-view',
  'clay:alarm:did-ring',
  'clay:updates:did-change',
] as const satisfies readonly EventChannel[];

export type Unsubscribe = () => void;
type Invoke<C extends InvokeChannel> = (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
type Listen<C extends EventChannel> = (listener: (payload: IpcEventMap[C]) => void) => Unsubscribe;

/** The renderer's whole view of main: the `window.clay` global the preload exposes. */
export interface ClayApi {
  readonly history: {
    readonly query: Invoke<'clay:history:query'>;
    readonly get: Invoke<'clay:history:get'>;
    readonly markRead: Invoke<'clay:history:mark-read'>;
    readonly markAllRead: Invoke<'clay:history:mark-all-read'>;
    readonly acknowledge: Invoke<'clay:history:acknowledge'>;
    readonly clear: Invoke<'clay:history:clear'>;
    readonly export: Invoke<'clay:history:export'>;
    readonly onDidAdd: Listen<'clay:history:did-add'>;
    readonly onDidChange: Listen<'clay:history:did-change'>;
    readonly onExportProgress: Listen<'clay:history:export-progress'>;
  };
  readonly handover: {
    readonly get: Invoke<'clay:handover:get'>;
  };
  readonly status: {
    readonly get: Invoke<'clay:status:get'>;
    readonly onDidChange: Listen<'clay:status:did-change'>;
  };
  readonly connection: {
    readonly reconnectNow: Invoke<'clay:connection:reconnect'>;
    readonly test: Invoke<'clay:connection:test'>;
  };
  readonly settings: {
    readonly get: Invoke<'clay:settings:get'>;
    readonly update: Invoke<'clay:settings:update'>;
    readonly onDidChange: Listen<'clay:settings:did-change'>;
  };
  readonly secrets: {
    readonly set: Invoke<'clay:secret:set'>;
    readonly clear: Invoke<'clay:secret:clear'>;
    readonly allowNewServer: Invoke<'clay:secret:allow-new-server'>;
  };
  readonly notifications: {
    readonly pause: Invoke<'clay:notifications:pause'>;
    readonly resume: Invoke<'clay:notifications:resume'>;
  };
  readonly diagnostics: {
    readonly copy: Invoke<'clay:diagnostics:copy'>;
  };
  readonly navigation: {
    readonly onDidRequestEvent: Listen<'clay:navigation:did-request-event'>;
    readonly onDidRequestView: Listen<'clay:navigation:did-request-view'>;
  };
  readonly alarm: {
    readonly onDidRing: Listen<'clay:alarm:did-ring'>;
  };
  readonly about: {
    readonly get: Invoke<'clay:about:get'>;
  };
  readonly updates: {
    readonly setEditing: Invoke<'clay:updates:set-editing'>;
    readonly restart: Invoke<'clay:updates:restart'>;
    readonly onDidChange: Listen<'clay:updates:did-change'>;
  };
}

/** The name of the one global the preload exposes. */
export const BRIDGE_GLOBAL = 'clay';
