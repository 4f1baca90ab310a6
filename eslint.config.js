// ESLint flat config. Layer rules that concern imports between folders live in
// .dependency-cruiser.cjs; this file checks code style and the purity of src/core.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Globals for plain JavaScript run by Node (bin/, scripts/, config files). TypeScript files
// need none: typescript-eslint turns no-undef off for them, the compiler checks names.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone',
    'AbortController', 'TextEncoder', 'TextDecoder', 'fetch', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

// Node built-ins without the `node:` prefix; the prefixed form is caught by a pattern.
const bareBuiltins = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns',
  'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'module', 'net', 'os', 'path',
  'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
];

const coreImportMessage =
  'src/core is pure: I/O, databases and HTTP belong in src/store, src/integrations or src/server; pass data or a port in.';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    'data/',
    'dist/',
    'test-results/',
    'web/dist/',
    'bench/results/',
    'coverage/',
    '.tmp/',
  ]),

  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },

  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The domain: time, ids, randomness and configuration arrive as arguments or ports.
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock: take a Clock port or an instant as an argument.',
        },
        {
          selector: "CallExpression[callee.name='Date']",
          message: 'Date() reads the clock: take a Clock port or an instant as an argument.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Date.now() reads the clock: use the Clock port.' },
        { object: 'Math', property: 'random', message: 'Math.random is not deterministic: use the Ids port or pass a value in.' },
        { object: 'performance', property: 'now', message: 'performance.now() reads the clock: use the Clock port.' },
        { object: 'crypto', property: 'randomUUID', message: 'Use the Ids port for identifiers.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Randomness comes in through a port.' },
        { object: 'globalThis', property: 'process', message: 'Configuration comes in as arguments, not from process.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Configuration comes in as arguments, never from process.env.' },
        { name: 'require', message: 'ESM only.' },
        { name: 'fetch', message: 'HTTP belongs in src/integrations behind a port.' },
        { name: 'setTimeout', message: 'Timers belong outside src/core.' },
        { name: 'setInterval', message: 'Timers belong outside src/core.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...bareBuiltins,
            'pg',
            'better-sqlite3',
            'kysely',
            'fastify',
            '@fastify/cookie',
            'pino',
            '@node-rs/argon2',
            'qrcode',
          ].map((name) => ({ name, message: coreImportMessage })),
          patterns: [
            { group: ['node:*'], message: coreImportMessage },
            { group: ['kysely/*', 'fastify/*', '@fastify/*', 'pg-*'], message: coreImportMessage },
          ],
        },
      ],
    },
  },
);
