/**
 * Every one-time artefact is spent exactly once, however many requests race for it (security.md
 * REL-04, VULN-02/03/04, ASVS 2.3.4 and 15.4.2). For each kind — TOTP code, emailed code, SMS code,
 * backup code, passkey challenge, organization invitation, impersonation link, agent link, OIDC
 * `state` — 20 simultaneous submissions of one value, round after round (REL04_ROUNDS, default
 * 100), give exactly one success per round; every other submission is refused with a coded 4xx
 * ("already used" or its kind's equivalent), never an internal error; each success creates exactly
 * one session (or membership); and the artefact's consumed mark is the winner's, written once
 * (each submission runs on its own clock, offset by its index in milliseconds, so a second write
 * would show). A passkey challenge is also refused once it has expired (VULN-04), and a failed
 * assertion spends it.
 *
 * The password-reset code (`reset_password_email_code`) races like the sign-in codes: twenty
 * submissions, one moves the attempt to `needs_new_password`. An email link (ADR 036) races as it
 * is opened: twenty openings of one link in the browser that asked for it give one session. Not
 * here because the feature does not exist: a sign-in ticket (no ticket strategy). The sign-up code
 * is spent by the same `checkCode` as the sign-in codes.
 */

import { randomBytes, randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  actorTokens,
  backupCodes,
  organizationInvitations,
  organizationMemberships,
  passkeys,
  sessions,
  signInAttempts,
  ssoTransactions,
  totpCredentials,
  users,
  verificationCodes,
  webauthnChallenges,
} from '../../db/schema.ts'
import { authFixtures, later, newPhone, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openIsolatedDatabase } from '../../test/support/database.ts'
import { startHostileIdp } from '../../test/support/hostile-idp.ts'
import { findSessionRow } from '../../test/support/sessions.ts'
import { SoftAuthenticator } from '../../test/support/soft-authenticator.ts'
import { totpCode } from '../../test/support/totp.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { BACKUP_CODE_BYTES, formatBackupCode } from '../session/codes.ts'
import { ERRORS, type ErrorCode, isTesseraError, TesseraError } from '../session/errors.ts'
import { WEBAUTHN_CHALLENGE_TTL_SECONDS } from '../session/policy.ts'
import { addPasskey, startPasskeyRegistration } from './account.server.ts'
import { createAgentTask, createImpersonationToken, redeemActorToken } from './actors.server.ts'
import { newClientToken, newId, sha256Hex } from './crypto.server.ts'
import { openEmailLink } from './email-links.server.ts'
import { createConnection } from './enterprise-connections.server.ts'
import { completeSsoCallback } from './enterprise-sso.server.ts'
import { acceptInvitation, createOrganization, inviteMember } from './organizations.server.ts'
import { hashBackupCode } from './passwords.server.ts'
import {
  attemptFirstFactor,
  attemptSecondFactor,
  createSignIn,
  passkeySignInOptions,
  prepareEnterpriseSso,
  prepareFirstFactor,
  resetPassword,
  signInWithPasskey,
} from './sign-in.server.ts'

// Its own database (the file makes thousands of rows), and a connection for every racing request.
const { db } = await openIsolatedDatabase('one_time_artefacts', { poolSize: 24 })
const { context, createAccount, signUp, lastCode, lastLinkToken, messagesTo } = authFixtures(db)

const CONCURRENCY = 20
const ROUNDS = Number(process.env.REL04_ROUNDS ?? 100)
/** A round takes 0.2–0.6 s on a busy 2-core box; the timeout leaves room for a slower one. */
const TIMEOUT_MS = 30_000 + ROUNDS * 3_000

/**
 * The losers' failures count against the account (a used code is a failed verification); the
 * lockout is about guessing, not this, so it is set to its ceiling and the winner's success clears it.
 */
const CONFIG: InstanceConfigInput = { lockout: { maxFailures: 100, durationMinutes: 1 } }
const ctx = (now: Date) => context(now, CONFIG)

/** Submission `index` of a round runs at the round's instant plus `index` ms. */
const clockOf = (base: Date, index: number) => new Date(base.getTime() + index)

/** What the rounds of one kind added up to, checked at the end of its test. */
interface Tally {
  successes: number
  refusals: Map<string, number>
}
const tallies = new Map<string, Tally>()

