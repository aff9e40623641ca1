/**
 * The operator's secret (issue 20, ADR 025, security.md): TESSERA_SECRET seals the signing keys'
 * private halves, TOTP secrets, webhook secrets and OIDC client secrets in the database.
 * - A start-up with a secret that opens none of the stored signing keys (a typo, a restored
 *   backup, a rotation without TESSERA_SECRET_PREVIOUS) refuses to start, with a log line that
 *   names the cause and the fix and holds no secret; it never becomes ready.
 * - A sealed value that no given secret opens, met while serving, answers a coded 503
 *   (`sealed_secret_unavailable`) with a log line, never an unhandled 500.
 * - A rotation (new TESSERA_SECRET, the old one in TESSERA_SECRET_PREVIOUS, next to another
 *   previous one) starts, keeps the same signing key (JWKS, sign-in, token, TOTP all work), and
 *   re-seals every stored value: each changed, opens with the new secret and no longer with the
 *   old. The next start with the new secret alone works.
 *
 * Needs the production build (`npx vite build`) and a Postgres server: DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres. No knobs.
 */

import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type FaultServer, signInWithPassword, startFaultServer, VirtualClient } from '../support/fault-server.ts'
import { newSecret, openWith, type SealPurpose, sealWith } from '../support/sealed.ts'
import { totpCode } from '../support/totp.ts'

const PASSWORD = 'sealed secrets horse battery staple'
// A refused start-up exits well within this (it is ready within seconds when it does start).
const REFUSAL_WITHIN_MS = 60_000

let server: FaultServer
let old: string
let plain: { email: string }
// One per TOTP sign-in: a code's time step is accepted once per user.
type TotpUser = { email: string; totpSecret: string; id: string }
let withTotp: [TotpUser, TotpUser, TotpUser]
let foreignTotp: TotpUser

/** Every sealed column, as (table, key, column, purpose). */
const SEALED = [
  { table: 'signing_keys', key: 'kid', column: 'private_key_encrypted', purpose: 'signing-key-encryption' },
  { table: 'totp_credentials', key: 'user_id', column: 'secret_encrypted', purpose: 'totp-secret-encryption' },
  { table: 'webhook_endpoints', key: 'id', column: 'secret_encrypted', purpose: 'webhook-secret-encryption' },
  {
    table: 'enterprise_connections',
    key: 'id',
    column: 'client_secret_encrypted',
    purpose: 'oidc-client-secret-encryption',
  },
] as const satisfies readonly { table: string; key: string; column: string; purpose: SealPurpose }[]

async function createUser(email: string, totp: boolean) {
  const response = await fetch(`${server.baseUrl}/api/testing/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.testingToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, totp }),
  })
  if (response.status !== 201) throw new Error(`createUser: ${response.status} ${await response.text()}`)
  return { ...((await response.json()) as { id: string; totpSecret: string }), email }
}

/** Every sealed value in the database: `table/key` → the stored JWE. */
async function sealedValues(): Promise<Map<string, { jwe: string; purpose: SealPurpose }>> {
  const values = new Map<string, { jwe: string; purpose: SealPurpose }>()
  for (const { table, key, column, purpose } of SEALED) {
    const rows = await server.sql<{ key: string; jwe: string }[]>`
      select ${server.sql(key)} as key, ${server.sql(column)} as jwe from ${server.sql(table)}`
    for (const row of rows) values.set(`${table}/${row.key}`, { jwe: row.jwe, purpose })
  }
  return values
}

async function jwksKids(): Promise<{ status: number; kids: string[] }> {
  const response = await fetch(`${server.baseUrl}/.well-known/jwks.json`)
  if (response.status !== 200) return { status: response.status, kids: [] }
  const body = (await response.json()) as { keys: { kid: string }[] }
  return { status: 200, kids: body.keys.map((key) => key.kid).sort() }
}

/** A password sign-in and a token for it: the statuses of both. */
async function signInAndMint(index: number): Promise<{ signIn: number; mint: number }> {
  const browser = new VirtualClient(server.baseUrl, index)
  const sessionId = await signInWithPassword(browser, plain.email, PASSWORD).catch(() => null)
  if (!sessionId) return { signIn: 0, mint: 0 }
  const answer = await browser.request(`/api/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers: { origin: server.publicUrl, 'sec-fetch-site': 'same-origin' },
    only: ['__client'],
  })
  return { signIn: 200, mint: answer.status }
}

/** Password, then the TOTP code: the second step's answer. */
async function signInWithTotp(user: { email: string; totpSecret: string }, index: number) {
  const browser = new VirtualClient(server.baseUrl, index)
  const first = await browser.serverFn('$createSignIn', { identifier: user.email, password: PASSWORD })
  if (first.status !== 200) throw new Error(`first factor: ${first.status} ${first.strings.join(' ')}`)
  return browser.serverFn('$attemptSignInSecondFactor', { strategy: 'totp', code: totpCode(user.totpSecret) })
}

const codeOf = (strings: string[]) => strings.find((value) => /^[a-z]+(_[a-z]+)+$/.test(value))

