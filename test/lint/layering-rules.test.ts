import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules in eslint.config.js, run through ESLint's Node API on small in-memory files
// placed where the rule applies: each forbidden import fails, and its allowed neighbour passes.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it.each([
    ['app/core/streaming/probe.ts', '../../shell/demo', 'app/core never imports app/shell'],
    ['app/core/services/probe.ts', '../../cli/stream-options', 'app/core never imports app/shell, app/cli'],
    ['app/core/probe.ts', '../main', 'app/core never imports'],
    ['app/core/probe.ts', 'electron', 'Only app/shell/'],
    ['app/common/probe.ts', '../core/ports', 'app/common imports only app/common'],
    ['app/common/probe.ts', '../shell/demo', 'app/common imports only app/common'],
    ['app/common/probe.ts', '../dev-hub/hub-content', 'app/common imports only app/common'],
    ['app/common/probe.ts', 'ws', 'app/common imports only app/common'],
    ['app/common/probe.ts', './../core/ports', 'app/common imports only app/common'],
    ['app/common/probe.ts', 'node:fs', 'no Node built-ins'],
  ])('%s may not import %s', async (file, from, message) => {
    const messages = await restrictedImports(file, from);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toContain(message);
  }, 60_000);

  it.each([
    ['app/core/services/probe.ts', '../streaming/stream'],
    ['app/core/services/probe.ts', '../../common/models'],
    ['app/common/probe.ts', './models'],
    ['app/common/probe.ts', 'valibot'],
    ['app/shell/probe.ts', '../core/ports'],
  ])('%s may import %s', async (file, from) => {
    expect(await restrictedImports(file, from)).toEqual([]);
  }, 60_000);
});
