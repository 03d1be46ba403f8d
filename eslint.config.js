// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tfjs = { group: ['@tensorflow/*'], message: 'tfjs lives in src/engine and src/workers only.' };
const tfjsRuntime = { ...tfjs, allowTypeImports: true, message: 'The pure core may only `import type` from tfjs.' };
const react = {
  group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'recharts', 'zustand', 'zustand/*', 'zundo'],
  message: 'The pure core and the engine know nothing of React or stores.',
};
const ui = { group: ['**/ui/*', '**/ui/**'], message: 'Nothing imports the UI.' };
const uiState = {
  group: ['**/state/*', '**/actions/*'],
  message: 'Workers and the engine do not reach into UI state.',
};
// The base rule reports `import type` too: the engine names no worker type either.
const workers = {
  group: ['**/workers/*', '**/workers/**'],
  message:
    'The engine never imports workers/: domain types live in src/model or src/data, and protocol.ts imports them from there.',
};

export default tseslint.config(
  // AssemblyScript (the wasm kernels' source) is checked by its own compiler.
  {
    ignores: ['dist', 'bench/dist', 'node_modules', 'test-results', 'playwright-report', 'src/engine/kernels/assembly'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**', 'src/state/**', 'src/actions/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Boundaries (ARCHITECTURE.md): ui → state → (model, data, sweep); workers → engine → (model, data); never engine → workers.
  {
    files: ['src/ui/**', 'src/state/**', 'src/actions/**', 'src/main.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs] }] },
  },
  {
    files: ['src/model/**', 'src/data/**', 'src/sweep/**'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [tfjsRuntime, react, ui] }] },
  },
  {
    files: ['src/workers/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [react, ui, uiState] }] },
  },
  {
    files: ['src/engine/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [react, ui, uiState, workers] }] },
  },
  // The exported web app's script (src/webapp) runs in its own page: TF.js is the global its worker loads, never a bundled import.
  {
    files: ['src/webapp/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...tfjsRuntime, message: 'The web app may only `import type` from tfjs: its worker loads tf.min.js.' },
            react,
            ui,
            uiState,
          ],
        },
      ],
    },
  },
  // The engine's tests drive it without a worker, too.
  {
    files: ['src/engine/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [workers] }] },
  },
);
