import { describe, expect, it } from 'vitest';
import type { UpdateState } from '../../../app/common/models';
import type { UpdateChannel, UpdateSettings } from '../../../app/common/settings';
import { silentLogger } from '../../../app/core/ports';
import {
  AUTO_RESTART_AFTER_MS,
  BLOCKED_RETRY_MS,
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  UpdateFeedError,
  UpdatePolicy,
  type InstallKind,
  type UpdateFeed,
} from '../../../app/core/updates/update-policy';
import { ManualClock } from '../../support/clock';

/** A feed whose answers the test sets; it records what the policy asked. */
class ScriptedFeed implements UpdateFeed {
  readonly checks: { channel: UpdateChannel; feedUrl: string | null }[] = [];
  downloads = 0;
  installs = 0;
  answer: () => Promise<{ version: string } | null> = () => Promise.resolve(null);

  constructor(readonly install: InstallKind = { kind: 'self' }) {}

  check(channel: UpdateChannel, feedUrl: string | null): Promise<{ readonly version: string } | null> {
    this.checks.push({ channel, feedUrl });
    return this.answer();
  }

  download(): Promise<void> {
    this.downloads += 1;
    return Promise.resolve();
  }

  quitAndInstall(): void {
    this.installs += 1;
  }
}

function setup(options: { install?: InstallKind; settings?: Partial<UpdateSettings> } = {}) {
  const clock = new ManualClock();
  const feed = new ScriptedFeed(options.install);
  let settings: UpdateSettings = { enabled: true, channel: 'stable', feedUrl: null, ...options.settings };
  let blocked: string | null = null;
  const states: UpdateState[] = [];
  const policy = new UpdatePolicy({
    clock,
    logger: silentLogger,
    feed,
    settings: () => settings,
    restartBlockedBecause: () => blocked,
    onDidChange: (state) => states.push(state),
  });
  return {
    clock,
    feed,
    policy,
    states,
    setSettings(change: Partial<UpdateSettings>) {
      settings = { ...settings, ...change };
      policy.settingsChanged();
    },
    block(reason: string | null) {
      blocked = reason;
    },
    /** Advances the clock, then lets the feed's promises settle. */
    async advance(ms: number) {
      clock.advance(ms);
      for (let i = 0; i < 10; i += 1) await Promise.resolve();
    },
  };
}

