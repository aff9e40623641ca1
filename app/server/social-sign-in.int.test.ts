/**
 * Social sign-in (ADR 034) against local providers on loopback: the OpenID provider the SSO tests
 * use, configured as "Google", and a small server speaking GitHub's OAuth endpoints. The clock is
 * the real one: the IdP signs with it. Guards: the linking table (new person, verified link,
 * unverified refusals, no second account — VULN-14); the trip's state is single use, also under
 * 20 concurrent callbacks (REL-04), bound to the browser and to its provider (VULN-12); second
 * factors and bans apply as after a password; disconnecting the last way in is refused.
 */

import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { oauthIdentities, sessionEvents, sessions, socialTransactions, users } from '../../db/schema.ts'
import { authFixtures, ORIGIN, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { type GitHubAccount, startTestGitHub } from '../../test/support/github-provider.ts'
import { type IdpAccount, startTestIdp } from '../../test/support/oidc-idp.ts'
import { totpCode } from '../../test/support/totp.ts'
import type { InstanceConfigInput } from '../config/instance.ts'
import { disconnectExternalAccount, externalAccountsOf } from './account.server.ts'
import { toUserJSON } from './client-snapshot.server.ts'
import { sha256Hex } from './crypto.server.ts'
import { attemptSecondFactor } from './sign-in.server.ts'
import {
  claimSocialTrip,
  completeSocialCallback,
  type SocialOutcome,
  startSocialTrip,
} from './social-sign-in.server.ts'
import { sweep } from './sweeper.server.ts'
import { createUser, loadUsers } from './users.server.ts'

// The client secrets come from the environment, read once when the settings load.
vi.hoisted(() => {
  process.env.OAUTH_GOOGLE_CLIENT_SECRET = 'google-secret-for-the-test-idp'
  process.env.OAUTH_GITHUB_CLIENT_SECRET = 'github-secret-for-the-test-server'
})

const { db } = await openTestDatabase()
const { context, createAccount } = authFixtures(db)

const GOOGLE = { clientId: 'tessera-google', clientSecret: 'google-secret-for-the-test-idp' }
const GITHUB = { clientId: 'tessera-github', clientSecret: 'github-secret-for-the-test-server' }
const idp = await startTestIdp({ redirectPrefix: `${ORIGIN}/oauth/callback/`, clients: [GOOGLE] })
const github = await startTestGitHub({ redirectPrefix: `${ORIGIN}/oauth/callback/`, clients: [GITHUB] })
afterAll(async () => {
  await idp.close()
  await github.close()
})

const SOCIAL: InstanceConfigInput = {
  social: {
    google: { clientId: GOOGLE.clientId, issuer: idp.issuer },
    github: { clientId: GITHUB.clientId, ...github.endpoints },
  },
}
const ctx = () => context(new Date(), SOCIAL)

let nextGitHubId = 1000
function githubPerson(email: string, verified = true): GitHubAccount {
  const account = {
    id: nextGitHubId++,
    login: `octo-${randomUUID().slice(0, 8)}`,
    name: 'Octo Cat',
    emails: [{ email, verified, primary: true }],
  }
  github.setAccount(account)
  return account
}

function googlePerson(email: string, emailVerified: unknown = true): IdpAccount {
  const sub = randomUUID()
  const account = {
    sub,
    username: `g-${sub}`,
    password: `google password ${sub}`,
    email,
    emailVerified,
    givenName: 'Grace',
    familyName: 'Hopper',
  }
  idp.setAccount(account)
  return account
}

const newEmail = () => `social-${randomUUID()}@example.com`

interface Browser {
  client: string | null
}

async function viaGitHub(person: GitHubAccount, browser: Browser = { client: null }) {
  const started = await startSocialTrip(
    ctx(),
    'github',
    { purpose: 'sign_in' },
    { redirectPath: '/dashboard', continuePath: '/sign-in' },
  )
  const back = await github.authorize(started.url, person.login)
  const callback = () =>
    completeSocialCallback(ctx(), {
      provider: 'github',
      params: back.searchParams,
      browserToken: started.browserToken,
      clientToken: browser.client,
      signInToken: null,
    })
  return { started, back, callback }
}

async function viaGoogle(person: IdpAccount) {
  const started = await startSocialTrip(
    ctx(),
    'google',
    { purpose: 'sign_up' },
    { redirectPath: '/dashboard', continuePath: '/sign-up' },
  )
  const back = await idp.authorize(started.url, person)
  return completeSocialCallback(ctx(), {
    provider: 'google',
    params: back.searchParams,
    browserToken: started.browserToken,
    clientToken: null,
    signInToken: null,
  })
}

const signedIn = (outcome: SocialOutcome) => {
  if (outcome.kind !== 'signed_in') throw new Error(`expected a session, got ${outcome.kind}`)
  return outcome.signedIn
}
const identitiesOf = (userId: string) => db.select().from(oauthIdentities).where(eq(oauthIdentities.userId, userId))
const usersWithEmail = async (email: string) => {
  const rows = await db.query.emailAddresses.findMany({ where: (table, { eq: is }) => is(table.email, email) })
  return new Set(rows.map((row) => row.userId)).size
}

describe('the linking table', () => {
  it('makes a new person an account (GitHub), and signs the same identity in again', async () => {
    const email = newEmail()
    const person = githubPerson(email)
    const first = signedIn(await (await viaGitHub(person)).callback())
    const userId = first.session.userId
    const [identity] = await identitiesOf(userId)
    expect(identity).toMatchObject({ provider: 'github', subject: String(person.id), email, emailVerified: true })
    const [user] = await db.select().from(users).where(eq(users.id, userId))
    expect(user).toMatchObject({ firstName: 'Octo', lastName: 'Cat' })

    const again = signedIn(await (await viaGitHub(person)).callback())
    expect(again.session.userId).toBe(userId)
    expect(await usersWithEmail(email)).toBe(1)
    const [session] = await db.select().from(sessions).where(eq(sessions.id, again.session.id))
    expect(session?.status).toBe('active')
  })

  it('makes a new person an account (Google, OpenID Connect)', async () => {
    const email = newEmail()
    const outcome = signedIn(await viaGoogle(googlePerson(email)))
    expect(await identitiesOf(outcome.session.userId)).toMatchObject([{ provider: 'google', email }])
  })

  it('links an account whose address is verified here when the provider verified it too, and tells the owner', async () => {
    const account = await createAccount()
    const outcome = signedIn(await viaGoogle(googlePerson(account.email)))
    expect(outcome.session.userId).toBe(account.id)
    expect(await identitiesOf(account.id)).toHaveLength(1)
    const events = await db.select().from(sessionEvents).where(eq(sessionEvents.userId, account.id))
    expect(events.map((event) => event.type)).toContain('external_account_connected')
  })

  it('does not link, and makes no account, when the provider did not verify the address', async () => {
    const account = await createAccount()
    expect(await rejection(viaGoogle(googlePerson(account.email, 'true')))).toBe('oauth_email_not_verified')
    const unverified = githubPerson(account.email, false)
    expect(await rejection((await viaGitHub(unverified)).callback())).toBe('oauth_email_not_verified')
    expect(await identitiesOf(account.id)).toHaveLength(0)
    expect(await usersWithEmail(account.email)).toBe(1)
  })

  it('never links an account holding the address unverified, and makes no second account beside it', async () => {
    const email = newEmail()
    const holder = await createUser(
      db,
      { email, passwordHash: null, firstName: null, lastName: null, emailVerified: false },
      new Date(),
    )
    expect(await rejection((await viaGitHub(githubPerson(email))).callback())).toBe('oauth_local_email_unverified')
    expect(await identitiesOf(holder.id)).toHaveLength(0)
    expect(await usersWithEmail(email)).toBe(1)
  })

  it('makes no account for a person whose only address the provider did not verify', async () => {
    const email = newEmail()
    expect(await rejection((await viaGitHub(githubPerson(email, false))).callback())).toBe('oauth_email_not_verified')
    expect(await usersWithEmail(email)).toBe(0)
  })
})

describe('the trip', () => {
  it('is single use: a replayed callback is refused and signs nobody in', async () => {
    const trip = await viaGitHub(githubPerson(newEmail()))
    signedIn(await trip.callback())
    expect(await rejection(trip.callback())).toBe('sso_state_used')
  })

  it('is claimed by exactly one of 20 concurrent callbacks (REL-04)', async () => {
    const { started, back } = await viaGitHub(githubPerson(newEmail()))
    const input = {
      provider: 'github' as const,
      state: back.searchParams.get('state'),
      browserToken: started.browserToken,
    }
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => claimSocialTrip(ctx(), input)))
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    const [row] = await db
      .select()
      .from(socialTransactions)
      .where(eq(socialTransactions.stateHash, sha256Hex(input.state ?? '')))
    expect(row?.consumedAt).not.toBeNull()
  })

  it('is bound to the browser that started it, and to its provider', async () => {
    const { started, back } = await viaGitHub(githubPerson(newEmail()))
    const state = back.searchParams.get('state')
    expect(await rejection(claimSocialTrip(ctx(), { provider: 'github', state, browserToken: null }))).toBe(
      'sso_transaction_missing',
    )
    expect(
      await rejection(claimSocialTrip(ctx(), { provider: 'github', state, browserToken: 'another-browser' })),
    ).toBe('sso_state_invalid')
    expect(
      await rejection(
        claimSocialTrip(ctx(), { provider: 'github', state: 'wrong', browserToken: started.browserToken }),
      ),
    ).toBe('sso_state_invalid')
    // Answered at Google's callback: spent, and refused (a mix-up).
    expect(
      await rejection(claimSocialTrip(ctx(), { provider: 'google', state, browserToken: started.browserToken })),
    ).toBe('oauth_provider_mismatch')
  })

  it('refuses a provider that answers with an error', async () => {
    const person = githubPerson(newEmail())
    const started = await startSocialTrip(
      ctx(),
      'github',
      { purpose: 'sign_in' },
      { redirectPath: '/dashboard', continuePath: '/sign-in' },
    )
    const back = await github.authorize(started.url, person.login, { deny: true })
    const input = { provider: 'github' as const, params: back.searchParams, browserToken: started.browserToken }
    expect(await rejection(completeSocialCallback(ctx(), { ...input, clientToken: null, signInToken: null }))).toBe(
      'sso_idp_refused',
    )
  })

  it('says when a provider is down, at the start (nothing is stored) or at the exchange (the trip is spent)', async () => {
    const down = context(new Date(), {
      social: {
        google: { clientId: GOOGLE.clientId, issuer: 'http://127.0.0.1:9' },
        github: {
          clientId: GITHUB.clientId,
          ...github.endpoints,
          tokenUrl: 'http://127.0.0.1:9/login/oauth/access_token',
        },
      },
    })
    const paths = { redirectPath: '/dashboard', continuePath: '/sign-in' }
    const before = await db.$count(socialTransactions)
    expect(await rejection(startSocialTrip(down, 'google', { purpose: 'sign_in' }, paths))).toBe('sso_idp_unreachable')
    expect(await db.$count(socialTransactions)).toBe(before)
    const person = githubPerson(newEmail())
    const started = await startSocialTrip(down, 'github', { purpose: 'sign_in' }, paths)
    const back = await github.authorize(started.url, person.login)
    const input = { provider: 'github' as const, params: back.searchParams, browserToken: started.browserToken }
    const call = () => completeSocialCallback(down, { ...input, clientToken: null, signInToken: null })
    expect(await rejection(call())).toBe('sso_idp_unreachable')
    expect(await rejection(call())).toBe('sso_state_used')
  })

  it('is deleted by the sweeper once expired, and refused as expired before that', async () => {
    const { started, back } = await viaGitHub(githubPerson(newEmail()))
    const state = back.searchParams.get('state')
    const [row] = await db
      .select()
      .from(socialTransactions)
      .where(eq(socialTransactions.stateHash, sha256Hex(state ?? '')))
    const expiry = row?.expiresAt ?? new Date()
    expect(
      await rejection(
        claimSocialTrip(context(new Date(expiry.getTime() + 1000), SOCIAL), {
          provider: 'github',
          state,
          browserToken: started.browserToken,
        }),
      ),
    ).toBe('sso_state_expired')
    await sweep(db, new Date(expiry.getTime() + 1000))
    expect(await db.$count(socialTransactions, eq(socialTransactions.id, row?.id ?? ''))).toBe(0)
  })

  it('says when the provider is not enabled', async () => {
    const plain = context(new Date())
    expect(
      await rejection(
        startSocialTrip(plain, 'github', { purpose: 'sign_in' }, { redirectPath: '/', continuePath: '/sign-in' }),
      ),
    ).toBe('oauth_provider_disabled')
  })
})

