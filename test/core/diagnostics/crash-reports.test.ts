import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashReportLines, listCrashReports, RUN_MARKER_REFRESH_MS, RunMarker } from '../../../app/core/diagnostics/crash-reports';
import { silentLogger } from '../../../app/core/ports';
import { ManualClock } from '../../support/clock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clay-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('run marker', () => {
  it('finds nothing after a clean quit, and the last sign of life after a run that never quit', () => {
    const file = path.join(dir, 'run-marker.json');
    const clock = new ManualClock('2026-11-30T10:00:00Z');
    const first = RunMarker.start(file, clock, silentLogger);
    expect(first.previousRunEndedAt).toBeNull();
    first.stop();
    expect(RunMarker.start(file, clock, silentLogger).previousRunEndedAt).toBeNull();

    // That second run is "killed": it refreshes its marker, then stops without stop().
    clock.advance(2 * RUN_MARKER_REFRESH_MS);
    const afterCrash = RunMarker.start(file, new ManualClock('2026-11-30T11:00:00Z'), silentLogger);
    expect(afterCrash.previousRunEndedAt).toBe('2026-11-30T10:02:00.000Z');
    afterCrash.stop();
  });

  it('still notices the crash when the marker is unreadable', () => {
    const file = path.join(dir, 'run-marker.json');
    writeFileSync(file, '{"aliveAt": tru');
    const marker = RunMarker.start(file, new ManualClock('2026-11-30T11:00:00Z'), silentLogger);
    expect(marker.previousRunEndedAt).not.toBeNull();
    marker.stop();
  });
});

describe('crash report list', () => {
  it('lists minidumps newest first with where they are kept, and says none when there are none', () => {
    expect(crashReportLines(path.join(dir, 'missing'))).toEqual(['none']);
    mkdirSync(path.join(dir, 'completed'), { recursive: true });
    writeFileSync(path.join(dir, 'completed', 'old.dmp'), 'x');
    writeFileSync(path.join(dir, 'completed', 'new.dmp'), 'xyz');
    writeFileSync(path.join(dir, 'settings.dat'), 'not a dump');
    utimesSync(path.join(dir, 'completed', 'old.dmp'), new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    utimesSync(path.join(dir, 'completed', 'new.dmp'), new Date('2026-11-02T00:00:00Z'), new Date('2026-11-02T00:00:00Z'));
    expect(listCrashReports(dir).map((r) => r.name)).toEqual([path.join('completed', 'new.dmp'), path.join('completed', 'old.dmp')]);
    const lines = crashReportLines(dir);
    expect(lines[0]).toContain(`kept in ${dir} (not attached`);
    expect(lines[1]).toBe(`2026-11-02T00:00:00.000Z  ${path.join('completed', 'new.dmp')}  3 bytes`);
  });
});
