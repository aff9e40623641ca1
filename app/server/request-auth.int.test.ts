/**
 * The JWT path touches no database: `sessionIdentity()` and `auth()` (what `requireSession`, so
 * `$whoAmI`, and the public server entry run) given a
 * valid session token in `Authorization: Bearer` sends zero statements, counted at the driver
 * (postgres.js's own hook, so prepared statements, `begin` and `commit` count too; Drizzle's logger
 * on PGlite). The client-token fallback, for contrast, does read the database.
 */

import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Database } from '../../db/client.ts'
import { authFixtures } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { resolveConfig } from '../config/instance.ts'
import { mintSessionToken, mintSessionTokenWith } from './tokens.server.ts'

const ORIGIN = 'http://app.example.com'

const state = vi.hoisted(() => ({
  request: new Request('http://app.example.com/'),
  db: null as unknown,
  statements: [] as string[],
}))

function cookieOf(name: string): string | undefined {
  const header = state.request.headers.get('cookie') ?? ''
  const pair = header.split(/;\s*/).find((entry) => entry.startsWith(`${name}=`))
  return pair?.slice(name.length + 1)
}

vi.mock('@tanstack/react-start/server', () => ({
  getRequest: () => state.request,
  getRequestHeader: (name: string) => state.request.headers.get(name) ?? undefined,
  getRequestIP: () => '127.0.0.1',
  getCookie: (name: string) => cookieOf(name),
  setCookie: () => {},
  deleteCookie: () => {},
}))

vi.mock('./db.server.ts', () => ({
  getDb: async () => state.db,
  getDatabaseHandle: async () => ({ db: state.db, driver: 'postgres', close: async () => {} }),
}))

const { auth, mintContext, sessionIdentity } = await import('./request-auth.server.ts')
const { Route: me } = await import('../routes/api/me.ts')

const handle = await openTestDatabase({ poolSize: 2, onQuery: (sql) => state.statements.push(sql) })
const db: Database = handle.db
state.db = db

const fixtures = authFixtures(db)
const config = resolveConfig({})

function request(headers: Record<string, string>) {
  state.request = new Request(`${ORIGIN}/_serverFn/whoami`, { headers })
}

describe('the JWT path', () => {
  beforeEach(() => {
    state.statements.length = 0
  })

  it('resolves the identity from a bearer session token with zero database statements', async () => {
    const now = new Date()
    const { session, token: clientToken } = await fixtures.signUp({ now })
    const minted = await mintSessionToken({ db, config, now, issuer: ORIGIN, authorizedParty: ORIGIN }, session)
    // The first request of a process may load the signing keys; every later one reads nothing.
    request({ authorization: `Bearer ${minted.jwt}` })
    await sessionIdentity()

    for (let i = 0; i < 20; i++) {
      request({ authorization: `Bearer ${minted.jwt}`, cookie: `__client=${clientToken}` })
      state.statements.length = 0
      const identity = await sessionIdentity()
      expect(identity).toMatchObject({ sessionId: session.id, source: 'bearer' })
      expect(await auth()).toMatchObject({ isAuthenticated: true, sessionId: session.id })
      expect(state.statements).toEqual([])
    }
  })

  it('counts what the client-token fallback reads, so the counter is live', async () => {
    const now = new Date()
    const { session, token: clientToken } = await fixtures.signUp({ now })
    request({ cookie: `__client=${clientToken}` })
    state.statements.length = 0
    const identity = await sessionIdentity()
    expect(identity).toMatchObject({ sessionId: session.id, source: 'client' })
    expect(state.statements.length).toBeGreaterThan(0)
  })
})

describe('azp (issue 19)', () => {
  it("is the request's Origin when there is one, else the app's origin", async () => {
    request({})
    expect((await mintContext()).authorizedParty).toBe(ORIGIN)
    request({ origin: 'https://web.example.com' })
    expect((await mintContext()).authorizedParty).toBe('https://web.example.com')
    request({ origin: 'null' })
    expect((await mintContext()).authorizedParty).toBe(ORIGIN)
  })

  it('is in a token minted for a caller without an Origin (a CLI, a native app)', async () => {
    const now = new Date()
    const { session } = await fixtures.signUp({ now })
    request({})
    const minted = await mintSessionToken(await mintContext(now), session)
    expect(minted.claims.azp).toBe(ORIGIN)
  })
})

