/**
 * When the app looks for, downloads and installs its own updates. Pure and driven by a Clock; the
 * shell's adapter (app/shell/updater.ts) does the talking to electron-updater.
 *
 * - Checks shortly after start and every CHECK_INTERVAL_MS; a change of channel or feed checks now.
 * - A found update downloads in the background and installs when the app quits, when the user
 *   chooses "Restart to update", or on its own once it has waited AUTO_RESTART_AFTER_MS — but never
 *   while `restartBlockedBecause` names a reason (an urgent incident nobody has seen, unsaved
 *   settings). That predicate is the one place a later "acknowledge" feature plugs into.
 * - An update server that cannot be reached is not an error anyone has to act on: the state stays
 *   idle with a quiet note and the next regular check tries again.
 * - Installs from a package manager (deb) only hear that a version exists and where to get it.
 */
import type { UpdateState } from '../../common/models';
import type { UpdateChannel, UpdateSettings } from '../../common/settings';
import type { Clock, ClockTimer, Logger } from '../ports';

/** How this installation can be updated; the shell decides from how it was installed. */
export type InstallKind =
  | { readonly kind: 'self' }
  | { readonly kind: 'package-manager' }
  | { readonly kind: 'none'; readonly reason: string };

/** A failure from the feed, in words for the user. `unreachable`: no answer at all (offline, DNS, refused, timeout). */
export class UpdateFeedError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
    this.name = 'UpdateFeedError';
  }
}

export interface UpdateFeed {
  readonly install: InstallKind;
  /** The newer version on the channel, or null when this one is current. Rejects with UpdateFeedError. */
  check(channel: UpdateChannel, feedUrl: string | null): Promise<{ readonly version: string } | null>;
  /** Downloads what the last check found; rejects with UpdateFeedError. */
  download(): Promise<void>;
  /** Quits the app, installs the downloaded update and starts the new version. */
  quitAndInstall(): void;
}

export interface UpdatePolicyOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly feed: UpdateFeed;
  readonly settings: () => UpdateSettings;
  /** Why the app must not restart on its own right now, in words; null when nothing stands in the way. */
  readonly restartBlockedBecause: () => string | null;
  readonly onDidChange: (state: UpdateState) => void;
}

export const FIRST_CHECK_DELAY_MS = 10_000;
export const CHECK_INTERVAL_MS = 4 * 3_600_000;
export const AUTO_RESTART_AFTER_MS = 24 * 3_600_000;
/** While a restart is held back, how often to look again whether it may go ahead. */
export const BLOCKED_RETRY_MS = 60_000;

const UNREACHABLE_NOTE = 'The update server could not be reached; Clay Tray will try again in a few hours.';

export class UpdatePolicy {
  private state: UpdateState = { phase: 'idle', message: '', version: null, checkedAt: null };
  private checkTimer: ClockTimer | null = null;
  private restartTimer: ClockTimer | null = null;
  private running = false;
  private busy = false;
  /** Bumped whenever settings change or the policy stops, so a late answer from an old check is dropped. */
  private generation = 0;
  private applied: UpdateSettings | null = null;

  constructor(private readonly options: UpdatePolicyOptions) {
    this.state = this.restingState();
  }

  current(): UpdateState {
    return this.state;
  }

  start(): void {
    this.running = true;
    this.applied = this.options.settings();
    if (this.active()) this.scheduleCheck(FIRST_CHECK_DELAY_MS);
    this.set(this.restingState());
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.clearTimers();
  }

  /** Call after every settings change; only a change to the update settings does anything. */
  settingsChanged(): void {
    if (!this.running) return;
    const next = this.options.settings();
    const before = this.applied;
    this.applied = next;
    if (before && before.enabled === next.enabled && before.channel === next.channel && before.feedUrl === next.feedUrl) return;
    this.generation += 1;
    this.busy = false;
    this.clearTimers();
    this.set(this.restingState());
    if (this.active()) this.scheduleCheck(0);
  }

  /** The user chose "Restart to update": their choice, so nothing holds it back. */
  restartNow(): boolean {
    if (this.state.phase !== 'ready') return false;
    this.options.logger.info('Restarting to update, as asked', { version: this.state.version });
    this.install();
    return true;
  }

  private active(): boolean {
    return this.options.settings().enabled && this.options.feed.install.kind !== 'none';
  }

  private restingState(): UpdateState {
    const { install } = this.options.feed;
    const { checkedAt } = this.state;
    if (install.kind === 'none') return { phase: 'unavailable', message: install.reason, version: null, checkedAt: null };
    if (!this.options.settings().enabled) return { phase: 'off', message: 'Automatic updates are off.', version: null, checkedAt };
    return { phase: 'idle', message: checkedAt ? 'Clay Tray is up to date.' : 'Clay Tray will look for updates shortly.', version: null, checkedAt };
  }

