/**
 * Enterprise SSO against a real OpenID provider (oidc-provider, in-process on loopback) and, for the
 * tokens a real one will not make, a hostile one (node:http + jose). The clock is the real one:
 * the IdPs sign with it. Guards: the attack table (each refusal its own code, no session made);
 * the OIDC state is single use under 20 concurrent callbacks (REL-04); identities are keyed by
 * (connection, iss, sub) and linked only under VULN-14; second factors apply (VULN-13); `amr`,
 * `acr` and `auth_time` are recorded (ASVS 7.1.3, 6.8.4); step-up through the IdP.
 */

import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import {
  emailAddresses,
  enterpriseConnections,
  enterpriseIdentities,
  sessionEvents,
  sessions,
  signInAttempts,
  ssoTransactions,
} from '../../db/schema.ts'
import { authFixtures, ORIGIN, PASSWORD, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { type HostileIdp, startHostileIdp } from '../../test/support/hostile-idp.ts'
import { type IdpAccount, startTestIdp } from '../../test/support/oidc-idp.ts'
import { sessionRow } from '../../test/support/sessions.ts'
import { totpCode } from '../../test/support/totp.ts'
import { factorVerificationAge } from '../session/verification.ts'
import { sha256Hex } from './crypto.server.ts'
import { type ConnectionInput, createConnection, updateConnection } from './enterprise-connections.server.ts'
import { completeSsoCallback, type SsoOutcome } from './enterprise-sso.server.ts'
import {
  attemptFirstFactorVerification,
  prepareEnterpriseSsoVerification,
  startVerification,
} from './reverification.server.ts'
import { attemptSecondFactor, createSignIn, prepareEnterpriseSso } from './sign-in.server.ts'
import { createUser } from './users.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signUp, messagesTo } = authFixtures(db)
/** The IdPs sign with the real clock, so the services run on it too. */
const ctx = () => context(new Date())

const CLIENTS = [
  { clientId: 'tessera-a', clientSecret: 'secret-for-client-a' },
  { clientId: 'tessera-b', clientSecret: 'secret-for-client-b' },
]
const idp = await startTestIdp({ redirectPrefix: `${ORIGIN}/sso/callback/`, clients: CLIENTS })
const hostile = await startHostileIdp()
afterAll(async () => {
  await idp.close()
  await hostile.close()
})

const admin = await signUp()
const adminActor = { id: admin.userId, sessionId: admin.session.id }

const newDomain = () => `corp-${randomUUID().slice(0, 8)}.test`

async function newConnection(overrides: Partial<ConnectionInput> & { client?: 0 | 1 } = {}) {
  const { client = 0, ...input } = overrides
  const domain = input.domains?.[0] ?? newDomain()
  const connection = await createConnection(ctx(), adminActor, {
    name: 'Corp',
    issuer: idp.issuer,
    clientId: CLIENTS[client]?.clientId ?? '',
    clientSecret: CLIENTS[client]?.clientSecret ?? '',
    domains: [domain],
    enabled: true,
    ...input,
  })
  return { ...connection, domain }
}

/** A person at the IdP. */
function idpPerson(domain: string, extra: Partial<IdpAccount> = {}): IdpAccount {
  const sub = randomUUID()
  const account = {
    sub,
    username: `person-${sub}`,
    password: `idp password ${sub}`,
    email: `person-${sub.slice(0, 8)}@${domain}`,
    emailVerified: true,
    givenName: 'Jane',
    familyName: 'Doe',
    ...extra,
  }
  idp.setAccount(account)
  return account
}

/** A browser: its client cookie (null before any sign-in). */
interface Browser {
  client: string | null
}

/** Types `email` on the sign-in page and is sent to the IdP: the IdP URL and the SSO cookie. */
async function startSignIn(email: string, browser: Browser = { client: null }) {
  const created = await createSignIn(ctx(), { identifier: email }, { signIn: null, client: browser.client })
  const prepared = await prepareEnterpriseSso(ctx(), created.token, { redirectPath: '/dashboard' })
  return { url: prepared.trip.url, browserToken: prepared.trip.browserToken, signInToken: created.token, prepared }
}

async function callback(
  connectionId: string,
  url: URL,
  browserToken: string | null,
  clientToken: string | null = null,
  now = new Date(),
): Promise<SsoOutcome> {
  return completeSsoCallback(context(now), { connectionId, params: url.searchParams, browserToken, clientToken })
}

/** The whole trip: start, sign in at the IdP, come back. */
async function ssoSignIn(connectionId: string, person: IdpAccount, browser: Browser = { client: null }) {
  const started = await startSignIn(person.email ?? '', browser)
  const back = await idp.authorize(started.url, person)
  return { outcome: await callback(connectionId, back, started.browserToken, browser.client), ...started, back }
}

const signedIn = (outcome: SsoOutcome) => {
  if (outcome.kind !== 'signed_in') throw new Error(`expected a session, got ${outcome.kind}`)
  return outcome.signedIn
}

const sessionCount = (userId: string) => db.$count(sessions, eq(sessions.userId, userId))
const identitiesOf = (userId: string) =>
  db.select().from(enterpriseIdentities).where(eq(enterpriseIdentities.userId, userId))

async function failuresFor(detail: string) {
  return db
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.type, 'sign_in_failed'), eq(sessionEvents.detail, detail)))
}

