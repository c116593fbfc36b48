/**
 * The contract table is the only place a channel is spelled: every other file names an entry
 * (CONTRACT.history.onDidAdd.channel) and so cannot drift from it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../app/common/ipc-contract';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIRS = ['app', 'renderer', 'scripts'];
const CONTRACT_FILE = 'app/common/ipc-contract.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|mts|js|mjs|cjs|html)$/.test(d.name) ? [rel] : [];
  });
}

/** Quoted strings shaped like a channel, `clay:<area>:<verb>`, in each file. */
function channelLiterals(): Map<string, Set<string>> {
  const where = new Map<string, Set<string>>();
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/['"`](clay:[a-z-]+:[a-z-]+)['"`]/g)) {
      const channel = match[1] as string;
      const files = where.get(channel) ?? new Set<string>();
      files.add(file);
      where.set(channel, files);
    }
  }
  return where;
}

describe('IPC channel strings', () => {
  const found = channelLiterals();

  it('spells each contract channel in exactly one source file, the contract', () => {
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) {
      expect([...(found.get(channel) ?? [])], channel).toEqual([CONTRACT_FILE]);
    }
  });

  it('spells no channel the contract does not name', () => {
    const known = new Set<string>([...INVOKE_CHANNELS, ...EVENT_CHANNELS]);
    expect([...found.keys()].filter((channel) => !known.has(channel))).toEqual([]);
  });

  it('has no two entries on one channel', () => {
    const all = [...INVOKE_CHANNELS, ...EVENT_CHANNELS];
    expect(new Set(all).size).toBe(all.length);
  });
});
