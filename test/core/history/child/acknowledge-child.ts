/**
 * Runs in a child process (bundled by the test): stores `count` incidents, then acknowledges them
 * one by one through the app core, the path the window's "Acknowledge" button takes, and after each
 * confirmed acknowledgement reports its number on stdout with a synchronous write. The parent kills
 * it with SIGKILL right after a confirmation and reopens the history to look for every one.
 *
 * argv: directory count
 */
import { writeSync } from 'node:fs';
import type { ClayEvent } from '../../../../app/common/models';
import { AppCore } from '../../../../app/core/services/app-core';
import { MemorySettings } from '../../../../app/core/services/settings-access';
import { HistoryStore } from '../../../../app/core/history';
import { DEFAULT_SETTINGS } from '../../../../app/core/settings/settings';
import { MemorySecretStore } from '../../../support/memory-secret-store';
import { clayEvent } from '../../../support/events';
import { RecordingNotifier } from '../../../support/recording-notifier';

const [directory, countText] = process.argv.slice(2);
if (directory === undefined || countText === undefined) throw new Error('usage: directory count');
const count = Number(countText);

function incident(index: number): ClayEvent {
  const time = new Date(Date.UTC(2026, 10, 28, 8, 0, index)).toISOString();
  return clayEvent({ stream: 'incident', site: 'site-a', siteName: 'Head Office', id: `inc-${index}`, category: 'intrusion', time, lock: { id: 'lock-1', name: 'Front door' } });
}

const seed = await HistoryStore.open({ directory });
for (let i = 0; i < count; i += 1) seed.append(incident(i));
await seed.close();

const core = await AppCore.create({
  settings: new MemorySettings(DEFAULT_SETTINGS),
  secrets: new MemorySecretStore({}, 'keychain'),
  historyDirectory: directory,
  notifier: new RecordingNotifier(),
  operator: 'night-guard',
});
writeSync(1, 'ready\n');
for (let i = 0; i < count; i += 1) {
  const result = await core.history.acknowledge({ keys: [incident(i).key], note: `note ${i}` });
  if (!result.ok || result.value !== 1) throw new Error(`acknowledge ${i} failed: ${JSON.stringify(result)}`);
  writeSync(1, `${i + 1}\n`);
}
writeSync(1, 'done\n');
await new Promise(() => undefined);