// ---------------------------------------------------------------------------------------------

describe('connections', () => {
  it('keep the client secret sealed and the issuer exact, and go in the ledger as the admin', async () => {
    const connection = await newConnection()
    const [row] = await db.select().from(enterpriseConnections).where(eq(enterpriseConnections.id, connection.id))
    expect(row?.clientSecretEncrypted).not.toContain(CLIENTS[0]?.clientSecret)
    expect(row?.clientSecretEncrypted.split('.')).toHaveLength(5)
    expect(connection.callbackUrl).toBe(`${ORIGIN}/sso/callback/${connection.id}`)
    const [added] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.type, 'enterprise_connection_added'), eq(sessionEvents.actorUserId, admin.userId)))
    expect(added).toMatchObject({ actor: 'admin', sessionId: admin.session.id })
    expect(added?.detail).toContain(connection.domain)
  })

  it('refuse an issuer whose discovery document names another issuer (ASVS 10.5.3), even by a slash', async () => {
    expect(await rejection(newConnection({ issuer: `${idp.issuer}/` }))).toBe('sso_discovery_invalid')
    hostile.claimIssuer('https://login.impostor.example')
    expect(await rejection(newConnection({ issuer: hostile.issuer }))).toBe('sso_discovery_invalid')
    hostile.claimIssuer(hostile.issuer)
  })

  it('refuse an insecure issuer, bad domains, and a domain another connection owns', async () => {
    expect(await rejection(newConnection({ issuer: 'http://login.example.com' }))).toBe('sso_issuer_invalid')
    expect(await rejection(newConnection({ domains: ['not a domain'] }))).toBe('sso_domain_invalid')
    const first = await newConnection()
    expect(await rejection(newConnection({ domains: [first.domain] }))).toBe('sso_domain_taken')
  })

  it('answer a clear error when the IdP is not there', async () => {
    expect(await rejection(newConnection({ issuer: 'http://127.0.0.1:9' }))).toBe('sso_idp_unreachable')
  })
})

