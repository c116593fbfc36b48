/**
 * The connection area: building, re-configuring and dropping the supervisor from the current
 * settings and secret, why it is not connecting, reconnecting on request and testing the settings.
 * The serialised set-up and its state read in one place.
 */
import { DisposableStore, Emitter, type Event } from '../../common/event';
import type { ConnectionTestReport } from '../../common/ipc-contract';
import type { SecretStatus, ClayEvent, OfflineGap, SubscriptionState } from '../../common/models';
import { fail, ok, type Result } from '../../common/result';
import type { Settings } from '../../common/settings';
import { connectionKey, streamConfigFor } from './connection-config';
import type { AppCoreOptions } from './core-options';
import { runConnectionTest } from './connection-test';
import { SecretsService, NO_SECRET } from './secrets';
import type { TokenProvider } from '../streaming/auth';
import { networkFetch } from '../network/network';
import type { Clock, Logger } from '../ports';
import { redact } from '../diagnostics/redact';
import { siteDisplayName } from '../settings/settings';
import { Supervisor } from '../streaming/supervisor';

export interface ConnectionServiceOptions {
  /** The settings, secret store, timing and proxy AppCore was given. */
  readonly core: Pick<AppCoreOptions, 'settings' | 'secrets' | 'timing' | 'systemProxy' | 'connectionTestTimeoutMs' | 'knownSecrets'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stopped: () => boolean;
  readonly scheduleStatus: () => void;
}

export class ConnectionService {
  private supervisor: Supervisor | null = null;
  private readonly supervisorListeners = new DisposableStore();
  private readonly received: Emitter<ClayEvent>;
  private readonly statesChanged: Emitter<readonly SubscriptionState[]>;
  private readonly gapRecorded: Emitter<OfflineGap>;
  /** Events from whichever supervisor is current; the composition root wires them to their consumers. */
  readonly onDidReceive: Event<ClayEvent>;
  readonly onDidChangeStates: Event<readonly SubscriptionState[]>;
  readonly onDidRecordGap: Event<OfflineGap>;
  private configuring: Promise<void> = Promise.resolve();
  private appliedConnectionKey: string | null = null;
  /** Null until `start()` has looked, so "starting" never reads as a problem to fix in Settings. */
  configProblem: string | null = null;
  secretStatus: SecretStatus = NO_SECRET;
  /** The connection's token provider and network, which recovery shares; null while not set up. */
  restConnection: { readonly tokenProvider: TokenProvider; readonly fetch?: typeof fetch } | null = null;

  /** The stored secret; built here because it and the connection re-apply each other. */
  readonly secretKeeper: SecretsService;

  constructor(private readonly options: ConnectionServiceOptions) {
    const onListenerError = (error: unknown): void => options.logger.error('A connection listener failed', { reason: error instanceof Error ? error.message : String(error) });
    this.received = new Emitter({ onListenerError });
    this.statesChanged = new Emitter({ onListenerError });
    this.gapRecorded = new Emitter({ onListenerError });
    this.onDidReceive = this.received.event;
    this.onDidChangeStates = this.statesChanged.event;
    this.onDidRecordGap = this.gapRecorded.event;
    this.secretKeeper = new SecretsService({
      settings: options.core.settings,
      secrets: options.core.secrets,
      logger: options.logger,
      reconfigure: () => this.reconfigure(),
      status: () => this.secretStatus,
      ...(options.core.knownSecrets ? { memory: options.core.knownSecrets } : {}),
    });
  }

  states(): readonly SubscriptionState[] {
    return this.supervisor?.states() ?? [];
  }

  /** Whether these settings change what the connection was built from. */
  changedBy(settings: Settings): boolean {
    return connectionKey(settings) !== this.appliedConnectionKey;
  }

  reconnectNow(): Result<null> {
    if (this.supervisor === null) {
      return fail('not-configured', this.configProblem ?? 'The connection is not set up yet.');
    }
    this.options.logger.info('Reconnecting now');
    this.supervisor.reconnectNow();
    return ok(null);
  }

  /** Sleep or a network change: live connections may be dead, and events since `lostAt` were missed. */
  renewConnections(lostAt: number): void {
    this.options.logger.info('Renewing connections after sleep or a network change');
    this.supervisor?.renewConnections(lostAt);
  }

  /** Tries the settings as they are now, without touching the live connections. */
  async test(): Promise<Result<ConnectionTestReport>> {
    const { settings: source, secrets, connectionTestTimeoutMs, systemProxy } = this.options.core;
    const settings = source.get();
    const report = await runConnectionTest({
      settings,
      secrets,
      clock: this.options.clock,
      logger: this.options.logger.child('connection-test'),
      timeoutMs: connectionTestTimeoutMs ?? 10_000,
      siteName: (site) => siteDisplayName(settings, site),
      systemProxy: systemProxy ?? null,
    });
    return ok(report);
  }

  /** Serialised: a second change waits for the first, so the supervisor is never built twice. */
  reconfigure(): Promise<void> {
    const next = this.configuring.then(() => this.applyConfig());
    this.configuring = next.catch((error: unknown) => {
      this.options.logger.error('Applying the connection settings failed', { reason: error instanceof Error ? error.message : String(error) });
    });
    return this.configuring;
  }

  /** Waits for a set-up under way, then closes the connections. */
  async stop(): Promise<void> {
    await this.configuring;
    await this.dropSupervisor();
    for (const emitter of [this.received, this.statesChanged, this.gapRecorded]) emitter.dispose();
  }

  private async applyConfig(): Promise<void> {
    if (this.options.stopped()) return;
    const settings = this.options.core.settings.get();
    this.appliedConnectionKey = connectionKey(settings);
    this.secretStatus = await this.secretKeeper.readStatus(settings);
    const config = await streamConfigFor(settings, this.options.core.secrets, this.options.clock, this.options.logger.child('auth'), this.options.core.systemProxy ?? null);
    if (this.options.stopped()) return;
    if (!config.ok) {
      // It reaches the window and the tray: a bad URL is quoted back and a keychain error may echo input.
      this.configProblem = redact(config.error.message, this.secretKeeper.known);
      this.options.logger.info('Not connecting', { reason: this.configProblem });
      this.restConnection = null;
      await this.dropSupervisor();
      this.options.scheduleStatus();
      return;
    }
    this.configProblem = null;
    const { network } = config.value.transport;
    this.restConnection = { tokenProvider: config.value.tokenProvider, ...(network ? { fetch: networkFetch(network) } : {}) };
    if (this.supervisor) {
      await this.supervisor.reconfigure(config.value);
    } else {
      const supervisor = new Supervisor({
        ...config.value,
        clock: this.options.clock,
        logger: this.options.logger.child('supervisor'),
        ...(this.options.core.timing ? { timing: this.options.core.timing } : {}),
      });
      this.supervisorListeners.add(supervisor.onDidReceive((event) => this.received.fire(event)));
      this.supervisorListeners.add(supervisor.onDidChangeState((states) => this.statesChanged.fire(states)));
      this.supervisorListeners.add(supervisor.onDidRecordGap((gap) => this.gapRecorded.fire(gap)));
      this.supervisor = supervisor;
      supervisor.start();
    }
    this.options.logger.info('Connecting', { subscriptions: config.value.subscriptions.length });
    this.options.scheduleStatus();
  }

  private async dropSupervisor(): Promise<void> {
    const supervisor = this.supervisor;
    if (supervisor === null) return;
    this.supervisor = null;
    await supervisor.stop();
    this.supervisorListeners.clear();
  }
}
