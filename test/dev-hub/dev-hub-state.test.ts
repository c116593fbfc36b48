import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStatePath, loadOrCreateState } from '../../app/dev-hub/dev-hub-state';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clay-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('dev hub state', () => {
  it('creates the state once and then reads the same values back', () => {
    const file = path.join(dir, 'a', 'b', 'state.json');
    const first = loadOrCreateState(file);
    expect(first.created).toBe(true);
    expect(first.state.signingKey.length).toBeGreaterThanOrEqual(32);
    const second = loadOrCreateState(file);
    expect(second).toEqual({ state: first.state, created: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, ...first.state });
  });

  it.each([
    ['not json', /is not valid JSON/],
    ['{"version":2,"clientSecret":"s","signingKey":"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"}', /has version 2, expected 1/],
    ['{"version":1,"signingKey":"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"}', /has no clientSecret/],
    ['{"version":1,"clientSecret":"s","signingKey":"short"}', /has no signingKey/],
    ['null', /has version undefined/],
  ])('refuses %s and leaves the file alone', (text, message) => {
    const file = path.join(dir, 'state.json');
    writeFileSync(file, text);
    expect(() => loadOrCreateState(file)).toThrow(message);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it("follows each platform's convention for the default place", () => {
    expect(defaultStatePath({ XDG_STATE_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'clay-tray', 'dev-hub.json'));
    expect(defaultStatePath({ APPDATA: 'C:/Roaming' }, 'win32')).toBe(path.join('C:/Roaming', 'clay-tray', 'dev-hub.json'));
    expect(defaultStatePath({}, 'darwin')).toMatch(/Library[/\\]Application Support[/\\]clay-tray[/\\]dev-hub\.json$/);
    expect(defaultStatePath({}, 'linux')).toMatch(/\.local[/\\]state[/\\]clay-tray[/\\]dev-hub\.json$/);
  });
});