describe('signing in through the IdP', () => {
  it('sends the browser to the IdP with PKCE S256, state, nonce, max_age and a login hint', async () => {
    const { domain } = await newConnection()
    const email = `someone@${domain}`
    const { url, prepared, browserToken } = await startSignIn(email)
    const params = new URL(url).searchParams
    expect(url.startsWith(idp.issuer)).toBe(true)
    expect(params.get('code_challenge_method')).toBe('S256')
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(params.get('state')).toMatch(/^[\w-]{43}$/)
    expect(params.get('nonce')).toMatch(/^[\w-]{43}$/)
    expect(params.get('max_age')).toBe('43200')
    expect(params.get('login_hint')).toBe(email)
    expect(params.get('scope')).toBe('openid email profile')
    expect(prepared.signIn.supportedFirstFactors).toEqual([
      expect.objectContaining({ strategy: 'enterprise_sso', enterpriseConnectionName: 'Corp' }),
    ])
    // Only hashes of the state and of the browser's cookie are stored.
    const [row] = await db
      .select()
      .from(ssoTransactions)
      .where(eq(ssoTransactions.stateHash, sha256Hex(params.get('state') ?? '')))
    expect(row).toMatchObject({ purpose: 'sign_in', browserHash: sha256Hex(browserToken), consumedAt: null })
  })

  it('offers the IdP only, for every address of an owned domain, whether or not it has an account', async () => {
    const { domain } = await newConnection()
    const known = await createAccount({ email: `known@${domain}` })
    for (const email of [known.email, `unknown@${domain}`]) {
      const { signIn } = await createSignIn(ctx(), { identifier: email }, { signIn: null, client: null })
      expect(signIn.supportedFirstFactors.map((factor) => factor.strategy)).toEqual(['enterprise_sso'])
    }
    expect(
      await rejection(
        createSignIn(ctx(), { identifier: known.email, password: PASSWORD }, { signIn: null, client: null }),
      ),
    ).toBe('strategy_not_allowed')
  })

  it('makes an account for a new person and records auth_time, acr and no amr: second-factor age −1', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain, { acr: 'urn:corp:loa:1' })
    const { outcome } = await ssoSignIn(connectionId, person)
    expect(outcome).toMatchObject({ kind: 'signed_in', redirectPath: '/dashboard' })
    const { session } = signedIn(outcome)
    expect(session).toMatchObject({
      enterpriseConnectionId: connectionId,
      federatedAmr: null,
      federatedAcr: 'urn:corp:loa:1',
      secondFactorVerifiedAt: null,
    })
    expect(session.federatedAuthTime).toBeInstanceOf(Date)
    expect(factorVerificationAge(session.firstFactorVerifiedAt, session.secondFactorVerifiedAt, new Date())[1]).toBe(-1)
    const [identity] = await identitiesOf(session.userId)
    expect(identity).toMatchObject({ connectionId, issuer: idp.issuer, subject: person.sub, email: person.email })
    const [address] = await db.select().from(emailAddresses).where(eq(emailAddresses.userId, session.userId))
    expect(address?.email).toBe(person.email)
    expect(address?.verifiedAt).toBeInstanceOf(Date)
    const [created] = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, session.id))
    expect(created).toMatchObject({ type: 'created', detail: 'enterprise_sso' })
  })

  it('counts an IdP second factor only when amr shows one (ASVS 6.8.4)', async () => {
    const { id: connectionId, domain } = await newConnection()
    const { session } = signedIn((await ssoSignIn(connectionId, idpPerson(domain, { amr: ['pwd', 'otp'] }))).outcome)
    expect(session.federatedAmr).toEqual(['pwd', 'otp'])
    expect(session.secondFactorVerifiedAt).toEqual(session.firstFactorVerifiedAt)
  })

  it('knows a returning person by (connection, iss, sub), even after their email changed at the IdP', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const first = signedIn((await ssoSignIn(connectionId, person)).outcome)
    idp.setAccount({ ...person, email: `renamed-${randomUUID().slice(0, 6)}@${domain}` })
    const second = signedIn((await ssoSignIn(connectionId, person)).outcome)
    expect(second.session.userId).toBe(first.session.userId)
    expect(await identitiesOf(first.session.userId)).toHaveLength(1)
  })

  it('keeps the same sub at two connections as two identities (ASVS 6.8.1)', async () => {
    const a = await newConnection({ client: 0 })
    const b = await newConnection({ client: 1 })
    const person = idpPerson(a.domain)
    const viaA = signedIn((await ssoSignIn(a.id, person)).outcome)
    // The same person at the same IdP, through the other connection: not the account made through A.
    const atB = { ...person, email: `same-sub@${b.domain}` }
    idp.setAccount(atB)
    const viaB = signedIn((await ssoSignIn(b.id, atB)).outcome)
    expect(viaB.session.userId).not.toBe(viaA.session.userId)
    const rows = await db.select().from(enterpriseIdentities).where(eq(enterpriseIdentities.subject, person.sub))
    expect(rows.map((row) => row.connectionId).sort()).toEqual([a.id, b.id].sort())
  })

  it('lets a user with TOTP pass only to needs_second_factor, then finishes with the code (VULN-13)', async () => {
    const { id: connectionId, domain } = await newConnection()
    const local = await createAccount({ email: `totp-${randomUUID().slice(0, 6)}@${domain}`, totp: true })
    const person = idpPerson(domain, { email: local.email })
    const { outcome, signInToken } = await ssoSignIn(connectionId, person)
    expect(outcome).toEqual({ kind: 'needs_second_factor', redirectPath: '/dashboard' })
    expect(await sessionCount(local.id)).toBe(0)
    const [attempt] = await db
      .select()
      .from(signInAttempts)
      .where(eq(signInAttempts.tokenHash, sha256Hex(signInToken)))
    expect(attempt).toMatchObject({
      status: 'needs_second_factor',
      firstFactorStrategy: 'enterprise_sso',
      userId: local.id,
    })
    const code = totpCode(local.totpSecret ?? '')
    const step = await attemptSecondFactor(ctx(), signInToken, { strategy: 'totp', code }, null)
    expect(step.signedIn?.session).toMatchObject({ userId: local.id, enterpriseConnectionId: connectionId })
    expect(step.signedIn?.session.federatedAuthTime).toBeInstanceOf(Date)
  })
})