/**
 * Runs `submit` CONCURRENCY times at once. Exactly one must succeed; every other must be refused
 * with one of `losers` (a coded error whose status is a 4xx: never an internal error). Returns the
 * winner's index and value.
 */
async function race<T>(kind: string, losers: readonly ErrorCode[], submit: (index: number) => Promise<T>) {
  const results = await Promise.allSettled(Array.from({ length: CONCURRENCY }, (_, index) => submit(index)))
  const tally = tallies.get(kind) ?? { successes: 0, refusals: new Map() }
  tallies.set(kind, tally)
  let winner = -1
  let value: T | undefined
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      tally.successes += 1
      winner = index
      value = result.value
      return
    }
    const reason: unknown = result.reason
    expect(isTesseraError(reason), `${kind}: an uncoded failure ${String(reason)}`).toBe(true)
    const code = (reason as { code: ErrorCode }).code
    expect(ERRORS[code].status, `${kind}: ${code}`).toBeLessThan(500)
    expect(losers, `${kind}: ${code}`).toContain(code)
    tally.refusals.set(code, (tally.refusals.get(code) ?? 0) + 1)
  })
  expect(
    results.filter((result) => result.status === 'fulfilled'),
    kind,
  ).toHaveLength(1)
  return { winner, value: value as T }
}

/** After the last round: ROUNDS successes and (CONCURRENCY − 1) × ROUNDS coded refusals. */
function expectTally(kind: string) {
  const tally = tallies.get(kind)
  const refused = [...(tally?.refusals.values() ?? [])].reduce((sum, count) => sum + count, 0)
  expect(tally?.successes).toBe(ROUNDS)
  expect(refused).toBe((CONCURRENCY - 1) * ROUNDS)
  console.info(
    `REL-04 ${kind}: ${ROUNDS} rounds × ${CONCURRENCY}: ${tally?.successes} successes, ${refused} refusals ` +
      `(${[...(tally?.refusals ?? [])].map(([code, count]) => `${code} ${count}`).join(', ')}), 0 internal errors`,
  )
}

const sessionsOf = (userId: string) => db.$count(sessions, eq(sessions.userId, userId))

/**
 * `count` sign-ins of one user that already passed their first factor (rows as the password step
 * leaves them), so the race is about the second factor alone and not about Argon2 time.
 */
async function passedFirstFactor(user: { id: string; email: string }, now: Date, count = CONCURRENCY) {
  const tokens = Array.from({ length: count }, () => newClientToken())
  await db.insert(signInAttempts).values(
    tokens.map((token) => ({
      id: newId('signIn'),
      tokenHash: sha256Hex(token),
      status: 'needs_second_factor' as const,
      identifierKind: 'email_address' as const,
      identifier: user.email,
      userId: user.id,
      firstFactorStrategy: 'password' as const,
      firstFactorVerifiedAt: now,
      createdAt: now,
      expiresAt: later(600, now),
    })),
  )
  return tokens
}