describe('after the provider, as after a password', () => {
  it('asks a user with a second factor for it', async () => {
    const account = await createAccount({ totp: true })
    const trip = await viaGitHub(githubPerson(account.email))
    const outcome = await trip.callback()
    if (outcome.kind !== 'needs_second_factor') throw new Error(`expected a second step, got ${outcome.kind}`)
    expect(await db.$count(sessions, eq(sessions.userId, account.id))).toBe(0)
    const code = totpCode(account.totpSecret ?? '', new Date())
    const step = await attemptSecondFactor(ctx(), outcome.signInToken, { strategy: 'totp', code }, null)
    expect(step.signedIn?.session.userId).toBe(account.id)
  })

  it('refuses a locked account, and writes no link', async () => {
    const account = await createAccount()
    await db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() + 3_600_000) })
      .where(eq(users.id, account.id))
    expect(await rejection((await viaGitHub(githubPerson(account.email))).callback())).toBe('user_locked')
    expect(await identitiesOf(account.id)).toHaveLength(0)
  })

  it('starts a pending session when the instance asks for tasks (a second factor to set up)', async () => {
    const person = githubPerson(newEmail())
    const strict = context(new Date(), { ...SOCIAL, factors: { requireMfa: true } })
    const started = await startSocialTrip(
      strict,
      'github',
      { purpose: 'sign_in' },
      { redirectPath: '/dashboard', continuePath: '/sign-in' },
    )
    const back = await github.authorize(started.url, person.login)
    const outcome = await completeSocialCallback(strict, {
      provider: 'github',
      params: back.searchParams,
      browserToken: started.browserToken,
      clientToken: null,
      signInToken: null,
    })
    expect(signedIn(outcome).session.status).toBe('pending')
  })

  it('refuses a banned user', async () => {
    const account = await createAccount()
    signedIn(await viaGoogle(googlePerson(account.email)))
    await db.update(users).set({ bannedAt: new Date() }).where(eq(users.id, account.id))
    const [identity] = await identitiesOf(account.id)
    const person = googlePerson(account.email)
    // The same Google identity again (its subject), now banned.
    await db
      .update(oauthIdentities)
      .set({ subject: person.sub })
      .where(eq(oauthIdentities.id, identity?.id ?? ''))
    expect(await rejection(viaGoogle(person))).toBe('user_banned')
  })
})