describe('linking to an existing account (VULN-14)', () => {
  it('links an account with the address verified here when the IdP says email_verified: true, and tells its owner', async () => {
    const { id: connectionId, domain } = await newConnection()
    const local = await createAccount({ email: `linked-${randomUUID().slice(0, 6)}@${domain}` })
    const { session } = signedIn((await ssoSignIn(connectionId, idpPerson(domain, { email: local.email }))).outcome)
    expect(session.userId).toBe(local.id)
    expect(await identitiesOf(local.id)).toHaveLength(1)
    const [linked] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.type, 'enterprise_sso_linked'), eq(sessionEvents.userId, local.id)))
    expect(linked?.detail).toBe('Corp')
    expect(messagesTo(local.email).at(-1)).toMatchObject({
      channel: 'email',
      subject: expect.stringMatching(/Single sign-on linked/i),
    })
  })

  it.each([
    ['false', false],
    ['missing', undefined],
    ['the string "true"', 'true'],
    ['the string "false"', 'false'],
  ])('refuses when email_verified is %s: no link, no session', async (_label, emailVerified) => {
    const { id: connectionId, domain } = await newConnection()
    const local = await createAccount({ email: `victim-${randomUUID().slice(0, 6)}@${domain}` })
    const person = idpPerson(domain, { email: local.email, emailVerified })
    const started = await startSignIn(local.email)
    const returned = await idp.authorize(started.url, person)
    expect(await rejection(callback(connectionId, returned, started.browserToken))).toBe('sso_email_not_verified')
    expect(await sessionCount(local.id)).toBe(0)
    expect(await identitiesOf(local.id)).toHaveLength(0)
    expect((await failuresFor('enterprise_sso: sso_email_not_verified')).length).toBeGreaterThan(0)
  })

  it('never links an account holding the address unverified, and makes no second account beside it', async () => {
    const { id: connectionId, domain } = await newConnection()
    const email = `squatted-${randomUUID().slice(0, 6)}@${domain}`
    const squatter = await createUser(
      db,
      { email, passwordHash: null, firstName: 'Mallory', lastName: null, emailVerified: false },
      new Date(),
    )
    const started = await startSignIn(email)
    const back = await idp.authorize(started.url, idpPerson(domain, { email }))
    expect(await rejection(callback(connectionId, back, started.browserToken))).toBe('sso_local_email_unverified')
    expect(await identitiesOf(squatter.id)).toHaveLength(0)
    expect(await db.$count(emailAddresses, eq(emailAddresses.email, email))).toBe(1)
  })
})

