// Layer rules from docs/ARCHITECTURE.md, checked by `npm run lint`.
// The capability graph (folders under src/core) is also checked for cycles by
// scripts/check-capability-graph.mjs, since dependency-cruiser finds cycles between files only.

// Files that only tests load: they may use test tooling and read golden files.
const TEST_FILES =
  '(\\.(test|spec)\\.tsx?$|\\.fake\\.ts$|\\.contract\\.ts$|/(__tests__|testing|test-support|fixtures|golden)/)';
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
const PURE_PACKAGES = '(^|/)node_modules/(zod|double-metaphone)/';
const TEST_PACKAGES = '(^|/)node_modules/(vitest|@vitest/[^/]+|fast-check|ajv|ajv-formats)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not depend on themselves through others (type-only imports included).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve: a typo, a missing `.ts`, or a package not in package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'Only packages named in package.json may be imported.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },

    // 1. core is the pure domain.
    {
      name: 'core-no-other-layer',
      severity: 'error',
      comment: 'src/core imports no other layer: x12, fhir, store, integrations, server, cli, web.',
      from: { path: '^src/core/' },
      to: { path: '^(src/(x12|fhir|store|integrations|server|cli)/|web/|bench/|bin/)' },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      comment: 'src/core does no I/O: no node built-ins (pass data or a port in).',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-only-pure-packages',
      severity: 'error',
      comment: 'src/core may use zod and double-metaphone only (its tests also vitest and fast-check).',
      from: { path: '^src/core/', pathNot: TEST_FILES },
      to: { dependencyTypes: NPM, pathNot: PURE_PACKAGES },
    },
    {
      name: 'core-tests-only-test-packages',
      severity: 'error',
      comment: 'Tests in src/core may add vitest and fast-check, nothing with I/O.',
      from: { path: [`^src/core/.*${TEST_FILES}`] },
      to: { dependencyTypes: NPM, pathNot: [PURE_PACKAGES, '(^|/)node_modules/(vitest|@vitest/[^/]+|fast-check)/'] },
    },

    // Rule 5: a capability uses another only through its index.ts.
    {
      name: 'capability-via-index',
      severity: 'error',
      comment: 'src/core/X may use src/core/Y (shared included) only through src/core/Y/index.ts.',
      from: { path: '^src/core/([^/]+)/' },
      to: { path: '^src/core/[^/]+/', pathNot: ['^src/core/$1/', '^src/core/[^/]+/index\\.ts$'] },
    },
    {
      name: 'core-public-face',
      severity: 'warn',
      comment: 'Outside src/core, prefer a capability\'s index.ts to its inner files.',
      from: { path: '^(src/(x12|fhir|store|integrations|server|cli)|web|bench|test)/', pathNot: TEST_FILES },
      to: { path: '^src/core/[^/]+/', pathNot: '^src/core/[^/]+/index\\.ts$' },
    },

    // 2. x12 and fhir are pure codecs over core.
    {
      name: 'codec-only-core',
      severity: 'error',
      comment: 'src/x12 and src/fhir import only src/core (and themselves).',
      from: { path: '^src/(x12|fhir)/' },
      to: { path: '^(src/|web/|bench/|bin/|test/)', pathNot: ['^src/core/', '^src/$1/'] },
    },
    {
      name: 'codec-only-zod',
      severity: 'error',
      comment: 'src/x12 and src/fhir use no npm package but zod (their tests also vitest, fast-check, ajv).',
      from: { path: '^src/(x12|fhir)/', pathNot: TEST_FILES },
      to: { dependencyTypes: [...NPM, 'core'], pathNot: PURE_PACKAGES },
    },
    {
      name: 'codec-tests-packages',
      severity: 'error',
      comment: 'Tests of src/x12 and src/fhir may read golden files (node built-ins) and use test packages.',
      from: { path: [`^src/(x12|fhir)/.*${TEST_FILES}`] },
      to: { dependencyTypes: NPM, pathNot: [PURE_PACKAGES, TEST_PACKAGES] },
    },

    // 3. store and integrations implement core ports; they never reach up to the composition.
    {
      name: 'adapters-not-to-composition',
      severity: 'error',
      comment: 'src/store and src/integrations do not import src/server or src/cli.',
      from: { path: '^src/(store|integrations)/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-not-to-cli',
      severity: 'error',
      comment: 'The server does not depend on the command line; the CLI starts the server.',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'Production code does not import from test/ or bench/.',
      from: { path: '^src/', pathNot: TEST_FILES },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'src-not-to-dev-deps',
      severity: 'error',
      comment: 'Production code under src/ uses dependencies, not devDependencies (types excepted).',
      from: { path: '^src/', pathNot: TEST_FILES },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '(^|/)node_modules/@types/' },
    },

    // 4. web talks HTTP; it may borrow pure helpers and zod schemas from core.
    {
      name: 'web-not-to-backend',
      severity: 'error',
      comment: 'web/ may import src/core (pure helpers, zod schemas) only, never store/server/integrations/cli.',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'web-no-node-builtins',
      severity: 'error',
      comment: 'web/ runs in the browser.',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
  ],

  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(data|dist|test-results|coverage|web/dist|bench/results)/' },
    // Count `import type` too: a type-only import still couples layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
