import type { SubscriptionState, SubscriptionStatus } from '../../common/models';
import { isPermanentAuthError } from './auth';
import { subscriptionId } from './endpoints';
import { normaliseEvent } from './events';
import type { ClockTimer } from '../ports';
import { safeLine } from '../../common/safe-text';
import { redact } from '../diagnostics/redact';
import { backoffDelay } from './retry';
import type { HubSession } from './stream';
import { MAX_HUB_MESSAGE_BYTES } from './hub-socket';
import { HubConnectFailure } from './stream';
import type { RunnerDeps, WaitPhase } from './subscription-connection';
import { connectSubscription, iso, seconds } from './subscription-connection';
import type { SubscriptionSpec } from './stream-timing';

/** One subscription's never-ending connect loop. */
export class SubscriptionRunner {
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
        session = await connectSubscription(this.deps, (argument) => this.receive(argument), this.abort.signal);
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