describe('the attack table, against the real IdP', () => {
  it('refuses a state from another browser, and the right browser can still finish (ASVS 10.1.2)', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const victim = await startSignIn(person.email ?? '')
    const attacker = await startSignIn(person.email ?? '')
    const back = await idp.authorize(victim.url, person)
    expect(await rejection(callback(connectionId, back, attacker.browserToken))).toBe('sso_state_invalid')
    expect((await callback(connectionId, back, victim.browserToken)).kind).toBe('signed_in')
  })

  it('refuses a reused state: the second callback makes no session', async () => {
    const { id: connectionId, domain } = await newConnection()
    const { outcome, back, browserToken } = await ssoSignIn(connectionId, idpPerson(domain))
    const { session } = signedIn(outcome)
    expect(await rejection(callback(connectionId, back, browserToken))).toBe('sso_state_used')
    expect(await sessionCount(session.userId)).toBe(1)
  })

  it('refuses a valid code without the transaction cookie (ASVS 7.6.2)', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    expect(await rejection(callback(connectionId, back, null))).toBe('sso_transaction_missing')
    expect(await db.$count(enterpriseIdentities, eq(enterpriseIdentities.subject, person.sub))).toBe(0)
  })

  it("refuses connection A's state on connection B's callback, and spends it (VULN-12)", async () => {
    const a = await newConnection({ client: 0 })
    const b = await newConnection({ client: 1 })
    const person = idpPerson(a.domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    expect(await rejection(callback(b.id, back, started.browserToken))).toBe('sso_connection_mismatch')
    expect(await rejection(callback(a.id, back, started.browserToken))).toBe('sso_state_used')
    expect(await db.$count(enterpriseIdentities, eq(enterpriseIdentities.subject, person.sub))).toBe(0)
  })

  it('refuses a response naming another issuer (RFC 9207) and an IdP error response', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    back.searchParams.set('iss', 'https://login.impostor.example')
    expect(await rejection(callback(connectionId, back, started.browserToken))).toBe('sso_issuer_mismatch')

    const denied = await startSignIn(person.email ?? '')
    const deniedUrl = new URL(`${ORIGIN}/sso/callback/${connectionId}`)
    deniedUrl.searchParams.set('error', 'access_denied')
    deniedUrl.searchParams.set('state', new URL(denied.url).searchParams.get('state') ?? '')
    expect(await rejection(callback(connectionId, deniedUrl, denied.browserToken))).toBe('sso_idp_refused')
  })

  it('refuses a callback for a connection disabled meanwhile, and stops offering it', async () => {
    const connection = await newConnection()
    const person = idpPerson(connection.domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    await updateConnection(ctx(), adminActor, connection.id, {
      ...connection,
      clientSecret: null,
      enabled: false,
    })
    expect(await rejection(callback(connection.id, back, started.browserToken))).toBe('sso_connection_disabled')
    expect(await db.$count(enterpriseIdentities, eq(enterpriseIdentities.subject, person.sub))).toBe(0)
    const { signIn } = await createSignIn(ctx(), { identifier: person.email ?? '' }, { signIn: null, client: null })
    expect(signIn.supportedFirstFactors.map((factor) => factor.strategy)).toEqual([
      'password',
      'email_code',
      'email_link',
      'reset_password_email_code',
    ])
  })

  it('refuses a trip that came back after 10 minutes', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    const later = new Date(Date.now() + 11 * 60 * 1000)
    expect(await rejection(callback(connectionId, back, started.browserToken, null, later))).toBe('sso_state_expired')
  })

  it('makes exactly one session from 20 concurrent callbacks with one state (REL-04)', async () => {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const started = await startSignIn(person.email ?? '')
    const back = await idp.authorize(started.url, person)
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => callback(connectionId, back, started.browserToken)),
    )
    const won = results.filter((result) => result.status === 'fulfilled')
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason.code] : []))
    expect(won).toHaveLength(1)
    expect(lost).toEqual(Array.from({ length: 19 }, () => 'sso_state_used'))
    const [identity] = await db.select().from(enterpriseIdentities).where(eq(enterpriseIdentities.subject, person.sub))
    expect(await sessionCount(identity?.userId ?? '')).toBe(1)
    const [row] = await db
      .select()
      .from(ssoTransactions)
      .where(eq(ssoTransactions.browserHash, sha256Hex(started.browserToken)))
    expect(row?.consumedAt).toBeInstanceOf(Date)
  })
})