describe(`twenty concurrent submissions of one artefact, ${ROUNDS} rounds per kind`, () => {
  it(
    'a TOTP code, from twenty sign-ins at the second step: one session per round, the step recorded once',
    async () => {
      const user = await createAccount({ totp: true })
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round * 30, later(60))
        const attempts = await passedFirstFactor(user, now)
        const code = totpCode(user.totpSecret ?? '', now)
        const before = await sessionsOf(user.id)
        const { winner, value } = await race('totp', ['code_reused'], (index) =>
          attemptSecondFactor(ctx(clockOf(now, index)), attempts[index] ?? null, { strategy: 'totp', code }, null),
        )
        expect(await sessionsOf(user.id)).toBe(before + 1)
        expect((await findSessionRow(db, value.signedIn?.session.id ?? ''))?.createdAt).toEqual(clockOf(now, winner))
        const [credential] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, user.id))
        expect(credential?.lastUsedStep).toBe(Math.floor(now.getTime() / 30_000))
      }
      expectTally('totp')
    },
    TIMEOUT_MS,
  )

  it(
    'an emailed code, submitted twenty times in one sign-in (a double-submitting browser): one session per round',
    async () => {
      const user = await createAccount()
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round * 60, later(10_000))
        const { token } = await createSignIn(ctx(now), { identifier: user.email }, { signIn: null, client: null })
        await prepareFirstFactor(ctx(now), token, { strategy: 'email_code' })
        const code = lastCode(user.email)
        const before = await sessionsOf(user.id)
        // After the winner completes the attempt, a late submission finds no attempt at that step.
        const { winner } = await race('email code', ['code_reused', 'sign_in_step_invalid', 'sign_in_not_found'], (i) =>
          attemptFirstFactor(ctx(clockOf(now, i)), token, { strategy: 'email_code', code }, null),
        )
        expect(await sessionsOf(user.id)).toBe(before + 1)
        const spent = await db
          .select({ consumedAt: verificationCodes.consumedAt })
          .from(verificationCodes)
          .where(and(eq(verificationCodes.destination, user.email), eq(verificationCodes.createdAt, now)))
        expect(spent).toEqual([{ consumedAt: clockOf(now, winner) }])
      }
      expectTally('email code')
    },
    TIMEOUT_MS,
  )

  it(
    'an email link, opened twenty times at once in the browser that asked for it: one session per round',
    async () => {
      const user = await createAccount()
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round * 60, later(15_000))
        const { token } = await createSignIn(ctx(now), { identifier: user.email }, { signIn: null, client: null })
        await prepareFirstFactor(ctx(now), token, { strategy: 'email_link' })
        const link = lastLinkToken(user.email)
        const before = await sessionsOf(user.id)
        // A loser's opening is answered `failed` (the page says the link no longer works): refused here.
        const { winner } = await race('email link', ['email_link_invalid'], async (i) => {
          const opened = await openEmailLink(ctx(clockOf(now, i)), link, { signIn: token, signUp: null, client: null })
          if (opened.outcome.status !== 'verified' || !opened.signedIn) throw new TesseraError('email_link_invalid')
          return opened
        })
        expect(await sessionsOf(user.id)).toBe(before + 1)
        const spent = await db
          .select({ consumedAt: verificationCodes.consumedAt })
          .from(verificationCodes)
          .where(and(eq(verificationCodes.destination, user.email), eq(verificationCodes.createdAt, now)))
        expect(spent).toEqual([{ consumedAt: clockOf(now, winner) }])
      }
      expectTally('email link')
    },
    TIMEOUT_MS,
  )

  it(
    'an SMS code, submitted twenty times in one phone sign-in: one session per round',
    async () => {
      const phoneNumber = newPhone()
      const user = await createAccount({ phoneNumber })
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round * 60, later(20_000))
        const { token } = await createSignIn(ctx(now), { identifier: phoneNumber }, { signIn: null, client: null })
        await prepareFirstFactor(ctx(now), token, { strategy: 'phone_code' })
        const code = lastCode(phoneNumber)
        const before = await sessionsOf(user.id)
        const { winner } = await race('SMS code', ['code_reused', 'sign_in_step_invalid', 'sign_in_not_found'], (i) =>
          attemptFirstFactor(ctx(clockOf(now, i)), token, { strategy: 'phone_code', code }, null),
        )
        expect(await sessionsOf(user.id)).toBe(before + 1)
        const spent = await db
          .select({ consumedAt: verificationCodes.consumedAt, channel: verificationCodes.channel })
          .from(verificationCodes)
          .where(and(eq(verificationCodes.destination, phoneNumber), eq(verificationCodes.createdAt, now)))
        expect(spent).toEqual([{ consumedAt: clockOf(now, winner), channel: 'sms' }])
      }
      expectTally('SMS code')
    },
    TIMEOUT_MS,
  )

  it(
    'a password-reset code, submitted twenty times in one sign-in: one passes to the new password per round',
    async () => {
      const user = await createAccount()
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round * 60, later(60_000))
        const { token } = await createSignIn(ctx(now), { identifier: user.email }, { signIn: null, client: null })
        await prepareFirstFactor(ctx(now), token, { strategy: 'reset_password_email_code' })
        const code = lastCode(user.email)
        // After the winner moved the attempt to `needs_new_password`, a late submission finds it past that step.
        const { winner, value } = await race('reset code', ['code_reused', 'sign_in_step_invalid'], (i) =>
          attemptFirstFactor(ctx(clockOf(now, i)), token, { strategy: 'reset_password_email_code', code }, null),
        )
        expect(value.signIn.status).toBe('needs_new_password')
        const spent = await db
          .select({ consumedAt: verificationCodes.consumedAt, purpose: verificationCodes.purpose })
          .from(verificationCodes)
          .where(and(eq(verificationCodes.destination, user.email), eq(verificationCodes.createdAt, now)))
        expect(spent).toEqual([{ consumedAt: clockOf(now, winner), purpose: 'sign_in_reset_password' }])
        const [attempt] = await db
          .select()
          .from(signInAttempts)
          .where(eq(signInAttempts.tokenHash, sha256Hex(token)))
        expect(attempt).toMatchObject({ status: 'needs_new_password', firstFactorVerifiedAt: clockOf(now, winner) })
        // The winner's attempt takes its new password once: one session (whose success clears the
        // losers' failures, as in the other kinds), then the step is gone.
        const before = await sessionsOf(user.id)
        const password = { password: `the new passphrase of round ${round}` }
        await resetPassword(ctx(now), token, password, null)
        expect(await sessionsOf(user.id)).toBe(before + 1)
        expect(await rejection(resetPassword(ctx(now), token, password, null))).toBe('sign_in_not_found')
      }
      expectTally('reset code')
    },
    TIMEOUT_MS,
  )

  it(
    'a backup code, from twenty sign-ins at the second step: one session per round, the code used once',
    async () => {
      const user = await createAccount({ totp: true })
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round, later(30_000))
        // A set of one fresh code per round (with ten, each submission would check ten Argon2 hashes).
        const code = formatBackupCode(randomBytes(BACKUP_CODE_BYTES))
        await db.delete(backupCodes).where(eq(backupCodes.userId, user.id))
        await db.insert(backupCodes).values({ userId: user.id, codeHash: await hashBackupCode(code), createdAt: now })
        const attempts = await passedFirstFactor(user, now)
        const before = await sessionsOf(user.id)
        const { winner } = await race('backup code', ['code_reused'], (index) =>
          attemptSecondFactor(
            ctx(clockOf(now, index)),
            attempts[index] ?? null,
            { strategy: 'backup_code', code },
            null,
          ),
        )
        expect(await sessionsOf(user.id)).toBe(before + 1)
        const [row] = await db
          .select({ usedAt: backupCodes.usedAt })
          .from(backupCodes)
          .where(and(eq(backupCodes.userId, user.id), eq(backupCodes.createdAt, now)))
        expect(row?.usedAt).toEqual(clockOf(now, winner))
      }
      expectTally('backup code')
    },
    TIMEOUT_MS,
  )

  it(
    'a passkey challenge (one signed assertion): one session per round, the challenge gone',
    async () => {
      const account = await createAccount()
      const authenticator = new SoftAuthenticator('http://localhost:3000')
      await registerPasskey(account, authenticator)
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round, later(40_000))
        const challenge = await passkeySignInOptions(ctx(now))
        const response = authenticator.assert(challenge)
        const before = await sessionsOf(account.id)
        const { winner, value } = await race('passkey challenge', ['passkey_challenge_invalid'], (index) =>
          signInWithPasskey(ctx(clockOf(now, index)), { response }, { signIn: null, client: null }),
        )
        expect(await sessionsOf(account.id)).toBe(before + 1)
        expect(value.session.createdAt).toEqual(clockOf(now, winner))
        expect(await db.$count(webauthnChallenges, eq(webauthnChallenges.createdAt, now))).toBe(0)
        const [key] = await db
          .select({ lastUsedAt: passkeys.lastUsedAt })
          .from(passkeys)
          .where(eq(passkeys.userId, account.id))
        expect(key?.lastUsedAt).toEqual(clockOf(now, winner))
      }
      expectTally('passkey challenge')
    },
    TIMEOUT_MS,
  )

  it(
    'an organization invitation: one membership per round, accepted once',
    async () => {
      const admin = await signUp()
      const invitee = await signUp()
      const acting = (person: typeof admin) => ({
        id: person.session.id,
        userId: person.userId,
        clientId: person.clientId,
      })
      const organization = await createOrganization(ctx(T0), acting(admin), {
        name: 'Racers',
        slug: `racers-${newId('organization').slice(4, 14)}`,
      })
      const membershipsOf = () =>
        db.$count(
          organizationMemberships,
          and(
            eq(organizationMemberships.organizationId, organization.id),
            eq(organizationMemberships.userId, invitee.userId),
          ),
        )
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round, later(50_000))
        const invitation = await inviteMember(ctx(now), acting(admin), organization.id, {
          emailAddress: invitee.email,
        })
        const token = /#token=([A-Za-z0-9_-]{43})/.exec(messagesTo(invitee.email).at(-1)?.text ?? '')?.[1] ?? ''
        const { winner } = await race('organization invitation', ['invitation_used'], (index) =>
          acceptInvitation(ctx(clockOf(now, index)), acting(invitee), { token }),
        )
        expect(await membershipsOf()).toBe(1)
        const [row] = await db
          .select({ acceptedAt: organizationInvitations.acceptedAt, status: organizationInvitations.status })
          .from(organizationInvitations)
          .where(eq(organizationInvitations.id, invitation.id))
        expect(row).toEqual({ acceptedAt: clockOf(now, winner), status: 'accepted' })
        // Leave again (directly), so the next round's invitation has someone to admit.
        await db
          .delete(organizationMemberships)
          .where(
            and(
              eq(organizationMemberships.organizationId, organization.id),
              eq(organizationMemberships.userId, invitee.userId),
            ),
          )
      }
      expectTally('organization invitation')
    },
    TIMEOUT_MS,
  )

  it(
    'an impersonation link: one session per round, accepted once',
    async () => {
      const admin = await signUp()
      await db.update(users).set({ adminRole: 'admin' }).where(eq(users.id, admin.userId))
      const target = await createAccount()
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round, later(60_000))
        const created = await createImpersonationToken(
          ctx(now),
          { id: admin.userId, role: 'admin', sessionId: admin.session.id },
          { userId: target.id, reason: `Ticket ${round}`, redirectUrl: '/dashboard' },
        )
        await expectOneRedemption('impersonation link', created, target.id, now)
      }
      expectTally('impersonation link')
    },
    TIMEOUT_MS,
  )

  it(
    'an agent link: one session per round, accepted once',
    async () => {
      const user = await signUp()
      for (let round = 0; round < ROUNDS; round++) {
        const now = later(round, later(70_000))
        const created = await createAgentTask(
          ctx(now),
          { userId: user.userId, sessionId: user.session.id },
          { agentName: 'Racer', taskDescription: `Task ${round}`, maxDurationSeconds: 600, redirectUrl: '/dashboard' },
        )
        await expectOneRedemption('agent link', created, user.userId, now)
      }
      expectTally('agent link')
    },
    TIMEOUT_MS,
  )

  it(
    'an OIDC state, twenty callbacks from the one browser: one session per round, the trip claimed once',
    async () => {
      const idp = await startHostileIdp()
      const client = { clientId: 'tessera-race', clientSecret: 'the-race-client-secret' }
      const admin = await signUp()
      const domain = `race-${randomUUID().slice(0, 8)}.test`
      // The IdP signs with the real clock, so these rounds run on it.
      const connection = await createConnection(
        ctx(new Date()),
        { id: admin.userId, sessionId: admin.session.id },
        { name: 'Race', issuer: idp.issuer, ...client, domains: [domain], enabled: true },
      )
      for (let round = 0; round < ROUNDS; round++) {
        const now = new Date()
        const email = `person-${round}-${randomUUID().slice(0, 6)}@${domain}`
        const { token } = await createSignIn(ctx(now), { identifier: email }, { signIn: null, client: null })
        const { trip } = await prepareEnterpriseSso(ctx(now), token, { redirectPath: '/dashboard' })
        const authorization = new URL(trip.url)
        const back = new URLSearchParams({
          code: 'a-code-the-idp-accepts',
          state: authorization.searchParams.get('state') ?? '',
        })
        // Only the winner reaches the IdP's token endpoint, which answers once.
        idp.respondWith(
          idp.validClaims({
            ...client,
            nonce: authorization.searchParams.get('nonce') ?? '',
            email,
            sub: randomUUID(),
          }),
          idp.signed,
        )
        const { winner, value } = await race('OIDC state', ['sso_state_used'], (index) =>
          completeSsoCallback(ctx(clockOf(now, index)), {
            connectionId: connection.id,
            params: back,
            browserToken: trip.browserToken,
            clientToken: null,
          }),
        )
        if (value.kind !== 'signed_in') throw new Error(`expected a session, got ${value.kind}`)
        expect(await sessionsOf(value.signedIn.session.userId)).toBe(1)
        const [row] = await db
          .select({ consumedAt: ssoTransactions.consumedAt })
          .from(ssoTransactions)
          .where(eq(ssoTransactions.browserHash, sha256Hex(trip.browserToken)))
        expect(row?.consumedAt).toEqual(clockOf(now, winner))
      }
      await idp.close()
      expectTally('OIDC state')
    },
    TIMEOUT_MS,
  )
})

