import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'
import { BASE_URL, E2E_PORT, IDP_ISSUER, STRICT_BASE_URL, TLS_BASE_URL } from './e2e/support/env.ts'

/**
 * E2E runs against the production build (`npm run test:e2e` builds first), on real Postgres when
 * DATABASE_URL is set and on PGlite otherwise. Debian's Chromium is used when present; otherwise
 * Playwright's own browser, where one is installed.
 */

// Shared with the web server (and the workers, which inherit the environment) for the testing API.
process.env.E2E_TESTING_TOKEN ??= randomBytes(32).toString('base64url')

const SYSTEM_CHROMIUM = '/usr/bin/chromium'
/**
 * Debian's Firefox ESR, driven over WebDriver BiDi (Playwright's `moz-firefox` channel); otherwise
 * Playwright's own Firefox, where one is installed. Firefox 153 ESR lacks one BiDi command that
 * Playwright 1.65 sends unconditionally (emulation.setMediaFeaturesOverride): a patch-package
 * patch lets that call fail (patches/playwright-core+1.65.1.patch).
 */
const SYSTEM_FIREFOX = '/usr/lib/firefox-esr/firefox-esr'
const firefox = existsSync(SYSTEM_FIREFOX)
  ? { channel: 'moz-firefox', launchOptions: { executablePath: SYSTEM_FIREFOX } }
  : {}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  // Two workers and the server share two cores; multi-device flows need the headroom.
  timeout: 90_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'http', testIgnore: ['https.spec.ts', 'tasks.spec.ts', 'tasks-accessibility.spec.ts', 'phone.spec.ts'] },
    // The main flows on a phone-sized touch screen (a second engine setting, not a second browser).
    {
      name: 'phone',
      testMatch: 'phone.spec.ts',
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
    },
    // Session tasks need an instance that asks for them (organizations and MFA required, terms).
    {
      name: 'strict',
      testMatch: ['tasks.spec.ts', 'tasks-accessibility.spec.ts'],
      use: { baseURL: STRICT_BASE_URL },
    },
    // The production cookie setup (__Host- names, Secure, HSTS) needs HTTPS.
    { name: 'https', testMatch: 'https.spec.ts', use: { baseURL: TLS_BASE_URL, ignoreHTTPSErrors: true } },
    // The same in a second engine (REL-12): Gecko must accept the __Host- cookies and the CSP too.
    {
      name: 'https-firefox',
      testMatch: 'https.spec.ts',
      use: { ...devices['Desktop Firefox'], ...firefox, baseURL: TLS_BASE_URL, ignoreHTTPSErrors: true },
    },
  ],
  webServer: [
    {
      command: 'tsx e2e/support/serve.ts',
      url: `${BASE_URL}/health/ready`,
      env: { E2E_PORT: String(E2E_PORT) },
      reuseExistingServer: false,
      timeout: 90_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: 'tsx e2e/support/serve.ts',
      url: `${STRICT_BASE_URL}/health/ready`,
      env: { E2E_PORT: String(E2E_PORT), E2E_STRICT: '1' },
      reuseExistingServer: false,
      timeout: 90_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: 'tsx e2e/support/serve.ts',
      url: `${TLS_BASE_URL}/health/ready`,
      ignoreHTTPSErrors: true,
      env: { E2E_PORT: String(E2E_PORT), E2E_TLS: '1' },
      reuseExistingServer: false,
      timeout: 90_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // A real OpenID provider for enterprise SSO (sso.spec.ts), on its own port.
    {
      command: 'tsx e2e/support/idp.ts',
      url: `${IDP_ISSUER}/.well-known/openid-configuration`,
      env: { E2E_PORT: String(E2E_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
})
