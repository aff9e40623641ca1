/**
 * Micro-benchmark: signing a session token with jose, per algorithm (RS256 with the app's 3072-bit
 * keys, the default; ES256;
 * EdDSA), and verifying it. What it shows: the cryptographic floor of token minting per core,
 * which bounds POST /api/sessions/:id/tokens (issue 10: ≥ 2 000 mints/s per core with RS256).
 *
 * Measured as CPU time of this process per operation (user + system, all threads: WebCrypto runs
 * on libuv's pool), so 1e6 ÷ µs/op is operations per second per core, and throughput with 16 in
 * flight. Rounds alternate the algorithms.
 *
 *   npx tsx bench/micro/jose-sign.ts            ROUNDS=5 SECONDS=1.5 (defaults)
 */

import { cpuUsage } from 'node:process'
import { type CryptoKey, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { DEFAULT_RSA_MODULUS_BITS } from '../../app/session/policy.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const SECONDS = Number(process.env.SECONDS ?? 1.5)
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const

const claims = {
  sub: 'user_2sampleAdaLovelace0000000',
  sid: 'sess_2sampleAdaSession000000000',
  azp: 'https://app.example.com',
  iss: 'https://app.example.com',
  v: 2,
  fva: [3, -1],
  sts: 'active',
}

async function measure(operation: () => Promise<unknown>) {
  const started = performance.now()
  const cpu = cpuUsage()
  let done = 0
  const until = started + SECONDS * 1000
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < until) {
        await operation()
        done++
      }
    }),
  )
  const used = cpuUsage(cpu)
  return { perSecond: done / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / done }
}

const keys: Record<string, { privateKey: CryptoKey; publicKey: CryptoKey; token: string }> = {}
for (const alg of ALGORITHMS) {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'RS256' ? { modulusLength: DEFAULT_RSA_MODULUS_BITS } : {},
  )
  const token = await sign(alg, privateKey)
  keys[alg] = { privateKey, publicKey, token }
}

function sign(alg: string, key: CryptoKey) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ ...claims, iat: now, nbf: now - 5, exp: now + 60, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' })
    .sign(key)
}

const results: Record<string, { perSecond: number[]; cpuUs: number[] }> = {}
for (let round = 0; round < ROUNDS; round++) {
  const order = ALGORITHMS.map((_, i) => ALGORITHMS[(i + round) % ALGORITHMS.length] ?? 'RS256')
  for (const alg of order) {
    const key = keys[alg]
    if (!key) continue
    for (const [op, run] of [
      ['sign', () => sign(alg, key.privateKey)],
      ['verify', () => jwtVerify(key.token, key.publicKey, { algorithms: [alg] })],
    ] as const) {
      const sample = await measure(run)
      results[`${alg} ${op}`] ??= { perSecond: [], cpuUs: [] }
      results[`${alg} ${op}`]?.perSecond.push(sample.perSecond)
      results[`${alg} ${op}`]?.cpuUs.push(sample.cpuUs)
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
console.log(`${ROUNDS} rounds × ${SECONDS} s, 16 in flight; medians [min–max]\n`)
console.log('| operation | ops/s (wall) | CPU µs/op | ops/s per core (1e6 ÷ CPU µs) |')
console.log('| --- | --- | --- | --- |')
for (const [name, { perSecond, cpuUs }] of Object.entries(results)) {
  console.log(
    `| ${name} | ${Math.round(median(perSecond))} [${Math.round(Math.min(...perSecond))}–${Math.round(Math.max(...perSecond))}] | ${median(cpuUs).toFixed(0)} | ${Math.round(1e6 / median(cpuUs))} |`,
  )
}
