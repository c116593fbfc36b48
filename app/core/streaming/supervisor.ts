/**
 * Owns every subscription's connection and keeps each one trying forever: capped exponential
 * backoff with jitter, a longer pause after a server Close without allowReconnect, an immediate
 * retry on `reconnectNow()`. It de-duplicates events across subscriptions, keeps a typed state per
 * subscription, and records the offline span when a lost connection comes back.
 */
import { Emitter, type Event } from '../../common/event';
import type { AggregatePhase, ClayEvent, OfflineGap, SubscriptionState } from '../../common/models';
import type { TokenProvider } from './auth';
import { aggregatePhase } from './aggregate-phase';
import { DedupeWindow } from './dedupe';
import { hubUrl, subscriptionId } from './endpoints';
import type { Clock, Logger } from '../ports';
import { silentLogger, systemClock } from '../ports';
import type { HubTransport } from './stream';
import type { StreamTiming, SubscriptionSpec } from './stream-timing';
import { DEFAULT_TIMING } from './stream-timing';
import { SubscriptionRunner } from './subscription-runner';

export interface SupervisorOptions {
  readonly baseUrl: string;
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly tokenProvider: TokenProvider;
  /** Proxy, certificate authorities and token placement; default direct, token in the header. */
  readonly transport?: HubTransport;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly timing?: Partial<StreamTiming>;
  readonly dedupeWindow?: number;
  /** Jitter source; tests may pin it. */
  readonly random?: () => number;
}

export class Supervisor {
  private runners: SubscriptionRunner[] = [];
  private started = false;
  private reading = true;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timing: Required<StreamTiming>;
  private readonly dedupe: DedupeWindow;
  private readonly random: () => number;
  private readonly received: Emitter<ClayEvent>;
  private readonly stateChanged: Emitter<readonly SubscriptionState[]>;
  private readonly gapRecorded: Emitter<OfflineGap>;
  private readonly skipped: Emitter<string>;
  readonly onDidReceive: Event<ClayEvent>;
  readonly onDidChangeState: Event<readonly SubscriptionState[]>;
  readonly onDidRecordGap: Event<OfflineGap>;
  /** A message that carried nothing to read and was left out, in words. */
  readonly onDidSkipMessage: Event<string>;
  private config: Pick<SupervisorOptions, 'baseUrl' | 'subscriptions' | 'tokenProvider' | 'transport'>;

  constructor(options: SupervisorOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timing = { ...DEFAULT_TIMING, ...definedOnly(options.timing ?? {}) };
    this.dedupe = new DedupeWindow(options.dedupeWindow ?? 10_000);
    this.random = options.random ?? Math.random;
    // One failing consumer (history, alerts, UI) must not stop the stream for the others.
    const onListenerError = (error: unknown): void => this.logger.error(`A listener failed: ${error instanceof Error ? error.message : String(error)}`);
    this.received = new Emitter({ onListenerError });
    this.stateChanged = new Emitter({ onListenerError });
    this.gapRecorded = new Emitter({ onListenerError });
    this.skipped = new Emitter({ onListenerError });
    this.onDidReceive = this.received.event;
    this.onDidChangeState = this.stateChanged.event;
    this.onDidRecordGap = this.gapRecorded.event;
    this.onDidSkipMessage = this.skipped.event;
    this.config = { baseUrl: options.baseUrl, subscriptions: options.subscriptions, tokenProvider: options.tokenProvider, transport: options.transport };
    this.runners = this.createRunners();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const runner of this.runners) runner.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  reconnectNow(): void {
    for (const runner of this.runners) runner.retryNow();
  }

  /**
   * Flow control for a consumer that cannot keep up (the CLI's stdout pipe): false stops reading
   * from every live connection, so events wait in the network buffers instead of in memory; true
   * reads again. A pause longer than the server timeout ends in a reconnect and a recorded gap.
   */
  setReading(on: boolean): void {
    this.reading = on;
    for (const runner of this.runners) runner.setReading(on);
  }

  /**
   * After sleep or a network change a live socket may be dead without either side knowing, and
   * whatever was sent meanwhile is gone: replace every live connection now, recording the gap from
   * `lostAt` (when the machine slept or the network went, epoch ms), and retry the waiting ones.
   */
  renewConnections(lostAt: number): void {
    for (const runner of this.runners) runner.renew(lostAt);
  }

  async reconfigure(options: { baseUrl: string; subscriptions: readonly SubscriptionSpec[]; tokenProvider: TokenProvider; transport?: HubTransport }): Promise<void> {
    const wasStarted = this.started;
    await this.stop();
    this.config = options;
    this.runners = this.createRunners();
    this.stateChanged.fire(this.states());
    if (wasStarted) this.start();
  }

  states(): readonly SubscriptionState[] {
    return this.runners.map((runner) => runner.snapshot());
  }

  aggregate(): AggregatePhase {
    return aggregatePhase(this.states());
  }

  private createRunners(): SubscriptionRunner[] {
    const seen = new Set<string>();
    const runners: SubscriptionRunner[] = [];
    for (const spec of this.config.subscriptions) {
      const id = subscriptionId(spec.stream, spec.site);
      if (seen.has(id)) continue;
      seen.add(id);
      runners.push(
        new SubscriptionRunner(spec, {
          url: hubUrl(this.config.baseUrl, spec.stream, spec.site),
          tokenProvider: this.config.tokenProvider,
          transport: this.config.transport ?? {},
          clock: this.clock,
          logger: this.logger.child(id),
          timing: this.timing,
          random: this.random,
          onEvent: (event) => {
            if (event.id !== null && this.dedupe.seen(event.key)) return;
            this.received.fire(event);
          },
          onState: () => this.stateChanged.fire(this.states()),
          onGap: (gap) => this.gapRecorded.fire(gap),
          reading: () => this.reading,
          onSkipped: (note) => {
            this.logger.warn(note);
            this.skipped.fire(note);
          },
        }),
      );
    }
    return runners;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