describe('update policy', () => {
  it('checks shortly after start and then every interval', async () => {
    const t = setup();
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(t.feed.checks).toHaveLength(0);
    await t.advance(1);
    expect(t.feed.checks).toHaveLength(1);
    expect(t.policy.current()).toMatchObject({ phase: 'idle', message: 'Clay Tray is up to date.', checkedAt: new Date(t.clock.now()).toISOString() });
    await t.advance(CHECK_INTERVAL_MS - 1);
    expect(t.feed.checks).toHaveLength(1);
    await t.advance(1);
    expect(t.feed.checks).toHaveLength(2);
    for (let i = 0; i < 3; i += 1) await t.advance(CHECK_INTERVAL_MS);
    expect(t.feed.checks).toHaveLength(5);
  });

  it('asks the chosen channel and feed, and a change of channel checks at once', async () => {
    const t = setup({ settings: { feedUrl: 'https://updates.example.test/clay' } });
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.feed.checks).toEqual([{ channel: 'stable', feedUrl: 'https://updates.example.test/clay' }]);
    t.setSettings({ channel: 'beta' });
    await t.advance(0);
    expect(t.feed.checks.at(-1)).toEqual({ channel: 'beta', feedUrl: 'https://updates.example.test/clay' });
    expect(t.feed.checks).toHaveLength(2);
  });

  it('does nothing while turned off, and turning it on checks at once', async () => {
    const t = setup({ settings: { enabled: false } });
    t.policy.start();
    await t.advance(2 * CHECK_INTERVAL_MS);
    expect(t.feed.checks).toHaveLength(0);
    expect(t.policy.current()).toMatchObject({ phase: 'off', message: 'Automatic updates are off.' });
    t.setSettings({ enabled: true });
    await t.advance(0);
    expect(t.feed.checks).toHaveLength(1);
  });

  it('downloads a found update in the background and installs when the user asks', async () => {
    const t = setup();
    t.feed.answer = () => Promise.resolve({ version: '1.2.0' });
    t.policy.start();
    expect(t.policy.restartNow()).toBe(false);
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.feed.downloads).toBe(1);
    expect(t.states.map((s) => s.phase)).toEqual(['checking', 'downloading', 'ready']);
    expect(t.policy.current()).toMatchObject({ phase: 'ready', version: '1.2.0' });
    expect(t.policy.current().message).toContain('Restart to update');
    // A later check does not download the same update again.
    await t.advance(CHECK_INTERVAL_MS);
    expect(t.feed.downloads).toBe(1);
    // Even with an urgent incident unread: the user chose to restart.
    t.block('an urgent incident is not acknowledged yet');
    expect(t.policy.restartNow()).toBe(true);
    expect(t.feed.installs).toBe(1);
  });

  it('never restarts on its own while an urgent incident is unacknowledged, and does once it is', async () => {
    const t = setup();
    t.feed.answer = () => Promise.resolve({ version: '1.2.0' });
    t.block('an urgent incident is not acknowledged yet');
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.policy.current().message).toContain('It will not restart on its own while an urgent incident is not acknowledged yet.');
    await t.advance(AUTO_RESTART_AFTER_MS + 10 * BLOCKED_RETRY_MS);
    expect(t.feed.installs).toBe(0);
    t.block('Settings has changes that are not saved');
    await t.advance(BLOCKED_RETRY_MS);
    expect(t.feed.installs).toBe(0);
    expect(t.policy.current().message).toContain('while Settings has changes that are not saved');
    t.block(null);
    await t.advance(BLOCKED_RETRY_MS);
    expect(t.feed.installs).toBe(1);
  });

  it('restarts on its own after the wait when nothing blocks it', async () => {
    const t = setup();
    t.feed.answer = () => Promise.resolve({ version: '1.2.0' });
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    await t.advance(AUTO_RESTART_AFTER_MS - 1);
    expect(t.feed.installs).toBe(0);
    await t.advance(1);
    expect(t.feed.installs).toBe(1);
  });

  it('stays quiet when the update server cannot be reached, and tries again at the next check', async () => {
    const t = setup();
    t.feed.answer = () => Promise.reject(new UpdateFeedError('The update server could not be reached.', true));
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.policy.current().phase).toBe('idle');
    expect(t.policy.current().message).toBe('The update server could not be reached; Clay Tray will try again in a few hours.');
    expect(t.states.some((s) => s.phase === 'failed')).toBe(false);
    t.feed.answer = () => Promise.resolve(null);
    await t.advance(CHECK_INTERVAL_MS);
    expect(t.feed.checks).toHaveLength(2);
    expect(t.policy.current().message).toBe('Clay Tray is up to date.');
  });

  it('says in words when an update fails for another reason', async () => {
    const t = setup();
    t.feed.answer = () => Promise.reject(new UpdateFeedError('The downloaded file did not match its checksum.', false));
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.policy.current()).toMatchObject({
      phase: 'failed',
      message: 'The update did not work: The downloaded file did not match its checksum. Clay Tray will try again at the next check.',
    });
  });

  it('tells package-manager installs where to update, without downloading', async () => {
    const t = setup({ install: { kind: 'package-manager' } });
    t.feed.answer = () => Promise.resolve({ version: '1.2.0' });
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.feed.downloads).toBe(0);
    expect(t.policy.current()).toMatchObject({ phase: 'use-package-manager', version: '1.2.0' });
    expect(t.policy.current().message).toContain('package manager');
    expect(t.policy.restartNow()).toBe(false);
  });

  it('never checks in a build that cannot update itself', async () => {
    const t = setup({ install: { kind: 'none', reason: 'Updates are not available when Clay Tray runs from source.' } });
    t.policy.start();
    await t.advance(2 * CHECK_INTERVAL_MS);
    expect(t.feed.checks).toHaveLength(0);
    expect(t.policy.current()).toMatchObject({ phase: 'unavailable', message: 'Updates are not available when Clay Tray runs from source.' });
  });

  it('drops the answer of a check that a settings change overtook', async () => {
    const t = setup();
    let release: (value: { version: string } | null) => void = () => undefined;
    t.feed.answer = () => new Promise((resolve) => (release = resolve));
    t.policy.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    t.setSettings({ enabled: false });
    release({ version: '1.2.0' });
    await t.advance(0);
    expect(t.feed.downloads).toBe(0);
    expect(t.policy.current().phase).toBe('off');
  });
});
