/**
 * Helpers for integration tests of the auth services: a service context on a given clock, sign-ups
 * with unique emails, and a way to read the code a service rejected with.
 */

import { randomUUID } from 'node:crypto'
import { type InstanceConfigInput, resolveConfig } from '../app/config/instance.ts'
import { authenticate, type ServiceContext, signUpWithPassword } from '../app/server/auth.server.ts'
import { isTesseraError } from '../app/session/errors.ts'
import type { Database } from '../db/client.ts'

export const T0 = new Date('2026-03-01T09:00:00Z')
export const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
export const PASSWORD = 'a long and unusual passphrase'
export const META = { ipAddress: '203.0.113.7', userAgent: 'integration-test' }

export const newEmail = () => `user-${randomUUID()}@example.com`

/** The error code a promise rejected with; fails when it resolved or threw something else. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  )
  if (!isTesseraError(error)) throw new Error(`expected a TesseraError, got ${String(error)}`)
  return error.code
}

export function authFixtures(db: Database) {
  const context = (now = T0, config: InstanceConfigInput = {}): ServiceContext => ({
    db,
    now,
    meta: META,
    config: resolveConfig(config),
  })

  async function signUp(
    options: { email?: string; clientToken?: string | null; now?: Date; config?: InstanceConfigInput } = {},
  ) {
    const email = options.email ?? newEmail()
    const signedIn = await signUpWithPassword(
      context(options.now, options.config),
      { email, password: PASSWORD, firstName: 'Test', lastName: null },
      options.clientToken ?? null,
    )
    return { ...signedIn, email }
  }

  const auth = (token: string | null, now = T0, requestedSessionId: string | null = null) =>
    authenticate(db, { token, requestedSessionId, now })

  return { context, signUp, auth }
}
