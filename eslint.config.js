// Lint rules that keep design.md §4's layering true: a forbidden import fails the build.
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only app/shell/, app/main.ts, app/compose-app.ts and app/preload.ts may import electron.' }],
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
    files: ['app/cli/**', 'app/dev-hub/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  {
    // The core runs in plain Node under the shell and the CLI alike: it never reaches up into either.
    files: ['app/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...electronOnlyInShell, patterns: [{ group: ['**/shell', '**/shell/**', '**/cli', '**/cli/**', '**/main', '**/preload'], message: 'app/core never imports app/shell, app/cli or the entry points: they pass it what it needs.' }] },
      ],
    },
  },
  {
    // Shared by main, preload and renderer: app/common imports only app/common and valibot.
    files: ['app/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [nodeBuiltins, { regex: '^(?!\\./(?!.*\\.\\.)|valibot(?:/|$))', message: 'app/common imports only app/common (./…) and valibot.' }],
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