describe('a passkey challenge past its lifetime (VULN-04)', () => {
  it('is accepted a second before it expires, refused at expiry, and spent by a failed assertion', async () => {
    const account = await createAccount()
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    await registerPasskey(account, authenticator)
    const signInAt = async (issuedAt: Date, seconds: number) => {
      const response = authenticator.assert(await passkeySignInOptions(ctx(issuedAt)))
      return signInWithPasskey(ctx(later(seconds, issuedAt)), { response }, { signIn: null, client: null })
    }
    const at = later(100_000)
    const before = await sessionsOf(account.id)
    await expect(signInAt(at, WEBAUTHN_CHALLENGE_TTL_SECONDS - 1)).resolves.toMatchObject({
      session: { userId: account.id },
    })
    await expect(signInAt(later(1, at), WEBAUTHN_CHALLENGE_TTL_SECONDS)).rejects.toMatchObject({
      code: 'passkey_challenge_invalid',
    })
    await expect(signInAt(later(2, at), 24 * 60 * 60)).rejects.toMatchObject({ code: 'passkey_challenge_invalid' })
    expect(await sessionsOf(account.id)).toBe(before + 1)

    // An assertion with a spoilt signature fails, and its challenge is gone with it.
    const challenge = await passkeySignInOptions(ctx(later(3, at)))
    const genuine = authenticator.assert(challenge)
    const signature = Buffer.from(genuine.response.signature, 'base64url')
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0xff
    const spoilt = { ...genuine, response: { ...genuine.response, signature: signature.toString('base64url') } }
    await expect(
      signInWithPasskey(ctx(later(4, at)), { response: spoilt }, { signIn: null, client: null }),
    ).rejects.toMatchObject({ code: 'passkey_verification_failed' })
    await expect(
      signInWithPasskey(ctx(later(5, at)), { response: genuine }, { signIn: null, client: null }),
    ).rejects.toMatchObject({ code: 'passkey_challenge_invalid' })
    expect(await sessionsOf(account.id)).toBe(before + 1)
  })
})

