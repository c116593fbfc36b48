/**
 * The About view's third-party notices (scripts/notices.mjs, run by the build) must name every
 * production dependency electron-builder ships. npm's own view of the tree is the reference.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { AboutInfo } from '../../app/common/models';

const run = promisify(execFile);
const out = path.resolve('test-output', 'notices', 'notices.json');
afterAll(() => rmSync(path.dirname(out), { recursive: true, force: true }));

interface NpmTree {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, NpmTree>>;
  /** With --long: what the package.json asks for (dependencies and optionalDependencies, not peers). */
  readonly _dependencies?: Readonly<Record<string, string>>;
}

/**
 * Walks what each package itself depends on, as electron-builder does: npm also lists an installed
 * optional peer (valibot's `typescript`) under `dependencies`, but nothing ships it.
 */
function flatten(tree: NpmTree, into = new Set<string>()): Set<string> {
  for (const [name, node] of Object.entries(tree.dependencies ?? {})) {
    if (tree._dependencies?.[name] === undefined) continue;
    if (!node.version) continue; // an optional dependency for another OS, not installed
    // npm prints a package's children under one of its places only, so every place is walked.
    into.add(`${name}@${node.version}`);
    flatten(node, into);
  }
  return into;
}

describe('third-party notices', () => {
  it('list every production dependency, with its licence, and no development-only package', async () => {
    const script = `import { writeNotices } from './scripts/notices.mjs'; writeNotices(process.cwd(), ${JSON.stringify(out)});`;
    await run(process.execPath, ['--input-type=module', '-e', script]);
    const written = JSON.parse(readFileSync(out, 'utf8')) as Pick<AboutInfo, 'license' | 'notices'>;
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--json', '--long'], { maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }));
    const expected = flatten(JSON.parse(stdout) as NpmTree);

    const listed = new Set(written.notices.map((n) => `${n.name}@${n.version}`));
    expect(expected.size).toBeGreaterThan(10);
    expect([...expected].filter((key) => !listed.has(key))).toEqual([]);
    expect([...listed].filter((key) => !expected.has(key))).toEqual([]);
    for (const direct of ['@microsoft/signalr', 'electron-store', 'electron-updater', 'keytar', 'ws']) {
      expect(written.notices.some((n) => n.name === direct)).toBe(true);
    }
    expect(written.notices.some((n) => n.name === 'electron' || n.name === 'vitest')).toBe(false);
    expect(written.license).toBe('MIT');
    expect(written.notices.find((n) => n.name === 'ws')).toMatchObject({ license: 'MIT', text: expect.stringContaining('Permission is hereby granted') });
    expect(written.notices.every((n) => n.license !== '')).toBe(true);
  });
});