beforeAll(async () => {
  server = await startFaultServer('secret')
  old = server.secret
  plain = await createUser('plain@example.com', false)
  withTotp = [
    await createUser('totp-1@example.com', true),
    await createUser('totp-2@example.com', true),
    await createUser('totp-3@example.com', true),
  ]
  foreignTotp = await createUser('foreign-totp@example.com', true)
  const now = new Date()
  // A webhook endpoint and an OIDC connection, sealed under the current secret as the console would.
  await server.sql`insert into webhook_endpoints (id, url, secret_encrypted, created_at, updated_at)
    values (${`whe_${randomUUID()}`}, 'https://hooks.example.com/in',
      ${await sealWith(old, 'webhook-secret-encryption', 'whsec_c2VjcmV0LXJvdGF0aW9uLXRlc3Q=')}, ${now}, ${now})`
  await server.sql`insert into enterprise_connections (id, name, issuer, client_id, client_secret_encrypted, created_at, updated_at)
    values (${`econn_${randomUUID()}`}, 'Rotation IdP', 'https://idp.example.com', 'tessera',
      ${await sealWith(old, 'oidc-client-secret-encryption', 'oidc-client-secret-value')}, ${now}, ${now})`
  // The first sign-in makes the signing key.
  expect(await signInAndMint(1)).toEqual({ signIn: 200, mint: 200 })
})

afterAll(async () => {
  await server?.stop()
})

it('refuses to start with a secret that opens none of the stored signing keys, and says why', async () => {
  const wrong = newSecret()
  const alsoWrong = newSecret()
  for (const env of [{ TESSERA_SECRET: wrong }, { TESSERA_SECRET: wrong, TESSERA_SECRET_PREVIOUS: alsoWrong }]) {
    const outcome = await server.runUntilExit(env, REFUSAL_WITHIN_MS)
    expect(outcome.becameReady, 'became ready').toBe(false)
    expect(outcome.code, `exit code; output:\n${outcome.output.slice(-2000)}`).toBe(1)
    const refusal = outcome.output.split('\n').find((line) => line.includes('"secrets.unopenable"')) ?? ''
    // The cause and the fix, by name…
    expect(refusal).toContain('signing_keys')
    expect(refusal).toContain('TESSERA_SECRET_PREVIOUS')
    // …and no secret, current, previous or stored.
    for (const secret of [wrong, alsoWrong, old]) expect(outcome.output).not.toContain(secret)
  }
  // The running instance was not disturbed.
  expect(await jwksKids()).toMatchObject({ status: 200 })
})

it('answers a coded 503 (never a 500) for a sealed value no given secret opens', async () => {
  // Sealed under a secret this server was never given (a row restored from elsewhere).
  const foreign = await sealWith(newSecret(), 'totp-secret-encryption', foreignTotp.totpSecret)
  await server.sql`update totp_credentials set secret_encrypted = ${foreign} where user_id = ${foreignTotp.id}`
  const answer = await signInWithTotp(foreignTotp, 2)
  expect({ status: answer.status, code: codeOf(answer.strings) }).toEqual({
    status: 503,
    code: 'sealed_secret_unavailable',
  })
  const log = readFileSync(server.logPath, 'utf8')
  expect(log).toContain('"secrets.unseal_failed"')
  expect(log).toContain('totp-secret-encryption')
  // Everything else still works.
  expect((await signInWithTotp(withTotp[0], 3)).status).toBe(200)
})

it('rotates: starts with TESSERA_SECRET_PREVIOUS, re-seals every stored value, then runs on the new secret alone', async () => {
  const kidsBefore = await jwksKids()
  const before = await sealedValues()
  expect([...before.keys()].map((key) => key.split('/')[0]).sort()).toEqual([
    'enterprise_connections',
    'signing_keys',
    'totp_credentials',
    'totp_credentials',
    'totp_credentials',
    'totp_credentials',
    'webhook_endpoints',
  ])
  const fresh = newSecret()
  await server.kill('SIGTERM')
  // Several previous secrets, separated by a comma and white space; the old one is not the first.
  await server.restart({ TESSERA_SECRET: fresh, TESSERA_SECRET_PREVIOUS: `${newSecret()}, ${old}` })

  // Same keys, and everything that needs them works.
  expect(await jwksKids()).toEqual(kidsBefore)
  expect(await signInAndMint(4)).toEqual({ signIn: 200, mint: 200 })
  expect((await signInWithTotp(withTotp[1], 5)).status).toBe(200)

  // Every value the old secret opened is re-sealed: changed, opens with the new secret only.
  const after = await sealedValues()
  const foreignKey = `totp_credentials/${foreignTotp.id}`
  for (const [key, { jwe, purpose }] of before) {
    const plaintext = await openWith(old, purpose, jwe)
    const now = after.get(key)?.jwe ?? ''
    if (key === foreignKey) {
      // What no given secret opens is left exactly as it was (and reported, see below).
      expect(plaintext, key).toBeNull()
      expect(now, key).toBe(jwe)
      continue
    }
    expect(plaintext, key).not.toBeNull()
    expect(now, key).not.toBe(jwe)
    expect(await openWith(fresh, purpose, now), key).toBe(plaintext)
    expect(await openWith(old, purpose, now), key).toBeNull()
  }
  const log = readFileSync(server.logPath, 'utf8')
  expect(log).toContain('"secrets.resealed"')
  for (const secret of [old, fresh]) expect(log).not.toContain(secret)

  // The old secret can go: the new one alone starts and serves.
  await server.kill('SIGTERM')
  await server.restart({ TESSERA_SECRET: fresh })
  expect(await jwksKids()).toEqual(kidsBefore)
  expect(await signInAndMint(6)).toEqual({ signIn: 200, mint: 200 })
  expect((await signInWithTotp(withTotp[2], 7)).status).toBe(200)
  expect(await sealedValues()).toEqual(after)
})
