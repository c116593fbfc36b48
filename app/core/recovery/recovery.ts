/**
 * Fills offline gaps from the Core REST API. For each gap it queries the stream's collection for the
 * gap's site and span (widened by a margin on both sides), stores what history does not hold yet as
 * `recovered`, and — because the collections lag behind the stream — asks again after each re-check
 * delay before calling the gap closed. Network and server errors are retried with backoff; a refused
 * sign-in, a forbidden collection or a wrong address (401/403/404) stop that gap with the reason.
 */
import type { ClayEvent, GapRecovery, OfflineGap } from '../../common/models';
import type { CoreRestClient, SpanResult } from './core-rest';
import { RestFailure } from './core-rest';
import { normaliseEvent } from '../streaming/events';
import type { Clock, ClockTimer, Logger } from '../ports';
import { silentLogger } from '../ports';
import { backoffDelay } from '../streaming/retry';

export interface RecoveryTiming {
  /** Added before and after the gap, so events near its edges (clocks differ) are not missed. */
  readonly marginMs: number;
  /** Further queries after the first, each this long after the gap was first queried. */
  readonly recheckDelaysMs: readonly number[];
  /** Attempts per query before giving up on a gap. */
  readonly attempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export const DEFAULT_RECOVERY_TIMING: RecoveryTiming = {
  marginMs: 2 * 60_000,
  recheckDelaysMs: [60_000, 5 * 60_000],
  attempts: 4,
  retryBaseMs: 5_000,
  retryMaxMs: 60_000,
};

/** The REST client to use now, or why there is none (e.g. no REST address known for production). */
export type RecoverySource = { readonly client: CoreRestClient } | { readonly reason: string };

export interface RecoveryProgress {
  /** The gap with its recovery state. */
  readonly gap: OfflineGap;
  /** Every event recovered for this gap so far. */
  readonly recovered: readonly ClayEvent[];
  /** How many of them this pass found. */
  readonly added: number;
}

export interface RecoveryOptions {
  readonly source: () => RecoverySource;
  /** Stores a recovered event; false when history holds its key already. */
  readonly store: (event: ClayEvent) => boolean;
  /** After every pass and when a gap stops. */
  readonly onProgress: (progress: RecoveryProgress) => void;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly timing?: Partial<RecoveryTiming>;
  readonly random?: () => number;
}

interface Job {
  readonly gap: OfflineGap;
  readonly abort: AbortController;
  timer: ClockTimer | null;
  wake: (() => void) | null;
}

export class RecoveryCoordinator {
  private readonly jobs = new Map<string, Job>();
  /** Gaps waiting for a REST address (or another setting), tried again on `resumeWaiting()`. */
  private readonly waiting = new Map<string, OfflineGap>();
  private readonly timing: RecoveryTiming;
  private readonly logger: Logger;
  private disposed = false;

