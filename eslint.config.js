/**
 * ESLint (flat config). Besides the usual TypeScript and Svelte checks it enforces the
 * architecture of DEVELOPERS.md:
 *  - layers: imports point one way, components → state → editor / storage → model, and
 *    formats / workers / sync → model, workers → storage (`boundaries/dependencies`); a layer may skip layers below it, never import
 *    one above it or a sibling (editor ↔ storage); `model` imports nothing of the app and no
 *    browser/UI package, so it runs in Node;
 *  - no import cycles (`import-x/no-cycle`).
 * `src/lib/lint-rules.test.ts` lints fixture strings with this config to prove both rules fire.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

const EXTENSIONS = ['.ts', '.js', '.mjs', '.svelte'];

/** The layers, top to bottom; each may import itself and the layers listed after it in `may`. */
const LAYERS = [
  {
    type: 'components',
    pattern: 'src/components',
    may: ['state', 'editor', 'storage', 'formats', 'workers', 'sync', 'model'],
  },
  {
    type: 'state',
    pattern: 'src/lib/state',
    may: ['editor', 'storage', 'formats', 'workers', 'sync', 'model'],
  },
  { type: 'editor', pattern: 'src/lib/editor', may: ['model'] },
  { type: 'storage', pattern: 'src/lib/storage', may: ['model'] },
  { type: 'formats', pattern: 'src/lib/formats', may: ['model'] },
  /** Web Worker entry points and their page-side clients: off-main-thread model work; a worker
   * may read the library through storage (its own connection: `storage/page-reader.ts`). */
  { type: 'workers', pattern: 'src/lib/workers', may: ['storage', 'model'] },
  /** Live-class sync (Yjs rooms mirrored to the app's change batches). */
  { type: 'sync', pattern: 'src/lib/sync', may: ['model'] },
  { type: 'model', pattern: 'src/lib/model', may: [] },
];

/** Packages `model` must not use: it is pure TypeScript that runs in Node without a DOM. */
const NOT_IN_MODEL = ['svelte', 'svelte/*', '@tiptap/*', 'idb', 'workbox-*', 'virtual:*'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'bench/.tmp/**',
      'dev-dist/**',
      'node_modules/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results.json',
      'bench/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Deliberate: file names, titles and imported text are checked for control characters.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
      },
    },
    rules: {
      // State classes publish immutable values through `$state.raw` fields replaced wholesale
      // (DEVELOPERS.md); a Map or Set built inside a method is a local, never reactive state.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Tests read parsed JSON and raw IndexedDB records, whose shape is what they check.
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'server/test-helpers.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,js,svelte}'],
    plugins: { 'import-x': importX, boundaries },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: EXTENSIONS })],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      // Dependencies are parsed to follow cycles; `.svelte` files are leaves (only components
      // import them), so they are not parsed.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { node: { extensions: EXTENSIONS } },
      'boundaries/elements': LAYERS.map(({ type, pattern }) => ({ type, pattern })),
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          checkAllOrigins: true,
          checkUnknownLocals: true,
          policies: [
            // A file in a layer imports app code only from its own layer and the layers below
            // it (the last matching policy wins).
            ...LAYERS.flatMap(({ type, may }) => [
              {
                from: { element: { type } },
                disallow: { to: { module: { origin: 'local' } } },
                message: `layer rule: ${type} may import only from ${[type, ...may].join(', ')} (DEVELOPERS.md, Architecture)`,
              },
              {
                from: { element: { type } },
                allow: { to: { element: { types: { anyOf: [type, ...may] } } } },
              },
            ]),
            {
              from: { element: { type: 'model' } },
              disallow: { to: { module: { origin: 'external', source: NOT_IN_MODEL } } },
              message:
                'layer rule: model is pure TypeScript that runs in Node; no UI, editor or browser-storage packages',
            },
          ],
        },
      ],
    },
  },
);
