// The JavaScript lint (scripts/test runs it from the repository's root:
//   tests/e2e/node_modules/.bin/eslint -c tests/e2e/eslint.config.js --max-warnings 0
// eslint's recommended rules over the page (www/js), the build scripts and
// the end-to-end tests, run offline from this folder's node_modules.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    // The generated wasm-bindgen glue and the single-file build are not ours.
    ignores: ['www/pkg/**', 'www/dist/**', 'tests/e2e/node_modules/**', 'tests/e2e/screenshots/**'],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['www/js/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // The worker runs in a worker's scope, not a window's.
    files: ['www/js/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ['scripts/**/*.mjs', 'tests/e2e/**/*.mjs', 'tests/e2e/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Test code passed to page.evaluate runs in the page.
    files: ['tests/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
];
