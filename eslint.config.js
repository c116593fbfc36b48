// Lint rules that keep design.md §4's layering true: a forbidden import fails the build.
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only app/shell/, app/main.ts and app/preload.ts may import electron.' }],
};

const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'url', 'events', 'stream'],
  message: 'app/common and renderer/ run in the renderer too: no Node built-ins.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['app/core/**', 'app/cli/**', 'app/dev-hub/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  {
    files: ['app/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [nodeBuiltins, { group: ['ws', '@microsoft/signalr', '**/core/**', '**/shell/**'], message: 'app/common is pure TypeScript.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [nodeBuiltins, { group: ['**/app/core/**', '**/app/shell/**', '**/app/main', '**/app/preload'], message: 'The renderer reaches main only through the bridge.' }],
        },
      ],
    },
  },
);
