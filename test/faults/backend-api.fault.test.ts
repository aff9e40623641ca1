/**
 * The Backend API (`/v1`, ADR 027) driven by the reference's own SDK, `createClerkClient` from
 * `@clerk/backend`, against the production build: every endpoint we serve, through the SDK's own
 * requests and parsing (its paths, `Clerk-API-Version` header, snake_case queries, repeated list
 * filters, `{ data, total_count }` pages and error bodies), and `verifyToken(token, { secretKey,
 * apiUrl })` fetching our keys through `/v1/jwks`. Keys are made and revoked with the CLI
 * (`npm run secret-keys`), as an operator would.
 *
 * Bad input: unknown, malformed and revoked keys get the reference's 401 (`clerk_key_invalid`,
 * which the SDK's `verifyToken` recognises); foreign ids get its 404 (`resource_not_found`);
 * without a key, an existing and a missing user get the same answer; a flood of bad keys from one
 * address ends in 429s without writing a ledger row; a valid key past its allowance gets 429s while
 * another key is served; malformed and oversized bodies are coded
 * 4xx; no key reaches the server's log.
 *
 * Needs the production build (`npm run test:faults` builds it) and a Postgres server.
 */

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { createClerkClient, verifyToken } from '@clerk/backend'
import { isClerkAPIResponseError } from '@clerk/backend/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECRET_KEY_REQUESTS_PER_KEY } from '../../app/session/policy.ts'
import { type FaultServer, signInWithPassword, startFaultServer, VirtualClient } from '../support/fault-server.ts'

const run = promisify(execFile)
const PASSWORD = 'a long and unusual passphrase'
const ZEROS = '0'.repeat(26)

let server: FaultServer
let secretKey: string
let revokedKey: string
let revokedKeyId: string
let keyId: string
const people: Record<'alice' | 'bob' | 'carol' | 'dave', { id: string; email: string; sessions: string[] }> = {
  alice: { id: '', email: '', sessions: [] },
  bob: { id: '', email: '', sessions: [] },
  carol: { id: '', email: '', sessions: [] },
  dave: { id: '', email: '', sessions: [] },
}
let organizationId = ''
const SLUG = 'acme-backend'
let browsers = 0

/** `npm run secret-keys -- <args>` on the server's database, as an operator runs it. */
async function secretKeysCli(...args: string[]): Promise<string[]> {
  const { stdout } = await run(path.resolve('node_modules/.bin/tsx'), ['scripts/secret-keys.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: server.databaseUrl,
      TESSERA_SECRET: server.secret,
      APP_URL: server.publicUrl,
      LOG_LEVEL: 'silent',
    },
  })
  return stdout.trim().split('\n')
}

async function signedIn(email: string): Promise<{ browser: VirtualClient; sessionId: string }> {
  const browser = new VirtualClient(server.baseUrl, ++browsers)
  return { browser, sessionId: await signInWithPassword(browser, email, PASSWORD) }
}

/** What the SDK threw: the status, the reference's error code and the trace id. */
async function failure(call: Promise<unknown>): Promise<{ status: number | undefined; code: string; trace: string }> {
  try {
    await call
  } catch (error) {
    if (!isClerkAPIResponseError(error)) throw error
    return { status: error.status, code: error.errors[0]?.code ?? '', trace: error.clerkTraceId ?? '' }
  }
  throw new Error('the call succeeded')
}

const clerk = () => createClerkClient({ secretKey, apiUrl: server.baseUrl })