describe('GET /api/me', () => {
  const call = async (jwt: string) => {
    request({ authorization: `Bearer ${jwt}` })
    const handlers = (me.options.server as { handlers: Record<string, (context: unknown) => Promise<Response>> })
      .handlers
    const response = await (handlers.GET as (context: unknown) => Promise<Response>)({
      request: state.request,
      params: {},
    })
    return { status: response.status, body: await response.json() }
  }
  const mint = (status: 'active' | 'pending', organization: boolean) => {
    const now = new Date()
    return mintSessionTokenWith(
      { db, config, now, issuer: ORIGIN, authorizedParty: ORIGIN },
      {
        id: 'sess_2me000000000000000000000',
        userId: 'user_2me000000000000000000000',
        status,
        actor: null,
        firstFactorVerifiedAt: now,
        secondFactorVerifiedAt: null,
      },
      {
        userFeatures: [],
        userPlan: null,
        organization: organization
          ? { id: 'org_2me', slug: 'acme', role: 'org:admin', permissions: [], features: [], plan: null }
          : null,
      },
    )
  }

  it('reports the organization a token carries', async () => {
    expect(await call((await mint('active', true)).jwt)).toEqual({
      status: 200,
      body: expect.objectContaining({ orgId: 'org_2me', orgRole: 'org:admin', orgSlug: 'acme', status: 'active' }),
    })
    expect((await call((await mint('active', false)).jwt)).body).toMatchObject({ orgId: null, orgRole: null })
  })

  it('treats a pending session as signed out, as the reference does by default', async () => {
    expect(await call((await mint('pending', false)).jwt)).toMatchObject({
      status: 401,
      body: { code: 'signed_out' },
    })
  })
})

describe("auth(): the reference's auth object (app/auth/server.ts)", () => {
  const data = (object: object) =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => typeof value !== 'function'))
  const mintFor = (session: { id: string; userId: string; status: 'active' | 'pending' }) => {
    const now = new Date()
    return mintSessionTokenWith(
      { db, config, now, issuer: ORIGIN, authorizedParty: ORIGIN },
      { ...session, actor: null, firstFactorVerifiedAt: now, secondFactorVerifiedAt: null },
      { userFeatures: [], userPlan: null, organization: null },
    )
  }

  it('is a signed-out object, never null, without credentials', async () => {
    request({})
    const signedOut = await auth()
    expect(data(signedOut)).toEqual({
      isAuthenticated: false,
      tokenType: 'session_token',
      userId: null,
      sessionId: null,
      sessionStatus: null,
      sessionClaims: null,
      actor: null,
      orgId: null,
      orgRole: null,
      orgSlug: null,
      orgPermissions: null,
      factorVerificationAge: null,
    })
    expect(signedOut.has({ permission: 'org:sys_profile:read' })).toBe(false)
    expect(await signedOut.getToken()).toBeNull()
    expect(await signedOut.getToken({ template: 'supabase' })).toBeNull()
  })

  it("reads a bearer token's session; getToken() is that token and a template mints for the session", async () => {
    const now = new Date()
    const { session } = await fixtures.signUp({ now })
    const minted = await mintSessionToken({ db, config, now, issuer: ORIGIN, authorizedParty: ORIGIN }, session)
    request({ authorization: `Bearer ${minted.jwt}` })
    const { isAuthenticated, userId, sessionId, sessionStatus, orgId, actor, tokenType, getToken } = await auth()
    expect({ isAuthenticated, userId, sessionId, sessionStatus, orgId, actor, tokenType }).toEqual({
      isAuthenticated: true,
      userId: session.userId,
      sessionId: session.id,
      sessionStatus: null,
      orgId: undefined,
      actor: undefined,
      tokenType: 'session_token',
    })
    expect(await getToken()).toBe(minted.jwt)
    const template = await getToken({ template: 'supabase' })
    const [, payload] = (template ?? '').split('.')
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({
      aud: 'authenticated',
      sub: session.userId,
    })
  })

  it('refuses bad getToken options with a code, and an unknown template with template_not_found', async () => {
    const now = new Date()
    const { session } = await fixtures.signUp({ now })
    const minted = await mintSessionToken({ db, config, now, issuer: ORIGIN, authorizedParty: ORIGIN }, session)
    request({ authorization: `Bearer ${minted.jwt}` })
    const { getToken } = await auth()
    await expect(getToken({ template: 'no_such_template' })).rejects.toMatchObject({ code: 'template_not_found' })
    await expect(getToken({ template: 'Not A Name' })).rejects.toMatchObject({ code: 'invalid_input', status: 400 })
    await expect(getToken({ expiresInSeconds: 60 })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(getToken('supabase' as never)).rejects.toMatchObject({ code: 'invalid_input' })
  })

  it('counts a pending session as signed out by default, keeping its status; opted in, it is signed in', async () => {
    const pending = await mintFor({
      id: 'sess_2pending0000000000000000',
      userId: 'user_2pending0000000000000000',
      status: 'pending',
    })
    request({ authorization: `Bearer ${pending.jwt}` })
    expect(data(await auth())).toMatchObject({ isAuthenticated: false, userId: null, sessionStatus: 'pending' })
    const optedIn = await auth({ treatPendingAsSignedOut: false })
    expect(data(optedIn)).toMatchObject({
      isAuthenticated: true,
      userId: 'user_2pending0000000000000000',
      sessionStatus: 'pending',
    })
    // A template token for a session the database does not know is refused, not minted.
    await expect(optedIn.getToken({ template: 'supabase' })).rejects.toMatchObject({ status: 404 })
  })

  it('refuses options it cannot honour with invalid_input', async () => {
    request({})
    await expect(auth({ acceptsToken: 'api_key' as never })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(auth({ treatPendingAsSignedOut: 'no' as never })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(auth({ acceptsToken: ['session_token'] })).resolves.toMatchObject({ isAuthenticated: false })
  })
})