  private scheduleCheck(ms: number): void {
    if (this.checkTimer !== null) this.options.clock.clearTimeout(this.checkTimer);
    this.checkTimer = this.options.clock.setTimeout(() => {
      this.checkTimer = null;
      void this.check();
    }, ms);
  }

  private async check(): Promise<void> {
    if (!this.running || !this.active()) return;
    this.scheduleCheck(CHECK_INTERVAL_MS);
    // A found update is already downloading or waiting for a restart: asking again adds nothing.
    if (this.busy || this.state.phase === 'ready' || this.state.phase === 'use-package-manager') return;
    const generation = this.generation;
    const { channel, feedUrl } = this.options.settings();
    this.busy = true;
    this.set({ ...this.state, phase: 'checking', message: 'Looking for updates…' });
    try {
      const found = await this.options.feed.check(channel, feedUrl);
      if (generation !== this.generation) return;
      const checkedAt = new Date(this.options.clock.now()).toISOString();
      if (found === null) {
        this.set({ phase: 'idle', message: 'Clay Tray is up to date.', version: null, checkedAt });
        return;
      }
      if (this.options.feed.install.kind === 'package-manager') {
        this.set({
          phase: 'use-package-manager',
          message: `Clay Tray ${found.version} is available. Update it with your package manager (for example Software Updater, or "sudo apt update && sudo apt upgrade").`,
          version: found.version,
          checkedAt,
        });
        return;
      }
      this.set({ phase: 'downloading', message: `Downloading Clay Tray ${found.version} in the background…`, version: found.version, checkedAt });
      await this.options.feed.download();
      if (generation !== this.generation) return;
      this.downloaded(found.version, checkedAt);
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed(error);
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  private downloaded(version: string, checkedAt: string): void {
    this.options.logger.info('Update downloaded', { version });
    this.set(this.readyState(version, checkedAt));
    this.restartTimer = this.options.clock.setTimeout(() => this.restartWhenFree(), AUTO_RESTART_AFTER_MS);
  }

  private readyState(version: string, checkedAt: string | null): UpdateState {
    const blocked = this.options.restartBlockedBecause();
    const lead = `Clay Tray ${version} is ready. It installs when you quit, or choose Restart to update.`;
    return {
      phase: 'ready',
      message: blocked ? `${lead} It will not restart on its own while ${blocked}.` : lead,
      version,
      checkedAt,
    };
  }

  private restartWhenFree(): void {
    this.restartTimer = null;
    if (!this.running || this.state.phase !== 'ready' || !this.active()) return;
    const blocked = this.options.restartBlockedBecause();
    if (blocked !== null) {
      this.options.logger.info('Update restart held back', { because: blocked });
      this.set(this.readyState(this.state.version ?? '', this.state.checkedAt));
      this.restartTimer = this.options.clock.setTimeout(() => this.restartWhenFree(), BLOCKED_RETRY_MS);
      return;
    }
    this.options.logger.info('Restarting to install the update', { version: this.state.version });
    this.install();
  }

  private install(): void {
    this.stop();
    this.options.feed.quitAndInstall();
  }

  private failed(error: unknown): void {
    const unreachable = error instanceof UpdateFeedError && error.unreachable;
    const words = error instanceof UpdateFeedError ? error.message : 'Something unexpected went wrong.';
    this.options.logger.warn(unreachable ? 'Update server not reachable' : 'Update failed', { reason: error instanceof Error ? error.message : String(error) });
    if (unreachable) {
      this.set({ phase: 'idle', message: UNREACHABLE_NOTE, version: null, checkedAt: this.state.checkedAt });
      return;
    }
    this.set({ phase: 'failed', message: `The update did not work: ${words} Clay Tray will try again at the next check.`, version: this.state.version, checkedAt: this.state.checkedAt });
  }

  private clearTimers(): void {
    if (this.checkTimer !== null) this.options.clock.clearTimeout(this.checkTimer);
    if (this.restartTimer !== null) this.options.clock.clearTimeout(this.restartTimer);
    this.checkTimer = null;
    this.restartTimer = null;
  }

  private set(state: UpdateState): void {
    const before = this.state;
    this.state = state;
    if (before.phase !== state.phase || before.message !== state.message || before.version !== state.version || before.checkedAt !== state.checkedAt) {
      this.options.onDidChange(state);
    }
  }
}