// ---------------------------------------------------------------------------------------------

/** Registers a passkey for `account` from a session of theirs; returns that session. */
async function registerPasskey(account: { id: string; email: string }, authenticator: SoftAuthenticator) {
  const signedIn = await signInWithoutPassword(account)
  const session = { id: signedIn.session.id, userId: account.id, clientId: signedIn.clientId }
  const options = await startPasskeyRegistration(ctx(T0), session)
  await addPasskey(ctx(T0), session, { response: authenticator.register(options), name: 'Race key' })
  return session
}

/** A session for `account` by an emailed code (cheaper than a password, and works without one). */
async function signInWithoutPassword(account: { email: string }) {
  const { token } = await createSignIn(ctx(T0), { identifier: account.email }, { signIn: null, client: null })
  await prepareFirstFactor(ctx(T0), token, { strategy: 'email_code' })
  const { signedIn } = await attemptFirstFactor(
    ctx(T0),
    token,
    { strategy: 'email_code', code: lastCode(account.email) },
    null,
  )
  if (!signedIn) throw new Error('the code sign-in did not finish')
  return signedIn
}

/** Twenty redemptions of one actor link: one session for `userId`, the link accepted once, by the winner. */
async function expectOneRedemption(
  kind: string,
  created: { url: string; actorToken: { id: string } },
  userId: string,
  now: Date,
) {
  const secret = new URL(created.url).hash.replace('#token=', '')
  const before = await sessionsOf(userId)
  const { winner, value } = await race(kind, ['actor_token_used'], (index) =>
    redeemActorToken(ctx(clockOf(now, index)), secret),
  )
  expect(await sessionsOf(userId)).toBe(before + 1)
  const [row] = await db
    .select({ acceptedAt: actorTokens.acceptedAt, sessionId: actorTokens.sessionId })
    .from(actorTokens)
    .where(eq(actorTokens.id, created.actorToken.id))
  expect(row).toEqual({ acceptedAt: clockOf(now, winner), sessionId: value.signedIn.session.id })
}