describe('the attack table, against a hostile IdP', () => {
  const client = { clientId: 'tessera-hostile', clientSecret: 'the-hostile-client-secret' }

  async function hostileTrip(idpUnderTest: HostileIdp = hostile) {
    const connection = await newConnection({ issuer: idpUnderTest.issuer, ...client })
    const email = `target-${randomUUID().slice(0, 6)}@${connection.domain}`
    const started = await startSignIn(email)
    const authorization = new URL(started.url)
    const back = new URL(`${ORIGIN}/sso/callback/${connection.id}`)
    back.searchParams.set('code', 'a-code-the-hostile-idp-accepts')
    back.searchParams.set('state', authorization.searchParams.get('state') ?? '')
    const valid = idpUnderTest.validClaims({
      clientId: client.clientId,
      nonce: authorization.searchParams.get('nonce') ?? '',
      email,
      sub: randomUUID(),
    })
    const run = () => callback(connection.id, back, started.browserToken)
    return { connection, valid, run, email }
  }

  it('accepts a correct token (the control: each refusal below is about one defect)', async () => {
    const { valid, run } = await hostileTrip()
    hostile.respondWith(valid, hostile.signed)
    expect((await run()).kind).toBe('signed_in')
  })

  it.each([
    ['a wrong nonce', 'sso_nonce_mismatch', (valid: Record<string, unknown>) => ({ ...valid, nonce: 'replayed' })],
    ['a token for another client (aud)', 'sso_audience_invalid', (valid) => ({ ...valid, aud: 'another-client' })],
    [
      'several audiences without azp',
      'sso_audience_invalid',
      (valid) => ({ ...valid, aud: [String(valid.aud), 'another-client'] }),
    ],
    ['an issuer mismatch', 'sso_issuer_mismatch', (valid) => ({ ...valid, iss: 'https://login.impostor.example' })],
    [
      'an expired token',
      'sso_token_expired',
      (valid) => ({ ...valid, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 3700 }),
    ],
    ['no auth_time', 'sso_auth_time_invalid', ({ auth_time: _authTime, ...valid }) => valid],
  ] satisfies Array<[string, string, (valid: Record<string, unknown>) => Record<string, unknown>]>)(
    'refuses %s with %s and makes no session',
    async (_label, code, spoil) => {
      const { valid, run, email } = await hostileTrip()
      hostile.respondWith(spoil(valid), hostile.signed)
      expect(await rejection(run())).toBe(code)
      expect(await db.$count(emailAddresses, eq(emailAddresses.email, email))).toBe(0)
      expect((await failuresFor(`enterprise_sso: ${code}`)).length).toBeGreaterThan(0)
    },
  )

  it.each([
    ['alg: none', 'sso_token_algorithm_invalid', () => hostile.unsigned],
    ['HS256 keyed with the client secret', 'sso_token_algorithm_invalid', () => hostile.hmac(client.clientSecret)],
    ['a bad signature', 'sso_token_signature_invalid', () => hostile.forged],
  ])('refuses %s (ASVS 6.8.2)', async (_label, code, craft) => {
    const { valid, run, email } = await hostileTrip()
    hostile.respondWith(valid, craft())
    expect(await rejection(run())).toBe(code)
    expect(await db.$count(emailAddresses, eq(emailAddresses.email, email))).toBe(0)
  })

  it('answers a clear error when the IdP has gone away, and when it is too slow', async () => {
    const down = await startHostileIdp()
    const gone = await hostileTrip(down)
    await down.close()
    expect(await rejection(gone.run())).toBe('sso_idp_unreachable')

    const slow = await startHostileIdp()
    const stalled = await hostileTrip(slow)
    slow.hang()
    expect(await rejection(stalled.run())).toBe('sso_idp_timeout')
    await slow.close()
  }, 20_000)
})

