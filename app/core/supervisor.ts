/**
 * Owns every subscription's connection and keeps each one trying forever: capped exponential
 * backoff with jitter, a longer pause after a server Close without allowReconnect, an immediate
 * retry on `reconnectNow()`. It de-duplicates events across subscriptions, keeps a typed state per
 * subscription, and records the offline span when a lost connection comes back.
 */
import type {
  AggregatePhase,
  ClayEvent,
  OfflineGap,
  StreamKind,
  SubscriptionState,
  SubscriptionStatus,
} from '../common/models';
import type { Result } from '../common/result';
import { fail, ok } from '../common/result';
import type { TokenProvider } from './auth';
import { isPermanentAuthError } from './auth';
import { DedupeWindow } from './dedupe';
import { hubUrl, subscriptionId } from './endpoints';
import { normaliseEvent } from './events';
import type { Clock, ClockTimer, Logger } from './ports';
import { silentLogger, systemClock } from './ports';
import { safeLine } from '../common/safe-text';
import { redact } from './redact';
import { backoffDelay } from './retry';
import type { HubSession, HubTransport } from './stream';
import { connectHub, HubConnectFailure, MAX_HUB_MESSAGE_BYTES } from './stream';

export interface SubscriptionSpec {
  readonly stream: StreamKind;
  readonly site: string | null;
}

export interface StreamTiming {
  baseDelayMs: number;
  maxDelayMs: number;
  /** The least wait after a server Close without allowReconnect. */
  closedByServerDelayMs: number;
  serverTimeoutMs: number;
  keepAliveMs: number;
  /** Failed attempts in one outage after which a subscription shows as offline rather than reconnecting. */
  offlineAfterAttempts?: number;
  /** Bound on the upgrade plus handshake of one attempt. */
  connectTimeoutMs?: number;
  /**
   * A connection that delivered no event and dropped sooner than this counts as flapping, and the
   * wait after each grows. One that delivered an event, or lasted this long, made progress: the
   * next try comes after the first step of the backoff again.
   */
  stableAfterMs?: number;
}

