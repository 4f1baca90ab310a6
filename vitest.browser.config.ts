import { defineConfig } from 'vitest/config';

// Browser tests: the real server on a fresh SQLite database, driven through Debian's Chromium
// with playwright-core. One fork, files in sequence, generous timeouts.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false },
    env: { TZ: 'UTC' },
  },
});