  constructor(private readonly options: RecoveryOptions) {
    this.timing = { ...DEFAULT_RECOVERY_TIMING, ...options.timing };
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts recovering a gap; a gap with the same key (the span grew) replaces the running one. */
  recover(gap: OfflineGap): void {
    if (this.disposed) return;
    this.cancel(gap.key);
    this.waiting.delete(gap.key);
    const job: Job = { gap, abort: new AbortController(), timer: null, wake: null };
    this.jobs.set(gap.key, job);
    this.run(job)
      .catch((error: unknown) => {
        // Every expected failure is handled inside; this is a bug, so it is logged loudly.
        this.logger.error('Recovery crashed', { gap: gap.key, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      })
      .finally(() => {
        if (this.jobs.get(gap.key) === job) this.jobs.delete(gap.key);
      });
  }

  /** Tries again every gap that waited for a setting. */
  resumeWaiting(): void {
    for (const gap of [...this.waiting.values()]) this.recover(gap);
  }

  /** Gaps being recovered (including those between re-checks). */
  get active(): number {
    return this.jobs.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const key of [...this.jobs.keys()]) this.cancel(key);
    this.waiting.clear();
  }

  private cancel(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    this.jobs.delete(key);
    job.abort.abort();
    if (job.timer !== null) this.options.clock.clearTimeout(job.timer);
    job.wake?.();
  }

  private async run(job: Job): Promise<void> {
    const { gap } = job;
    const found: ClayEvent[] = [];
    const delays = [0, ...this.timing.recheckDelaysMs];
    let waited = 0;
    let note: string | null = null;
    for (const [pass, at] of delays.entries()) {
      await this.sleep(job, at - waited);
      waited = at;
      if (job.abort.signal.aborted) return;
      const source = this.options.source();
      if ('reason' in source) {
        this.waiting.set(gap.key, gap);
        this.report(job, { state: 'waiting', recovered: found.length, reason: source.reason }, found, 0);
        return;
      }
      const result = await this.fetchWithRetry(job, source.client);
      if (job.abort.signal.aborted) return;
      if (result instanceof RestFailure) {
        this.logger.warn('Recovery stopped', { gap: gap.key, reason: result.message });
        this.report(job, { state: 'failed', recovered: found.length, reason: result.message }, found, 0);
        return;
      }
      const added = this.merge(gap, result, found);
      if (!result.complete) note = `only the newest ${result.pages} pages could be fetched`;
      const last = pass === delays.length - 1;
      this.logger.info('Recovery pass done', { gap: gap.key, pass: pass + 1, items: result.items.length, added });
      this.report(job, { state: last ? 'done' : 'checking', recovered: found.length, reason: note }, found, added);
    }
  }

  private merge(gap: OfflineGap, result: SpanResult, found: ClayEvent[]): number {
    const receivedAt = new Date(this.options.clock.now()).toISOString();
    let added = 0;
    for (const item of result.items) {
      const event = normaliseEvent(item, { stream: gap.stream, site: gap.site, receivedAt, recovered: true });
      if (!this.options.store(event)) continue;
      found.push(event);
      added += 1;
    }
    return added;
  }

  private async fetchWithRetry(job: Job, client: CoreRestClient): Promise<SpanResult | RestFailure> {
    const { gap } = job;
    const span = {
      stream: gap.stream,
      site: gap.site,
      from: Date.parse(gap.from) - this.timing.marginMs,
      to: Date.parse(gap.to) + this.timing.marginMs,
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await client.fetchSpan(span, job.abort.signal);
      } catch (error) {
        const failure = error instanceof RestFailure ? error : new RestFailure('network', String(error), null);
        if (job.abort.signal.aborted) return failure;
        if (failure.permanent) return failure;
        if (attempt >= this.timing.attempts) {
          return new RestFailure(failure.kind, `${failure.message}, ${attempt} times in a row`, failure.status);
        }
        const delay = backoffDelay(attempt, { baseDelayMs: this.timing.retryBaseMs, maxDelayMs: this.timing.retryMaxMs }, this.options.random);
        this.logger.info('Recovery query failed; retrying', { gap: gap.key, attempt, reason: failure.message, delayMs: delay });
        await this.sleep(job, delay);
        if (job.abort.signal.aborted) return failure;
      }
    }
  }

  private report(job: Job, recovery: GapRecovery, found: readonly ClayEvent[], added: number): void {
    if (job.abort.signal.aborted || this.disposed) return;
    this.options.onProgress({ gap: { ...job.gap, recovery }, recovered: found, added });
  }

  private sleep(job: Job, ms: number): Promise<void> {
    if (ms <= 0 || job.abort.signal.aborted) return Promise.resolve();
    const { clock } = this.options;
    return new Promise((resolve) => {
      const done = (): void => {
        job.timer = null;
        job.wake = null;
        resolve();
      };
      job.wake = done;
      job.timer = clock.setTimeout(done, ms);
    });
  }
}
