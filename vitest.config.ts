import { defineConfig } from 'vitest/config'

/**
 * Unit tests sit beside the code as `*.test.ts`; integration tests (real Postgres, or PGlite when
 * no server is reachable) as `*.int.test.ts`. Playwright's `e2e/*.spec.ts` are not Vitest's.
 */
export default defineConfig({
  test: {
    env: { LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'db/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts'],
          setupFiles: ['test/fail-on-console.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['app/**/*.int.test.ts', 'db/**/*.int.test.ts'],
          globalSetup: ['test/integration-setup.ts'],
          setupFiles: ['test/fail-on-console.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
