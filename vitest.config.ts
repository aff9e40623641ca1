import { defineConfig } from 'vitest/config'

/**
 * Unit tests sit beside the code as `*.test.ts`; integration tests (real Postgres, or PGlite when
 * no server is reachable) as `*.int.test.ts`. Fault tests (`test/faults/*.fault.test.ts`) run the
 * production build on real Postgres behind a fault proxy, one file at a time so their timings are
 * their own; the soak (`test/soak/*.soak.test.ts`, `npm run test:soak`) likewise. Playwright's
 * `e2e/*.spec.ts` are not Vitest's.
 */
export default defineConfig({
  test: {
    env: { LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'db/**/*.test.ts', 'test/**/*.test.ts', 'bench/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', '**/*.soak.test.ts'],
          setupFiles: ['test/support/fail-on-console.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['app/**/*.int.test.ts', 'db/**/*.int.test.ts'],
          globalSetup: ['test/support/integration-setup.ts'],
          setupFiles: ['test/support/fail-on-console.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/*.fault.test.ts'],
          fileParallelism: false,
          // Each test bounds itself (FAULT_SECONDS and its own deadlines); this is the backstop.
          testTimeout: 300_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'soak',
          include: ['test/soak/*.soak.test.ts'],
          fileParallelism: false,
          // SOAK_SECONDS bounds the run (default 120); this backstop allows the 10-minute profile.
          testTimeout: 3_600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
