/**
 * Minting's cryptographic floor (issue 19; ADR 026): signatures per second per core for each
 * signing setting side by side — RS256 with the default 2048-bit modulus, RS256-3072 (the previous
 * default, 128-bit security), ES256 and EdDSA. Each signs a realistic session token (an active
 * organization with permissions, features and plans, built by the app's claims builder) the way
 * the key ring does: jose's SignJWT with a key imported from PKCS#8.
 *
 * Measured in the bench process as CPU time per signature (user + system, all threads: WebCrypto
 * signs on libuv's pool) with 16 signatures in flight, so 1e6 ÷ CPU µs is signatures per second
 * per core whatever else the machine runs; wall-clock signatures per second are shown beside it.
 * Rounds rotate the order of the settings.
 *
 *   npm run bench -- minting       this phase alone (BENCH_SIGNING_ROUNDS, BENCH_SIGNING_SECONDS)
 *   npm run bench                  the whole bench, this phase included
 */

import { randomUUID } from 'node:crypto'
import { cpuUsage } from 'node:process'
import { type CryptoKey, exportPKCS8, generateKeyPair, importPKCS8, SignJWT } from 'jose'
import { buildSessionClaims, type RsaModulusBits, type SigningAlgorithm } from '../app/session/tokens.ts'

export interface SigningSetting {
  key: string
  algorithm: SigningAlgorithm
  rsaModulusBits?: RsaModulusBits
}

export const SIGNING_SETTINGS: readonly SigningSetting[] = [
  { key: 'RS256-2048', algorithm: 'RS256', rsaModulusBits: 2048 },
  { key: 'RS256-3072', algorithm: 'RS256', rsaModulusBits: 3072 },
  { key: 'ES256', algorithm: 'ES256' },
  { key: 'EdDSA', algorithm: 'EdDSA' },
]

export interface SigningSample {
  setting: string
  round: number
  signsPerSecond: number
  cpuUsPerSign: number
}

export interface SigningResults {
  rounds: number
  seconds: number
  inFlight: number
  tokenBytes: Record<string, number>
  samples: SigningSample[]
}

const IN_FLIGHT = 16

function sessionClaims(now: Date) {
  return buildSessionClaims({
    issuer: 'https://app.example.com',
    authorizedParty: 'https://app.example.com',
    session: {
      id: 'sess_2benchSigning000000000000',
      userId: 'user_2benchSigning000000000000',
      status: 'active',
      actor: null,
      firstFactorVerifiedAt: now,
      secondFactorVerifiedAt: null,
    },
    entitlements: {
      userFeatures: ['api_access'],
      userPlan: 'pro',
      organization: {
        id: 'org_2benchSigning0000000000',
        slug: 'acme',
        role: 'org:admin',
        permissions: ['org:reports:read', 'org:reports:manage', 'org:audit:read'],
        features: ['reports', 'audit'],
        plan: 'team',
      },
    },
    jti: randomUUID(),
    now,
    lifetimeSeconds: 60,
    skewSeconds: 5,
  })
}

async function signerFor(setting: SigningSetting) {
  const options = setting.rsaModulusBits
    ? { extractable: true, modulusLength: setting.rsaModulusBits }
    : { extractable: true }
  const { privateKey: generated } = await generateKeyPair(setting.algorithm, options)
  // As the key ring holds it: sealed PKCS#8, imported once.
  const privateKey = (await importPKCS8(await exportPKCS8(generated), setting.algorithm)) as CryptoKey
  return () =>
    new SignJWT({ ...sessionClaims(new Date()), jti: randomUUID() })
      .setProtectedHeader({ alg: setting.algorithm, kid: 'bench', typ: 'JWT' })
      .sign(privateKey)
}

async function measure(sign: () => Promise<string>, seconds: number) {
  const started = performance.now()
  const cpu = cpuUsage()
  const until = started + seconds * 1000
  let done = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < until) {
        await sign()
        done++
      }
    }),
  )
  const used = cpuUsage(cpu)
  return {
    signsPerSecond: done / ((performance.now() - started) / 1000),
    cpuUsPerSign: (used.user + used.system) / done,
  }
}

export async function measureSigning(options: {
  rounds: number
  seconds: number
  log: (message: string) => void
}): Promise<SigningResults> {
  const { rounds, seconds, log } = options
  const signers = new Map<string, () => Promise<string>>()
  const tokenBytes: Record<string, number> = {}
  for (const setting of SIGNING_SETTINGS) {
    const sign = await signerFor(setting)
    signers.set(setting.key, sign)
    tokenBytes[setting.key] = (await sign()).length
    await measure(sign, Math.min(0.5, seconds)) // warm-up
  }
  const samples: SigningSample[] = []
  for (let round = 0; round < rounds; round++) {
    const order = SIGNING_SETTINGS.map((_, i) => SIGNING_SETTINGS[(i + round) % SIGNING_SETTINGS.length])
    for (const setting of order) {
      if (!setting) continue
      const sign = signers.get(setting.key)
      if (!sign) continue
      const sample = await measure(sign, seconds)
      samples.push({ setting: setting.key, round, ...sample })
      log(
        `signing round ${round + 1} ${setting.key.padEnd(11)} ${Math.round(1e6 / sample.cpuUsPerSign)} per s per core (${Math.round(sample.signsPerSecond)} per s wall)`,
      )
    }
  }
  return { rounds, seconds, inFlight: IN_FLIGHT, tokenBytes, samples }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** The phase's table: medians of the rounds, [min–max] of signatures per second per core. */
export function renderSigning(results: SigningResults): string[] {
  const lines = [
    `## Minting: signatures per second per core (${results.rounds} rounds × ${results.seconds} s, ${results.inFlight} in flight)`,
    '',
    '| signing setting | per s per core (1e6 ÷ CPU µs) | CPU µs per signature | per s, wall clock | token bytes |',
    '| --- | --- | --- | --- | --- |',
  ]
  for (const setting of SIGNING_SETTINGS) {
    const samples = results.samples.filter((sample) => sample.setting === setting.key)
    if (samples.length === 0) continue
    const perCore = samples.map((sample) => 1e6 / sample.cpuUsPerSign)
    lines.push(
      `| ${setting.key} | ${Math.round(median(perCore)).toLocaleString('en-US')} [${Math.round(Math.min(...perCore))}–${Math.round(Math.max(...perCore))}] | ${median(samples.map((sample) => sample.cpuUsPerSign)).toFixed(0)} | ${Math.round(median(samples.map((sample) => sample.signsPerSecond))).toLocaleString('en-US')} | ${results.tokenBytes[setting.key] ?? ''} |`,
    )
  }
  lines.push('')
  return lines
}