describe('connected accounts', () => {
  it('lists them, and refuses to disconnect the last way to sign in', async () => {
    const email = newEmail()
    const outcome = signedIn(await (await viaGitHub(githubPerson(email))).callback())
    const userId = outcome.session.userId
    const acting = { id: outcome.session.id, userId, clientId: outcome.session.clientId }
    const [account] = await externalAccountsOf(db, userId)
    expect(account).toMatchObject({ provider: 'github', emailAddress: email, verification: { status: 'verified' } })
    // Its verified address still lets the person sign in with an emailed code: the link may go.
    await disconnectExternalAccount(ctx(), acting, account?.id ?? '')
    expect(await externalAccountsOf(db, userId)).toEqual([])
  })

  it('are the User resource’s externalAccounts (the client snapshot’s user JSON)', async () => {
    const email = newEmail()
    const person = githubPerson(email)
    const outcome = signedIn(await (await viaGitHub(person)).callback())
    const loaded = await loadUsers(db, ctx().config.access, [outcome.session.userId])
    const user = loaded.get(outcome.session.userId)
    if (!user) throw new Error('the user did not load')
    expect(toUserJSON(user).externalAccounts).toEqual([
      {
        id: expect.stringMatching(/^eac_/),
        provider: 'github',
        providerUserId: String(person.id),
        emailAddress: email,
        firstName: 'Octo',
        lastName: 'Cat',
        username: person.login,
        verification: { status: 'verified', strategy: 'oauth_github' },
        createdAt: expect.any(Number),
        lastSignedInAt: expect.any(Number),
      },
    ])
  })

  it('refuses to disconnect when nothing else signs in', async () => {
    const email = newEmail()
    const outcome = signedIn(await (await viaGitHub(githubPerson(email))).callback())
    const userId = outcome.session.userId
    const acting = { id: outcome.session.id, userId, clientId: outcome.session.clientId }
    const [account] = await externalAccountsOf(db, userId)
    const onlySocial = context(new Date(), { ...SOCIAL, factors: { firstFactors: ['password', 'oauth_github'] } })
    expect(await rejection(disconnectExternalAccount(onlySocial, acting, account?.id ?? ''))).toBe('factor_required')
    expect(await externalAccountsOf(db, userId)).toHaveLength(1)
  })
})