export const DEFAULT_TIMING: Required<StreamTiming> = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  // Long enough not to hammer a server that said go away, short enough that a restarted hub is back within seconds.
  closedByServerDelayMs: 10_000,
  serverTimeoutMs: 30_000,
  keepAliveMs: 15_000,
  offlineAfterAttempts: 3,
  connectTimeoutMs: 20_000,
  stableAfterMs: 10_000,
};

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

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private readonly logger: Logger) {}

  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        // One failing consumer (history, alerts, UI) must not stop the stream for the others.
        this.logger.error(`A listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
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
  private config: Pick<SupervisorOptions, 'baseUrl' | 'subscriptions' | 'tokenProvider' | 'transport'>;

  constructor(options: SupervisorOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timing = { ...DEFAULT_TIMING, ...definedOnly(options.timing ?? {}) };
    this.dedupe = new DedupeWindow(options.dedupeWindow ?? 10_000);
    this.random = options.random ?? Math.random;
    this.received = new Emitter(this.logger);
    this.stateChanged = new Emitter(this.logger);
    this.gapRecorded = new Emitter(this.logger);
    this.skipped = new Emitter(this.logger);
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

  onDidReceive(listener: (event: ClayEvent) => void): () => void {
    return this.received.on(listener);
  }

  onDidChangeState(listener: (states: readonly SubscriptionState[]) => void): () => void {
    return this.stateChanged.on(listener);
  }

  onDidRecordGap(listener: (gap: OfflineGap) => void): () => void {
    return this.gapRecorded.on(listener);
  }

  /** A message that carried nothing to read and was left out, in words. */
  onDidSkipMessage(listener: (note: string) => void): () => void {
    return this.skipped.on(listener);
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

const PHASE_RANK: Readonly<Record<AggregatePhase, number>> = { 'auth-failed': 4, offline: 3, connecting: 2, connected: 1, stopped: 0 };

/** The worst phase over all subscriptions: what the tray shows. */
export function aggregatePhase(states: readonly SubscriptionState[]): AggregatePhase {
  let worst: AggregatePhase = 'stopped';
  for (const state of states) {
    const phase: AggregatePhase = state.status.phase === 'reconnecting' ? 'connecting' : state.status.phase;
    if (PHASE_RANK[phase] > PHASE_RANK[worst]) worst = phase;
  }
  return worst;
}

interface RunnerDeps {
  readonly url: string;
  readonly tokenProvider: TokenProvider;
  readonly transport: HubTransport;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: Required<StreamTiming>;
  readonly random: () => number;
  readonly onEvent: (event: ClayEvent) => void;
  readonly onState: () => void;
  readonly onGap: (gap: OfflineGap) => void;
  readonly onSkipped: (note: string) => void;
  /** Whether connections should read now (see Supervisor.setReading). */
  readonly reading: () => boolean;
}

type WaitPhase = 'reconnecting' | 'offline' | 'auth-failed';

/** One subscription's never-ending connect loop. */
class SubscriptionRunner {
  readonly id: string;
  private status: SubscriptionStatus = { phase: 'stopped' };
  private lastError: string | null = null;
  private lastEventAt: string | null = null;
  private offlineSince: string | null = null;
  private everConnected = false;
  /** Failed connects since the last success: drives the backoff. */
  private failures = 0;
  /**
   * Connections in a row that dropped before stableAfterMs without delivering an event: keeps a
   * server that accepts and then hangs up from being hammered. A connection that delivered events
   * was not flapping, so it starts the count again (as the official client's policy starts at 0 s).
   */
  private flaps = 0;
  /** Events received on the current connection. */
  private sessionEvents = 0;
  /** The live connection, for flow control; null while connecting or waiting. */
  private session: HubSession | null = null;
  /** The attempt number shown to the user: reset when connected. */
  private outageAttempts = 0;
  /** Upgrades refused (401/403) in a row; two in a row, the second with a fresh token, mean the credentials are wrong. */
  private refusals = 0;
  private running = false;
  private loop: Promise<void> | null = null;
  private abort = new AbortController();
  private wake: (() => void) | null = null;
  /** Set while connected: ends the live session so the loop connects again at once. */
  private renewSession: ((lostAt: number) => void) | null = null;
  private stopped: () => void = () => undefined;
  /** When the current attempt's connection came up; null while connecting or waiting. */
  private sessionConnectedAt: number | null = null;
  private receivedMs = NaN;
  private receivedIso = '';
  /** Connections in a row ended by an oversize message soon after they opened. */
  private oversizeInARow = 0;

  constructor(
    private readonly spec: SubscriptionSpec,
    private readonly deps: RunnerDeps,
  ) {
    this.id = subscriptionId(spec.stream, spec.site);
  }

  snapshot(): SubscriptionState {
    return {
      id: this.id,
      stream: this.spec.stream,
      site: this.spec.site,
      status: this.status,
      lastError: this.lastError,
      lastEventAt: this.lastEventAt,
      offlineSince: this.offlineSince,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    const stoppedSignal = new Promise<void>((resolve) => {
      this.stopped = resolve;
    });
    this.loop = this.run(stoppedSignal).catch((error: unknown) => {
      // The loop handles every expected failure itself; reaching here is a bug, so say so loudly.
      this.deps.logger.error(`Connection loop crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    this.stopped();
    this.wake?.();
    await this.loop;
    this.loop = null;
    this.setStatus({ phase: 'stopped' });
  }

  retryNow(): void {
    if (!this.running || !this.wake) return;
    this.failures = 0;
    this.flaps = 0;
    this.deps.logger.info('Retrying now.');
    this.wake();
  }

  setReading(on: boolean): void {
    this.session?.setReading(on);
  }

  renew(lostAt: number): void {
    if (this.renewSession) this.renewSession(Math.min(lostAt, this.deps.clock.now()));
    else this.retryNow();
  }

  private async run(stoppedSignal: Promise<void>): Promise<void> {
    const { logger, timing } = this.deps;
    while (this.running) {
      this.outageAttempts += 1;
      this.sessionConnectedAt = null;
      this.sessionEvents = 0;
      const attempt = this.outageAttempts;
      this.setStatus(this.everConnected ? { phase: 'reconnecting', attempt, nextRetryAt: null } : { phase: 'connecting', attempt });
      let session: HubSession;
      try {
        session = await connectHub({
          url: this.deps.url,
          tokenProvider: this.deps.tokenProvider,
          ...this.deps.transport,
          serverTimeoutMs: timing.serverTimeoutMs,
          keepAliveMs: timing.keepAliveMs,
          connectTimeoutMs: timing.connectTimeoutMs,
          onMessage: (argument) => this.receive(argument),
          logger,
          clock: this.deps.clock,
          signal: this.abort.signal,
        });
      } catch (error) {
        if (!this.running) break;
        await this.afterFailedConnect(error);
        continue;
      }
      if (!this.running) {
        await session.stop();
        break;
      }
      const connectedAt = this.markConnected();
      this.session = session;
      if (!this.deps.reading()) session.setReading(false);
      const renewed = new Promise<{ readonly renewedFrom: number }>((resolve) => {
        this.renewSession = (lostAt) => resolve({ renewedFrom: lostAt });
      });
      const closed = await Promise.race([session.closed, stoppedSignal.then(() => null), renewed]);
      this.renewSession = null;
      this.session = null;
      if (closed === null) {
        await session.stop();
        break;
      }
      if ('renewedFrom' in closed) {
        await session.stop();
        // Events sent from the moment the machine slept (or the network went) never reached us.
        this.offlineSince = iso(Math.max(closed.renewedFrom, connectedAt));
        logger.info('Replacing the connection after sleep or a network change.');
        continue;
      }
      const now = this.deps.clock.now();
      this.offlineSince = iso(now);
      this.lastError = safeLine(redact(closed.reason));
      if (!closed.oversize) this.oversizeInARow = 0;
      else if (await this.afterOversize(now - connectedAt)) continue;
      // A server that closes may be refusing this token (e.g. on expiry): never offer it again.
      if (closed.serverClose && session.token) this.deps.tokenProvider.invalidate(session.token);
      const progressed = this.sessionEvents > 0 || now - connectedAt >= timing.stableAfterMs;
      this.flaps = progressed ? 0 : this.flaps + 1;
      const backoff = backoffDelay(Math.max(1, this.flaps), timing, this.deps.random);
      const delay = closed.serverClose && !closed.serverClose.allowReconnect ? Math.max(timing.closedByServerDelayMs, backoff) : backoff;
      logger.warn(`Connection lost: ${this.lastError} Reconnecting in ${seconds(delay)}.`);
      await this.pause('reconnecting', delay);
    }
  }

  /**
   * Once per session. A message that arrives in the same packet as the handshake answer is handled
   * before the client's start() resolves; marking the connection then keeps the gap before its events.
   */
  private markConnected(): number {
    if (this.sessionConnectedAt !== null) return this.sessionConnectedAt;
    const now = this.deps.clock.now();
    this.sessionConnectedAt = now;
    const wasOffline = this.offlineSince;
    this.everConnected = true;
    this.outageAttempts = 0;
    this.failures = 0;
    this.refusals = 0;
    this.lastError = null;
    this.offlineSince = null;
    this.setStatus({ phase: 'connected', since: iso(now) });
    this.deps.logger.info(`Connected to ${this.deps.url}.`);
    if (wasOffline !== null) {
      this.deps.onGap({ key: `gap:${this.id}:${wasOffline}`, stream: this.spec.stream, site: this.spec.site, from: wasOffline, to: iso(now) });
    }
    return now;
  }

  private async afterFailedConnect(error: unknown): Promise<void> {
    const { logger, timing, tokenProvider } = this.deps;
    const failure = error instanceof HubConnectFailure ? error : new HubConnectFailure('other', String(error), null);
    // Events already flowed in this attempt, so it counts as a connection that was lost.
    if (this.sessionConnectedAt !== null) this.offlineSince = iso(this.deps.clock.now());
    if (this.sessionEvents > 0) this.flaps = 0;
    this.failures += 1;
    let phase: WaitPhase = this.outageAttempts >= timing.offlineAfterAttempts ? 'offline' : 'reconnecting';
    let delay = backoffDelay(this.failures + this.flaps, timing, this.deps.random);
    if (failure.kind === 'refused') {
      this.refusals += 1;
      if (this.refusals >= 2) phase = 'auth-failed';
      // The first refusal may just be an expired token: try a fresh one soon.
      else delay = backoffDelay(1, timing, this.deps.random);
    } else if (failure.kind === 'token' && isPermanentAuthError(failure.cause)) {
      phase = 'auth-failed';
    }
    if (failure.token && (failure.kind === 'refused' || failure.kind === 'handshake' || failure.kind === 'other')) {
      tokenProvider.invalidate(failure.token);
    }
    this.lastError = safeLine(redact(failure.message));
    logger.warn(`Connect attempt ${this.outageAttempts} failed (${failure.kind}): ${this.lastError} Retrying in ${seconds(delay)}.`);
    await this.pause(phase, delay);
  }

  /**
   * An oversize message ends the socket (ws cannot skip one). The first time, reconnect as after
   * any drop: the message is gone, the span is recorded as a gap. If a fresh connection gets one
   * again before it is stable, the server is resending it: wait for the user's Reconnect instead
   * of looping. True when this took care of the wait.
   */
  private async afterOversize(livedMs: number): Promise<boolean> {
    const { logger, timing } = this.deps;
    const limit = `${MAX_HUB_MESSAGE_BYTES / 1024 / 1024} MiB`;
    this.oversizeInARow = livedMs < timing.stableAfterMs ? this.oversizeInARow + 1 : 1;
    if (this.oversizeInARow < 2) {
      this.lastError = `The hub sent a message larger than ${limit}; it was dropped. Events sent while reconnecting may be missing.`;
      logger.warn(`Dropped a hub message larger than ${limit} (the connection closed with it); reconnecting.`);
      return false;
    }
    this.lastError = `The hub keeps sending a message larger than ${limit} right after connecting, so this connection waits instead of looping. Reconnect (or restart the command) to try again.`;
    logger.error(`Dropped a hub message larger than ${limit} again right after reconnecting; waiting for a manual reconnect.`);
    await this.waitForUser();
    return true;
  }

  /** Waits until retryNow() or stop(), showing offline with no retry time. */
  private waitForUser(): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.setStatus({ phase: 'offline', attempt: this.outageAttempts + 1, nextRetryAt: null });
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }

  /** Waits before the next attempt; retryNow() and stop() cut it short. */
  private pause(phase: WaitPhase, delay: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    const { clock } = this.deps;
    this.setStatus({ phase, attempt: this.outageAttempts + 1, nextRetryAt: iso(clock.now() + delay) });
    return new Promise((resolve) => {
      let timer: ClockTimer | null = null;
      const done = (): void => {
        if (timer !== null) clock.clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
      timer = clock.setTimeout(done, delay);
    });
  }

  private receive(argument: unknown): void {
    if (this.sessionConnectedAt === null) this.markConnected();
    this.sessionEvents += 1;
    if (argument === undefined) {
      // Printing it as an empty payload would look like a real event whose text was "".
      this.deps.onSkipped(`${this.id}: skipped a message without an argument (nothing to read).`);
      return;
    }
    const now = this.deps.clock.now();
    // Bursts arrive within one millisecond; formatting the time once per millisecond is measurably cheaper.
    if (now !== this.receivedMs) {
      this.receivedMs = now;
      this.receivedIso = iso(now);
    }
    const receivedAt = this.receivedIso;
    this.lastEventAt = receivedAt;
    this.deps.onEvent(normaliseEvent(argument, { stream: this.spec.stream, site: this.spec.site, receivedAt }, this.reportUnreadable));
  }

  /** Each kind of problem is a warning once per subscription, then debug: a stream of odd payloads must not flood the log. */
  private readonly reportedProblems = new Set<string>();
  private readonly reportUnreadable = (problem: string, fields: Readonly<Record<string, unknown>>): void => {
    const first = !this.reportedProblems.has(problem);
    this.reportedProblems.add(problem);
    this.deps.logger[first ? 'warn' : 'debug'](`${problem}; it is kept in history as raw text.`, fields);
  };

  private setStatus(status: SubscriptionStatus): void {
    this.status = status;
    this.deps.onState();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One connect for "Test connection": fetch a token, upgrade, handshake, close. Failures in plain language. */
export async function probeHub(options: {
  baseUrl: string;
  stream: StreamKind;
  site: string | null;
  tokenProvider: TokenProvider;
  timeoutMs: number;
  logger?: Logger;
  transport?: HubTransport;
}): Promise<Result<null>> {
  const url = hubUrl(options.baseUrl, options.stream, options.site);
  try {
    const session = await connectHub({
      url,
      tokenProvider: options.tokenProvider,
      ...options.transport,
      serverTimeoutMs: Math.max(options.timeoutMs, 30_000),
      keepAliveMs: 15_000,
      connectTimeoutMs: options.timeoutMs,
      onMessage: () => undefined,
      logger: options.logger ?? silentLogger,
    });
    await session.stop();
    return ok(null);
  } catch (error) {
    const failure = error instanceof HubConnectFailure ? error : new HubConnectFailure('other', String(error), null);
    if (failure.token && failure.kind === 'refused') options.tokenProvider.invalidate(failure.token);
    return fail(failure.kind, redact(probeMessage(failure, url)));
  }
}

function probeMessage(failure: HubConnectFailure, url: string): string {
  switch (failure.kind) {
    case 'token':
      return `Getting a token failed: ${failure.message}`;
    case 'refused':
      return `The hub at ${url} refused the token (HTTP ${failure.status}). It may have expired, or lack a Core API scope.`;
    case 'http':
      return `The hub at ${url} answered HTTP ${failure.status}${failure.status === 404 ? '; check the base URL and site id' : ''}.`;
    case 'network':
      return `The hub at ${url} could not be reached. Check the network and the base URL. (${failure.message})`;
    case 'certificate':
    case 'proxy':
      return failure.message;
    case 'handshake':
      return `The hub at ${url} accepted the connection but refused the SignalR handshake: ${failure.message}`;
    case 'timeout':
      return `The hub at ${url} did not answer in time.`;
    case 'aborted':
      return 'The test was cancelled.';
    case 'other':
      return `Connecting to ${url} failed: ${failure.message}`;
  }
}
