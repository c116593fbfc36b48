import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateState } from '../../../app/common/models';
import { AppCore } from '../../../app/core/services/app-core';
import { MemorySettings } from '../../../app/core/services/settings-access';
import { DEFAULT_SETTINGS } from '../../../app/core/settings/settings';
import { AUTO_RESTART_AFTER_MS, BLOCKED_RETRY_MS, FIRST_CHECK_DELAY_MS, type UpdateFeed } from '../../../app/core/updates/update-policy';
import { ManualClock } from '../../support/clock';
import { MemorySecretStore } from '../../support/memory-secret-store';
import { RecordingNotifier } from '../../support/recording-notifier';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A core on a manual clock whose update feed always has 1.2.0 ready. */
async function setup(): Promise<{ core: AppCore; clock: ManualClock; settings: MemorySettings; installs: () => number; states: UpdateState[]; advance: (ms: number) => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clay-updates-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new ManualClock(Date.now());
  let installs = 0;
  const feed: UpdateFeed = {
    install: { kind: 'self' },
    check: () => Promise.resolve({ version: '1.2.0' }),
    download: () => Promise.resolve(),
    quitAndInstall: () => {
      installs += 1;
    },
  };
  const settings = new MemorySettings({ ...DEFAULT_SETTINGS, updates: { enabled: true, channel: 'stable', feedUrl: null } });
  const core = await AppCore.create({ settings, secrets: new MemorySecretStore({}), historyDirectory: dir, notifier: new RecordingNotifier(), clock, updateFeed: feed });
  cleanups.push(() => core.stop());
  const states: UpdateState[] = [];
  core.onDidEmit((event) => {
    if (event.channel === 'clay:updates:did-change') states.push(event.payload);
  });
  const advance = async (ms: number): Promise<void> => {
    clock.advance(ms);
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  };
  return { core, clock, settings, installs: () => installs, states, advance };
}

describe('UpdatesService (AppCore)', () => {
  it('pushes each update state, and holds an automatic restart while Settings has unsaved changes', async () => {
    const t = await setup();
    t.core.updates.start();
    await t.advance(FIRST_CHECK_DELAY_MS);
    expect(t.core.updates.current().phase).toBe('ready');
    expect(t.states.at(-1)?.phase).toBe('ready');
    t.core.updates.settingsBeingEdited(true);
    await t.advance(AUTO_RESTART_AFTER_MS + 2 * BLOCKED_RETRY_MS);
    expect(t.installs()).toBe(0);
    expect(t.core.updates.current().message).toContain('while Settings has changes that are not saved');
    t.core.updates.settingsBeingEdited(false);
    await t.advance(BLOCKED_RETRY_MS);
    expect(t.installs()).toBe(1);
  });

  it('hears about settings changes through the settings service, and shows the state in diagnostics', async () => {
    const t = await setup();
    t.core.updates.start();
    expect((await t.core.settings.update({ updates: { enabled: false } })).ok).toBe(true);
    expect(t.core.updates.current().phase).toBe('off');
    expect(t.states.at(-1)?.phase).toBe('off');
    const text = t.core.diagnostics.text();
    expect(text.ok && text.value).toContain('Automatic updates are off.');
  });
});
