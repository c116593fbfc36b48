/**
 * Recovery as the desktop app runs it: every gap the supervisor records, and on start the span since
 * the app last listened (the last event or the last clean shutdown, bounded by the look-back
 * setting), goes to the RecoveryCoordinator when recovery is on. The clean-shutdown time is kept in a
 * small file beside the history.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClayEvent, OfflineGap, SubscriptionState } from '../../common/models';
import type { Settings } from '../../common/settings';
import type { TokenProvider } from '../streaming/auth';
import { CoreRestClient } from '../recovery/core-rest';
import { resolveRestUrl } from '../streaming/endpoints';
import type { Clock, Logger } from '../ports';
import { RecoveryCoordinator, type RecoveryProgress, type RecoverySource, type RecoveryTiming } from '../recovery/recovery';

export const RECOVERY_STATE_FILE = 'recovery-state.json';
const HOUR_MS = 3_600_000;

export interface AppRecoveryOptions {
  readonly directory: string;
  readonly settings: () => Settings;
  /** The connection's token provider and network (proxy, extra CA), null while the app is not set up to connect. */
  readonly connection: () => { readonly tokenProvider: TokenProvider; readonly fetch?: typeof fetch } | null;
  /** When the app last received an event (ms), from history; null when it never did. */
  readonly lastEventAt: number | null;
  readonly store: (event: ClayEvent) => boolean;
  readonly onProgress: (progress: RecoveryProgress) => void;
  /** A gap found on start, for history. */
  readonly onStartGap: (gap: OfflineGap) => void;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing?: Partial<RecoveryTiming>;
  readonly restTimeoutMs?: number;
}

export class AppRecovery {
  private readonly coordinator: RecoveryCoordinator;
  /** Where listening stopped before this run (ms), or null on a first run. */
  private readonly lastListenedAt: number | null;
  private readonly startHandled = new Set<string>();

  constructor(private readonly options: AppRecoveryOptions) {
    this.coordinator = new RecoveryCoordinator({
      source: () => this.source(),
      store: options.store,
      onProgress: options.onProgress,
      clock: options.clock,
      logger: options.logger,
      ...(options.timing ? { timing: options.timing } : {}),
    });
    const stoppedAt = readStoppedAt(join(options.directory, RECOVERY_STATE_FILE), options.logger);
    const times = [stoppedAt, options.lastEventAt].filter((t): t is number => t !== null && Number.isFinite(t));
    this.lastListenedAt = times.length > 0 ? Math.max(...times) : null;
  }

  private get enabled(): boolean {
    return this.options.settings().recovery.enabled;
  }

  gapRecorded(gap: OfflineGap): void {
    if (this.enabled) this.coordinator.recover(gap);
  }

  /** The first connect of each subscription recovers the time the app was not running. */
  statesChanged(states: readonly SubscriptionState[]): void {
    const since = this.lastListenedAt;
    if (since === null || !this.enabled) return;
    for (const state of states) {
      if (state.status.phase !== 'connected' || this.startHandled.has(state.id)) continue;
      this.startHandled.add(state.id);
      const to = Date.parse(state.status.since);
      const from = Math.max(since, to - this.options.settings().recovery.lookBackHours * HOUR_MS);
      if (!(to > from)) continue;
      const fromIso = new Date(from).toISOString();
      const gap: OfflineGap = { key: `gap:${state.id}:${fromIso}`, stream: state.stream, site: state.site, from: fromIso, to: state.status.since };
      this.options.onStartGap(gap);
      this.coordinator.recover(gap);
    }
  }

  /** The REST address or recovery switch may have changed: gaps waiting for it go on. */
  settingsChanged(): void {
    if (this.enabled) this.coordinator.resumeWaiting();
  }

  /** Stops recovery and remembers when listening stopped, for the next start. */
  stop(): void {
    this.coordinator.dispose();
    try {
      writeFileSync(join(this.options.directory, RECOVERY_STATE_FILE), `${JSON.stringify({ stoppedAt: new Date(this.options.clock.now()).toISOString() })}\n`);
    } catch (error) {
      this.options.logger.warn('The shutdown time could not be saved; the next start recovers from the last event', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private source(): RecoverySource {
    const settings = this.options.settings();
    const url = resolveRestUrl(settings.connection.environment, settings.connection.baseUrl, settings.recovery.restUrl);
    if (!url.ok) return { reason: url.error.message };
    const connection = this.options.connection();
    if (connection === null) return { reason: 'the app is not signed in to the Core API yet' };
    return {
      client: new CoreRestClient({
        baseUrl: url.value,
        tokenProvider: connection.tokenProvider,
        ...(connection.fetch ? { fetch: connection.fetch } : {}),
        ...(this.options.restTimeoutMs ? { timeoutMs: this.options.restTimeoutMs } : {}),
      }),
    };
  }
}

function readStoppedAt(file: string, logger: Logger): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const value = (JSON.parse(text) as { stoppedAt?: unknown }).stoppedAt;
    const at = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    logger.warn('The saved shutdown time is unreadable; recovering from the last event instead', { file });
    return null;
  }
}
