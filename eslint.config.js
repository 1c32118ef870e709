import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering rule: imports point inward (app → train/storage → model/gpu → core).
// The pure core must not reach a browser, GPU, React or any outer layer.
const outerLayers = (...layers) =>
  layers.map((layer) => ({
    group: [`**/${layer}/**`, `../${layer}`, `../../${layer}`],
    message: `imports point inward: this layer must not import ${layer}/`,
  }));

// The same inside src/app, whose rooms are pages/, components/ and experiment/ under the shell (App, main).
const appLayers = (...rooms) =>
  rooms.map((room) => ({
    group: [`**/${room}/**`, `../${room}`, `../../${room}`],
    message: `imports point inward: this part of the page must not import ${room}/`,
  }));
const appShell = [{ group: ['**/App', '**/main'], message: 'only main.tsx imports App, and nothing imports main' }];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.gpucarry'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outerLayers('gpu', 'model', 'train', 'storage', 'app', 'cli'),
            { group: ['react', 'react-dom', 'idb-keyval', '@tensorflow/*', 'webgpu'], message: 'the core is pure: no React, storage, tfjs or GPU' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/gpu/**/*.ts', 'src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outerLayers('train', 'storage', 'app', 'cli') }] },
  },
  {
    files: ['src/train/**/*.ts', 'src/storage/**/*.ts', 'src/export/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: outerLayers('app', 'cli') }] },
  },
  {
    // Inside the page (src/app) imports point inward too: pages → components → experiment. Components are what
    // several pages share and never reach into a page; the experiment controller knows neither; and nothing but
    // main.tsx imports the shell (App.tsx, main.tsx).
    files: ['src/app/pages/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: appShell }] },
  },
  {
    files: ['src/app/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...appLayers('pages'), ...appShell] }] },
  },
  {
    files: ['src/app/experiment/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...appLayers('pages', 'components'), ...appShell] }] },
  },
  {
    // Specs take `test` from e2e/fixtures.ts, which holds the gpu project's hardware-adapter check.
    files: ['e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "import test from './fixtures': it skips the gpu project's specs without a hardware adapter",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
