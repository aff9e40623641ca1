/**
 * The production build as a child process: the environment it needs and how it is started, shared
 * by the e2e web server (serve.ts) and the fault tests (test/faults), so both run the same thing.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'

/** The built server's entry point (`vite build` writes it). */
export const PRODUCTION_ENTRY = '.output/server/index.mjs'

export interface ProductionServerOptions {
  port: number
  /** `http` unless told; `https` turns on `__Host-` Secure cookies. */
  scheme?: 'http' | 'https'
  /** Enables the testing API (`/api/testing/*`) for this bearer token. */
  testingToken?: string | undefined
  /** Anything else to set or override (DATABASE_URL, PGLITE_DIR, TESSERA_CONFIG, LOG_LEVEL, …). */
  extra?: NodeJS.ProcessEnv
}

/** The environment of a production server on loopback `port`, with a fresh TESSERA_SECRET. */
export function productionServerEnv(options: ProductionServerOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    APP_URL: `${options.scheme ?? 'http'}://localhost:${options.port}`,
    TESSERA_SECRET: randomBytes(32).toString('base64url'),
    TESSERA_TESTING_TOKEN: options.testingToken,
    // As behind one reverse proxy: each test names its own client address in X-Forwarded-For, so
    // per-IP rate limits apply per test (or per virtual client), as they would per visitor.
    TRUSTED_PROXY_HOPS: '1',
    ...options.extra,
  }
}

/** Starts the production build with `env`; its stdout and stderr are piped for the caller to route. */
export function spawnProductionServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [PRODUCTION_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] })
}
