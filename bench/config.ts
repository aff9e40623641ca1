/**
 * The benchmark's knobs, all from the environment, with the defaults `npm run bench` uses.
 */

import { existsSync } from 'node:fs'
import { LOCAL_POSTGRES_URL } from '../db/throwaway.ts'

const number = (name: string, fallback: number) => {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`)
  return value
}

const name = (variable: string, fallback: string) => {
  const value = process.env[variable] ?? fallback
  if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`${variable} must be a plain database name, got ${value}`)
  return value
}

const portBase = number('BENCH_PORT', 4500)

/** The phases BENCH_SKIP can leave out. */
export const PHASES = [
  'framework',
  'signins',
  'scale',
  'mint',
  'dbwork',
  'profile',
  'listing',
  'admission',
  'soak',
] as const
export type Phase = (typeof PHASES)[number]

export const settings = {
  /** Measured rounds; every target runs once per round, in an order rotated each round. */
  rounds: number('BENCH_ROUNDS', 3),
  /** Seconds of load per target and round. */
  seconds: number('BENCH_SECONDS', 5),
  /** Concurrent connections the load generator keeps open. */
  connections: number('BENCH_CONNECTIONS', 32),
  /**
   * Seconds of load per target before the first round (JIT, pools, caches): a fresh process needs
   * well over 10 s of load before its SSR pages reach steady speed (issue 23).
   */
  warmupSeconds: number('BENCH_WARMUP_SECONDS', 10),
  /** The admission-control phase: one database-bound page at these connection counts (ADR 028). */
  admissionConnections: (process.env.BENCH_ADMISSION_CONNECTIONS ?? '32,256')
    .split(',')
    .map((count) => Number(count.trim()))
    .filter((count) => Number.isInteger(count) && count > 0),
  /** Phases to leave out, comma-separated (see PHASES), for a quick look at the plumbing. */
  skip: new Set(
    (process.env.BENCH_SKIP ?? '')
      .split(',')
      .map((phase) => phase.trim())
      .filter(Boolean)
      .map((phase) => {
        if (!(PHASES as readonly string[]).includes(phase))
          throw new Error(`BENCH_SKIP: unknown phase ${phase} (known: ${PHASES.join(', ')})`)
        return phase as Phase
      }),
  ),
  /** The sustained run of the database path. */
  soakSeconds: number('BENCH_SOAK_SECONDS', 120),
  /** Sequential password sign-ins per round, per side. */
  signIns: number('BENCH_SIGNINS', 20),
  /** Session rows for the main rounds (users are a tenth of them), and the sizes of the scale phase. */
  baseSessions: number('BENCH_BASE_SESSIONS', 100_000),
  scaleSizes: (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0),
  /** Sessions of the one user whose device list the listing target reads. */
  listingSessions: number('BENCH_LISTING_SESSIONS', 1000),
  /** Distinct credentials the load generator rotates through (client tokens, JWTs). */
  credentialPool: number('BENCH_POOL', 500),
  /** Signing algorithms whose minting is measured beside the default RS256 (each on its own server). */
  mintAlgorithms: (process.env.BENCH_MINT_ALGORITHMS ?? 'ES256,EdDSA')
    .split(',')
    .map((algorithm) => algorithm.trim())
    .filter((algorithm) => algorithm === 'ES256' || algorithm === 'EdDSA'),
  /** The signing micro-benchmark (bench/signing.ts): rounds, and seconds per setting and round. */
  signingRounds: number('BENCH_SIGNING_ROUNDS', 3),
  signingSeconds: number('BENCH_SIGNING_SECONDS', 2),
  /** 1: always `vite build`; 0: never; unset: when the build is missing or older than the sources. */
  build: process.env.BENCH_BUILD,
  /** Pin the load generator to CPU 0 and the servers to CPU 1 (when `taskset` exists and there are 2+ CPUs). */
  pin: process.env.BENCH_PIN !== '0' && existsSync('/usr/bin/taskset'),
  /** Skip the peer even when bench/peers/better-auth.ts is present. */
  peer: process.env.BENCH_PEER !== '0',
  adminUrl: process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL,
  database: name('BENCH_DATABASE', 'tessera_bench'),
  peerDatabase: name('BENCH_PEER_DATABASE', 'tessera_bench_peer'),
  /** Keep the databases after the run (for poking at them); they are dropped by default. */
  keepDatabases: process.env.BENCH_KEEP_DB === '1',
  resultsDir: process.env.BENCH_RESULTS_DIR ?? 'bench/results',
  ports: {
    app: portBase,
    ceilingJson: portBase + 1,
    ceilingPg: portBase + 2,
    bareJwt: portBase + 3,
    peerOff: portBase + 4,
    peerOn: portBase + 5,
    /** The extra servers for the other signing algorithms. */
    mintBase: portBase + 6,
    /** The framework-only reference app (bench/framework/), clear of the minting servers. */
    framework: portBase + 16,
    /** The inspectors the profile phase opens in the app and the framework app (bench/profile.ts). */
    appInspector: portBase + 17,
    frameworkInspector: portBase + 18,
  },
}

export type Settings = typeof settings
