/**
 * Helpers for integration tests of the auth services: a service context on a given clock (whose
 * messages are captured instead of sent), accounts with whatever factors a test needs, password
 * sign-ins, and a way to read the code a service rejected with.
 */

import { randomUUID } from 'node:crypto'
import { type InstanceConfigInput, resolveConfig } from '../../app/config/instance.ts'
import { authenticate } from '../../app/server/auth.server.ts'
import type { OutgoingMessage } from '../../app/server/messages.server.ts'
import type { ServiceContext } from '../../app/server/service-context.server.ts'
import { attemptSecondFactor, createSignIn } from '../../app/server/sign-in.server.ts'
import { createTestUser, type TestUserInput } from '../../app/server/testing.server.ts'
import { isTesseraError } from '../../app/session/errors.ts'
import { RATE_LIMIT_RULES } from '../../app/session/rate-limit.ts'
import type { Database } from '../../db/client.ts'
import { totpCode } from './totp.ts'

export const T0 = new Date('2026-03-01T09:00:00Z')
export const later = (seconds: number, from = T0) => new Date(from.getTime() + seconds * 1000)
export const PASSWORD = 'a long and unusual passphrase'
export const META = { ipAddress: '203.0.113.7', userAgent: 'integration-test' }
export const ORIGIN = 'http://localhost:3000'

export const newEmail = () => `user-${randomUUID()}@example.com`
/** A unique E.164 number in the +1 555 range. */
export const newPhone = () => `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`

/** The error code a promise rejected with; fails when it resolved or threw something else. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  if (!isTesseraError(error)) throw new Error(`expected a TesseraError, got ${String(error)}`)
  return error.code
}

/**
 * Every test shares one IP address and a clock that stands still, so the default rate limits would
 * trip across unrelated tests; tests of the limits pass their own.
 */
const NO_RATE_LIMITS: InstanceConfigInput['rateLimits'] = Object.fromEntries(
  RATE_LIMIT_RULES.map((rule) => [rule, { limit: 100_000, windowSeconds: 60 }]),
)

export function authFixtures(db: Database) {
  /** Every message the services sent, newest last. */
  const sent: OutgoingMessage[] = []

  const context = (
    now = T0,
    config: InstanceConfigInput = {},
    meta: ServiceContext['meta'] = META,
  ): ServiceContext => ({
    db,
    now,
    meta,
    config: resolveConfig({ ...config, rateLimits: { ...NO_RATE_LIMITS, ...config.rateLimits } }),
    origin: ORIGIN,
    deliver: (message) => sent.push(message),
  })

  /** An account made directly (verified email, a password unless null, and any factors asked for). */
  async function createAccount(options: Partial<Omit<TestUserInput, 'firstName' | 'lastName'>> & { now?: Date } = {}) {
    const email = options.email ?? newEmail()
    const created = await createTestUser(
      db,
      {
        ...options,
        email,
        password: options.password === undefined ? PASSWORD : options.password,
        firstName: 'Test',
        lastName: null,
      },
      options.now ?? T0,
    )
    return { ...created, email }
  }

  /**
   * A password sign-in in one call (with the authenticator app's code when `totpSecret` is given);
   * fails the test unless it completes.
   */
  async function signIn(options: {
    email: string
    password?: string
    totpSecret?: string | null
    clientToken?: string | null
    now?: Date
    config?: InstanceConfigInput
  }) {
    const ctx = context(options.now, options.config)
    const client = options.clientToken ?? null
    const created = await createSignIn(
      ctx,
      { identifier: options.email, password: options.password ?? PASSWORD },
      { signIn: null, client },
    )
    let { signedIn } = created
    if (!signedIn && options.totpSecret) {
      const code = totpCode(options.totpSecret, ctx.now)
      signedIn = (await attemptSecondFactor(ctx, created.token, { strategy: 'totp', code }, client)).signedIn
    }
    if (!signedIn) throw new Error(`the sign-in stopped at ${created.signIn.status}`)
    return signedIn
  }

  /** A new account, signed in: where most tests start. */
  async function signUp(
    options: { email?: string; clientToken?: string | null; now?: Date; config?: InstanceConfigInput } = {},
  ) {
    const account = await createAccount({ email: options.email, now: options.now })
    const signedIn = await signIn({ ...options, email: account.email })
    return { ...signedIn, email: account.email, userId: account.id }
  }

  /** The code in the newest message sent to `to`. */
  function lastCode(to: string): string {
    const message = sent.findLast((candidate) => candidate.to === to)
    const code = message?.text.match(/\b(\d{6})\b/)?.[1]
    if (!code) throw new Error(`no code was sent to ${to}`)
    return code
  }

  /** The email link's token in the newest message sent to `to` (it rides in the link's fragment). */
  function lastLinkToken(to: string): string {
    const message = sent.findLast((candidate) => candidate.to === to)
    const token = message?.text.match(/#token=([A-Za-z0-9_-]{43})\b/)?.[1]
    if (!token) throw new Error(`no email link was sent to ${to}`)
    return token
  }

  const messagesTo = (to: string) => sent.filter((message) => message.to === to)

  const auth = (token: string | null, now = T0, requestedSessionId: string | null = null) =>
    authenticate(db, { token, requestedSessionId, now })

  return { context, createAccount, signIn, signUp, lastCode, lastLinkToken, messagesTo, auth }
}
