import { defineConfig } from 'vitest/config';

// The suite's verdict must not depend on the date, the time zone or the machine: every test
// process, and every server, CLI and browser it starts, sees one fixed "today" and one zone.
// Override HANDLEFRIHED_TODAY to replay the suite on another day (the suite must pass on any).
process.env.TZ = 'UTC';
process.env.HANDLEFRIHED_TODAY ||= '2026-12-06';

export default defineConfig({
  test: {
    // better-sqlite3 is a native module: one process per test file keeps it safe.
    pool: 'forks',
    include: ['server/**/*.test.ts', 'importers/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    env: { TZ: process.env.TZ, HANDLEFRIHED_TODAY: process.env.HANDLEFRIHED_TODAY },
    // Generous: a slow machine makes a test slower, never wrong (browser steps wait 120 s each).
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