describe('step-up through the IdP', () => {
  async function ssoSession() {
    const { id: connectionId, domain } = await newConnection()
    const person = idpPerson(domain)
    const { session, token } = signedIn((await ssoSignIn(connectionId, person)).outcome)
    return { connectionId, domain, person, session, clientToken: token }
  }

  async function stepUp(
    input: Awaited<ReturnType<typeof ssoSession>>,
    options: { as?: IdpAccount; clientToken?: string; level?: 'first_factor' | 'multi_factor' } = {},
  ) {
    const verification = await startVerification(ctx(), input.session, { level: options.level ?? 'first_factor' })
    expect(verification.supportedFirstFactors).toContainEqual(
      expect.objectContaining({ strategy: 'enterprise_sso', enterpriseConnectionId: input.connectionId }),
    )
    const prepared = await prepareEnterpriseSsoVerification(ctx(), input.session, { redirectPath: '/account/security' })
    const url = prepared.verification.firstFactorVerification?.externalVerificationRedirectUrl ?? ''
    const back = await idp.authorize(url, options.as ?? input.person)
    return {
      url: new URL(url),
      run: () =>
        callback(input.connectionId, back, prepared.trip.browserToken, options.clientToken ?? input.clientToken),
    }
  }

  it('asks the IdP for a fresh login (prompt=login, max_age=0) and moves the first factor time on return', async () => {
    const signedInSession = await ssoSession()
    const before = new Date()
    const { url, run } = await stepUp(signedInSession)
    expect(url.searchParams.get('prompt')).toBe('login')
    expect(url.searchParams.get('max_age')).toBe('0')
    const outcome = await run()
    expect(outcome).toMatchObject({ kind: 'reverified', complete: true, redirectPath: '/account/security' })
    if (outcome.kind !== 'reverified') return
    expect(outcome.session.firstFactorVerifiedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime())
    const [reverified] = await db
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.type, 'reverified'), eq(sessionEvents.sessionId, signedInSession.session.id)))
    expect(reverified?.detail).toBe('enterprise_sso')
  })

  it("refuses someone else's IdP login, and a callback in another browser", async () => {
    const signedInSession = await ssoSession()
    const stranger = idpPerson(signedInSession.domain)
    expect(await rejection((await stepUp(signedInSession, { as: stranger })).run())).toBe('sso_identity_mismatch')
    const other = await signUp()
    expect(await rejection((await stepUp(signedInSession, { clientToken: other.token })).run())).toBe(
      'session_not_found',
    )
  })

  it('is not offered to a user without a link', async () => {
    const { session } = await signUp()
    await startVerification(ctx(), session, { level: 'first_factor' })
    expect(await rejection(prepareEnterpriseSsoVerification(ctx(), session, { redirectPath: '/' }))).toBe(
      'strategy_not_allowed',
    )
  })

  it('with a second factor still owed, records the first so the next verification asks only for the second', async () => {
    const { id: connectionId, domain } = await newConnection()
    const local = await createAccount({ email: `mfa-${randomUUID().slice(0, 6)}@${domain}`, totp: true })
    const person = idpPerson(domain, { email: local.email })
    const first = await ssoSignIn(connectionId, person)
    const code = totpCode(local.totpSecret ?? '')
    const done = await attemptSecondFactor(ctx(), first.signInToken, { strategy: 'totp', code }, null)
    const session = done.signedIn?.session
    if (!session || !done.signedIn) throw new Error('no session')
    // Half an hour later, a multi_factor step-up asks for both factors again.
    const halfAnHourAgo = new Date(Date.now() - 30 * 60 * 1000)
    await db
      .update(sessions)
      .set({ firstFactorVerifiedAt: halfAnHourAgo, secondFactorVerifiedAt: halfAnHourAgo })
      .where(eq(sessions.id, session.id))
    const aged = await sessionRow(db, session.id)
    if (!aged) throw new Error('no session row')
    const input = { connectionId, domain, person, session: aged, clientToken: done.signedIn.token }
    const outcome = await (await stepUp(input, { level: 'multi_factor' })).run()
    expect(outcome).toMatchObject({ kind: 'reverified', complete: false })
    const fresh = await sessionRow(db, session.id)
    if (!fresh) throw new Error('no session row')
    const next = await startVerification(ctx(), fresh, { level: 'multi_factor' })
    expect(next.status).toBe('needs_second_factor')
    // The old way in still works alongside: a password user's step-up is unchanged.
    expect(
      await rejection(attemptFirstFactorVerification(ctx(), fresh, { strategy: 'password', password: PASSWORD })),
    ).toBe('verification_step_invalid')
  })
})