beforeAll(async () => {
  server = await startFaultServer('backend_api')
  const created = await secretKeysCli('create', 'fault test backend')
  secretKey = created.at(-1) ?? ''
  keyId = /Created (skey_\w+)/.exec(created[0] ?? '')?.[1] ?? ''
  const other = await secretKeysCli('create', 'to be revoked')
  revokedKey = other.at(-1) ?? ''
  revokedKeyId = /Created (skey_\w+)/.exec(other[0] ?? '')?.[1] ?? ''
  for (const [name, person] of Object.entries(people)) {
    person.email = `${name}-${Date.now()}@example.com`
    person.id = (await server.createUser(person.email, PASSWORD)).id
  }
  const alice = await signedIn(people.alice.email)
  people.alice.sessions.push(alice.sessionId, (await signedIn(people.alice.email)).sessionId)
  for (const name of ['bob', 'carol', 'dave'] as const) {
    people[name].sessions.push((await signedIn(people[name].email)).sessionId)
  }
  const organization = await alice.browser.serverFn('$createOrganization', { name: 'Acme Backend', slug: SLUG })
  organizationId = organization.strings.find((value) => value.startsWith('org_')) ?? ''
  if (organization.status !== 200 || !organizationId) throw new Error(`organization: ${organization.status}`)
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

describe('the CLI', () => {
  it('prints a new key once, alone on its last line, and lists keys by hint only', async () => {
    expect(secretKey).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/)
    const listed = (await secretKeysCli('list')).join('\n')
    expect(listed).toContain(keyId)
    expect(listed).toContain(secretKey.slice(0, 12))
    expect(listed).not.toContain(secretKey)
    expect((await secretKeysCli('revoke', revokedKeyId))[0]).toContain(`Revoked ${revokedKeyId}`)
  })
})

describe('the JWKS and verifyToken', () => {
  it('serves the keys, and verifyToken({ secretKey, apiUrl }) verifies our tokens with them', async () => {
    const jwks = await clerk().jwks.getJwks()
    expect(jwks.keys?.length).toBeGreaterThan(0)
    const [sessionId] = people.alice.sessions
    const { jwt } = await clerk().sessions.getToken(sessionId ?? '')
    const claims = await verifyToken(jwt, { secretKey, apiUrl: server.baseUrl })
    expect(claims).toMatchObject({ sub: people.alice.id, sid: sessionId })
    const template = await clerk().sessions.getToken(sessionId ?? '', 'supabase')
    const templated = await verifyToken(template.jwt, { secretKey, apiUrl: server.baseUrl })
    expect(templated).toMatchObject({ sub: people.alice.id, role: 'authenticated', email: people.alice.email })
  })

  it('refuses a revoked key with the reference reason, and unknown templates and ids with 404', async () => {
    const { jwt } = await clerk().sessions.getToken(people.alice.sessions[0] ?? '')
    await expect(verifyToken(jwt, { secretKey: revokedKey, apiUrl: server.baseUrl })).rejects.toMatchObject({
      reason: 'secret-key-invalid',
    })
    expect(await failure(clerk().sessions.getToken(people.alice.sessions[0] ?? '', 'no-such-template'))).toMatchObject({
      status: 404,
      code: 'resource_not_found',
    })
    expect(await failure(clerk().sessions.getToken(`sess_${ZEROS}`))).toMatchObject({
      status: 404,
      code: 'resource_not_found',
    })
    // The SDK's third argument is not supported: refused by name, nothing minted.
    expect(await failure(clerk().sessions.getToken(people.alice.sessions[0] ?? '', undefined, 60))).toMatchObject({
      status: 422,
      code: 'form_param_format_invalid',
    })
  })
})

describe('sessions', () => {
  it('lists by user, client and status with pagination, and reads one', async () => {
    const [first, second] = people.alice.sessions
    const page = await clerk().sessions.getSessionList({ userId: people.alice.id, limit: 1 })
    expect(page.totalCount).toBe(2)
    expect(page.data.map((session) => session.id)).toEqual([second])
    const next = await clerk().sessions.getSessionList({ userId: people.alice.id, limit: 1, offset: 1 })
    expect(next.data.map((session) => session.id)).toEqual([first])
    const one = await clerk().sessions.getSession(first ?? '')
    expect(one).toMatchObject({ id: first, userId: people.alice.id, status: 'active' })
    const byClient = await clerk().sessions.getSessionList({ clientId: one.clientId })
    expect(byClient.data.map((session) => session.id)).toEqual([first])
    const active = await clerk().sessions.getSessionList({ userId: people.alice.id, status: 'active' })
    expect(active.totalCount).toBe(2)
    expect(active.data[0]?.lastActiveAt).toBeTypeOf('number')
  })

  it('revokes a session as the key, on the record, and says so when it is no longer signed in', async () => {
    const [sessionId] = people.bob.sessions
    const revoked = await clerk().sessions.revokeSession(sessionId ?? '')
    expect(revoked).toMatchObject({ id: sessionId, status: 'revoked' })
    expect((await clerk().sessions.getSession(sessionId ?? '')).status).toBe('revoked')
    expect(await failure(clerk().sessions.revokeSession(sessionId ?? ''))).toMatchObject({
      status: 409,
      code: 'session_not_signed_in',
    })
    expect(await failure(clerk().sessions.getToken(sessionId ?? ''))).toMatchObject({ status: 409 })
    const rows = await server.sql`
      select actor, secret_key_id, reason from session_events where session_id = ${sessionId ?? ''} and type = 'status_changed'`
    expect(rows).toEqual([{ actor: 'secret_key', secret_key_id: keyId, reason: 'revoked_by_admin' }])
  })
})

describe('users', () => {
  it('lists with the total from /users/count, filtered by repeated user_id, and reads one', async () => {
    const ids = [people.alice.id, people.bob.id]
    const page = await clerk().users.getUserList({ userId: ids, limit: 1, orderBy: '+created_at' })
    expect(page.totalCount).toBe(2)
    expect(page.data.map((user) => user.id)).toEqual([people.alice.id])
    const next = await clerk().users.getUserList({ userId: ids, limit: 1, offset: 1, orderBy: '+created_at' })
    expect(next.data.map((user) => user.id)).toEqual([people.bob.id])
    const byEmail = await clerk().users.getUserList({ emailAddress: [people.bob.email] })
    expect(byEmail.data.map((user) => user.id)).toEqual([people.bob.id])
    const user = await clerk().users.getUser(people.alice.id)
    expect(user).toMatchObject({ id: people.alice.id, passwordEnabled: true, banned: false })
    expect(user.primaryEmailAddress?.emailAddress).toBe(people.alice.email)
  })

  it('bans (signing the user out everywhere), unbans and deletes, each attributed to the key', async () => {
    const banned = await clerk().users.banUser(people.dave.id)
    expect(banned.banned).toBe(true)
    const live = await clerk().sessions.getSessionList({ userId: people.dave.id, status: 'active' })
    expect(live.totalCount).toBe(0)
    expect((await clerk().users.unbanUser(people.dave.id)).banned).toBe(false)
    const deleted = await clerk().users.deleteUser(people.carol.id)
    expect(deleted).toMatchObject({ id: people.carol.id, deleted: true })
    expect(await failure(clerk().users.getUser(people.carol.id))).toMatchObject({
      status: 404,
      code: 'resource_not_found',
    })
    const rows = await server.sql<{ type: string }[]>`
      select type from session_events where secret_key_id = ${keyId} and actor = 'secret_key' order by id`
    expect(rows.map((row) => row.type)).toEqual(
      expect.arrayContaining(['status_changed', 'user_banned', 'user_unbanned', 'user_deleted']),
    )
  })

  it('answers foreign and malformed ids with the reference 404', async () => {
    // Thunks: each call starts when it is checked (a rejection nobody awaits yet would be unhandled).
    for (const call of [
      () => clerk().users.getUser(`user_${ZEROS}`),
      () => clerk().users.getUser('not-a-user-id'),
      () => clerk().users.banUser(`user_${ZEROS}`),
      () => clerk().users.deleteUser(`user_${ZEROS}`),
      () => clerk().sessions.getSession(`sess_${ZEROS}`),
      () => clerk().sessions.revokeSession(`sess_${ZEROS}`),
      () => clerk().organizations.getOrganization({ organizationId: `org_${ZEROS}` }),
      () => clerk().organizations.getOrganizationMembershipList({ organizationId: `org_${ZEROS}` }),
    ]) {
      expect(await failure(call())).toMatchObject({ status: 404, code: 'resource_not_found' })
    }
  })
})

describe('organizations', () => {
  it('lists, reads by id and by slug, and lists memberships', async () => {
    const list = await clerk().organizations.getOrganizationList({ limit: 10, includeMembersCount: true })
    expect(list.totalCount).toBeGreaterThanOrEqual(1)
    expect(list.data.find((organization) => organization.id === organizationId)).toMatchObject({
      slug: SLUG,
      membersCount: 1,
    })
    expect(await clerk().organizations.getOrganization({ organizationId })).toMatchObject({ name: 'Acme Backend' })
    expect((await clerk().organizations.getOrganization({ slug: SLUG })).id).toBe(organizationId)
    const members = await clerk().organizations.getOrganizationMembershipList({ organizationId, limit: 5 })
    expect(members.totalCount).toBe(1)
    expect(members.data[0]?.publicUserData?.userId).toBe(people.alice.id)
    expect(members.data[0]?.organization.id).toBe(organizationId)
    expect(members.data[0]?.permissions.length).toBeGreaterThan(0)
  })
})

describe('bad keys', () => {
  const unknownKey = `sk_test_${'A'.repeat(43)}`

  it('get the reference 401 for unknown, malformed, revoked and missing keys', async () => {
    for (const key of [unknownKey, 'sk_test_short', revokedKey, `${secretKey}x`]) {
      const client = createClerkClient({ secretKey: key, apiUrl: server.baseUrl })
      expect(await failure(client.users.getUserList())).toMatchObject({ status: 401, code: 'clerk_key_invalid' })
    }
    const anonymous = await fetch(`${server.baseUrl}/v1/users`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('content-type')).toBe('application/json')
    expect(((await anonymous.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('clerk_key_invalid')
  })

  it('learn nothing of what exists', async () => {
    const answer = async (userId: string) => {
      const response = await fetch(`${server.baseUrl}/v1/users/${userId}`, {
        headers: { authorization: `Bearer ${unknownKey}`, 'x-forwarded-for': '10.98.0.1' },
      })
      const body = (await response.json()) as { errors: unknown[] }
      return { status: response.status, errors: body.errors }
    }
    expect(await answer(people.alice.id)).toEqual(await answer(`user_${ZEROS}`))
  })

  it('from one address end in 429s after the allowance, and never grow the ledger', async () => {
    const ledgerRows = async () =>
      (await server.sql<{ count: number }[]>`select count(*)::int as count from session_events`)[0]?.count
    const before = await ledgerRows()
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${server.baseUrl}/v1/sessions`, {
        headers: { authorization: `Bearer sk_test_${String(i).padStart(43, 'x')}`, 'x-forwarded-for': '10.99.0.1' },
      })
      statuses.push(response.status)
      await response.arrayBuffer()
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true)
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true)
    expect(await ledgerRows()).toBe(before)
    const buckets = await server.sql`select key from rate_limit_buckets where key like 'secret_key_failure_ip:%'`
    expect(buckets.map((row) => row.key)).toEqual(expect.arrayContaining(['secret_key_failure_ip:10.99.0.1']))
    // The right key still works from there.
    const good = await fetch(`${server.baseUrl}/v1/jwks`, {
      headers: { authorization: `Bearer ${secretKey}`, 'x-forwarded-for': '10.99.0.1' },
    })
    expect(good.status).toBe(200)
  })
})

describe('a busy key', () => {
  it('past its allowance ends in 429s with Retry-After, for that key only', async () => {
    const bucket = `secret_key_requests:${keyId}`
    // The window's allowance already spent (1,000 requests are the reference's per 10 s).
    await server.sql`insert into rate_limit_buckets (key, window_started_at, hits, expires_at)
      values (${bucket}, now(), ${SECRET_KEY_REQUESTS_PER_KEY}, now() + interval '1 minute')
      on conflict (key) do update set hits = excluded.hits, window_started_at = excluded.window_started_at, expires_at = excluded.expires_at`
    try {
      const response = await fetch(`${server.baseUrl}/v1/jwks`, { headers: { authorization: `Bearer ${secretKey}` } })
      expect(response.status).toBe(429)
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await failure(clerk().users.getCount())).toMatchObject({ status: 429, code: 'too_many_requests' })
      const other = await secretKeysCli('create', 'another backend')
      const fresh = createClerkClient({ secretKey: other.at(-1) ?? '', apiUrl: server.baseUrl })
      expect(await fresh.users.getCount()).toBeGreaterThan(0)
    } finally {
      await server.sql`delete from rate_limit_buckets where key = ${bucket}`
    }
    expect(await clerk().users.getCount()).toBeGreaterThan(0)
  })
})

describe('bodies and the browser rule', () => {
  const post = (path: string, init: RequestInit) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Bearer ${secretKey}`, ...(init.headers as Record<string, string>) },
    })

  it('answers malformed and oversized bodies with coded 4xx, changing nothing', async () => {
    const tokens = `/v1/sessions/${people.alice.sessions[0]}/tokens`
    const malformed = await post(tokens, { body: '{"oops', headers: { 'content-type': 'application/json' } })
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('malformed_request_body')
    const huge = await post(tokens, {
      body: `{"a":"${'a'.repeat(64 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    })
    expect(huge.status).toBe(413)
    await huge.arrayBuffer()
    const revokeWithBody = await post(`/v1/sessions/${people.alice.sessions[0]}/revoke`, { body: '{}' })
    expect(revokeWithBody.status).toBe(413)
    await revokeWithBody.arrayBuffer()
    expect((await clerk().sessions.getSession(people.alice.sessions[0] ?? '')).status).toBe('active')
    const badQuery = await fetch(`${server.baseUrl}/v1/sessions?limit=nope`, {
      headers: { authorization: `Bearer ${secretKey}` },
    })
    expect(badQuery.status).toBe(422)
    expect(((await badQuery.json()) as { errors: { meta?: { param_name?: string } }[] }).errors[0]?.meta).toEqual({
      param_name: 'limit',
    })
  })

  it('takes a server-to-server POST whatever its Origin says (no cookie is read), with 405 for other methods', async () => {
    const minted = await post(`/v1/sessions/${people.alice.sessions[0]}/tokens`, {
      headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(minted.status).toBe(200)
    expect(minted.headers.get('cache-control')).toBe('no-store')
    expect((await minted.json()) as object).toMatchObject({ object: 'token' })
    const put = await fetch(`${server.baseUrl}/v1/users`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${secretKey}` },
    })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD')
  })

  it('never writes a key to the log', () => {
    const log = readFileSync(server.logPath, 'utf8')
    expect(log).toContain('route.refused')
    for (const key of [secretKey, revokedKey]) expect(log).not.toContain(key.slice('sk_test_'.length))
  })
})
