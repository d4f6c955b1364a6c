import { defineConfig } from 'vitest/config';

// One config for every suite. Without DATABASE_URL the database suites run on PGlite (a migrated
// template made once in global setup); with it, each test file gets its own fresh database on
// that server. The Chromium end-to-end suite lives in e2e/ and runs in the same command.
export default defineConfig({
  test: {
    include: ['{schemas,runtime,api,editor,e2e}/**/*.test.{ts,tsx}'],
    globalSetup: ['api/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser suites poll the page for what a person would wait to see; on a loaded 2-core box
    // (two suites with their own server and Chromium run side by side) 1 s is not enough.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
