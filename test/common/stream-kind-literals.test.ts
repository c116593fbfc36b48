import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { STREAM_KINDS } from '../../app/common/stream-kinds';

// Issue 7: everything that iterates streams reads the one list (app/common/stream-kind-list.ts), so
// outside the list and the simulator (app/dev-hub/, whose content is per kind) no source file spells
// a stream kind as a string literal. Comments and property names do not count; string literals,
// literal types and template literals without substitutions do.
const root = path.resolve('.');
const ALLOWED = ['app/common/stream-kind-list.ts', 'app/dev-hub/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** Each string literal in `source` that spells one of `kinds`, with its line. */
function kindLiterals(source: string, kinds: readonly string[]): { line: number; text: string }[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && kinds.includes(node.text)) {
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('stream kinds are spelled only in their list', () => {
  it('finds a kind spelled as a literal, and ignores comments and property names', () => {
    const source = [
      "// 'incident' in a comment",
      'const a = { incident: true };',
      "const b = x === 'incident';",
      'type T = "entry";',
      'const c = `entry`;',
      "const d = 'incidents';",
    ].join('\n');
    expect(kindLiterals(source, STREAM_KINDS)).toEqual([
      { line: 3, text: 'incident' },
      { line: 4, text: 'entry' },
      { line: 5, text: 'entry' },
    ]);
  });

  it('no source file in app/ or renderer/ outside the list and the simulator spells one', () => {
    const files = [...sourceFiles('app'), ...sourceFiles('renderer')].filter((f) => !ALLOWED.some((a) => f === a || (a.endsWith('/') && f.startsWith(a))));
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((f) => kindLiterals(readFileSync(path.join(root, f), 'utf8'), STREAM_KINDS).map((hit) => `${f}:${hit.line} '${hit.text}'`));
    expect(offences).toEqual([]);
  });
});
