import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireClient } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { writeSsoTransactionToken } from '../server/cookies.server.ts'
import { refreshSessionCookie, rotateBrowserClientToken, serviceContext } from '../server/request-auth.server.ts'
import {
  attemptFirstFactorVerification,
  attemptSecondFactorVerification,
  prepareEnterpriseSsoVerification,
  prepareFirstFactorVerification,
  prepareSecondFactorVerification,
  startVerification,
  type VerificationStep,
  verifyingSession,
} from '../server/reverification.server.ts'
import { sessionJSON } from '../server/sessions.server.ts'
import {
  SECOND_FACTOR_STRATEGIES,
  SENT_SECOND_FACTOR_STRATEGIES,
  VERIFICATION_CODE_STRATEGIES,
} from '../session/factors.ts'
import { returnPath } from '../session/redirect.ts'
import { VERIFICATION_LEVELS } from '../session/reverification.ts'
import type { SessionJSON, SessionVerificationJSON } from '../session/wire.ts'
import {
  authenticationResponseSchema,
  codeSchema,
  emailAddressIdSchema,
  enterpriseConnectionIdSchema,
  passwordSchema,
  phoneNumberIdSchema,
  redirectUrlSchema,
  sessionIdSchema,
} from './schemas.ts'

/**
 * Step-up verification of a session of this browser (the Session resource's verification methods).
 * The session is named, like the other Session methods; it must be this client's and signed in.
 * Completing a verification moves the session's factor times, replaces the browser's client token
 * (ASVS 7.2.4) and mints a fresh session token, whose `fva` shows the new ages.
 */

const forSession = <TShape extends z.ZodRawShape>(shape: TShape) =>
  z.strictObject({ sessionId: sessionIdSchema, ...shape })

export interface VerificationResult {
  verification: SessionVerificationJSON
  /** Present when this step completed the verification: the session with its new factor ages. */
  session: SessionJSON | null
}

async function settle(step: VerificationStep, clientId: string): Promise<VerificationResult> {
  if (!step.session) return { verification: step.verification, session: null }
  await rotateBrowserClientToken(clientId)
  await refreshSessionCookie(step.session)
  return { verification: step.verification, session: await sessionJSON(await serviceContext(), step.session) }
}

async function session(clientId: string, sessionId: string) {
  const ctx = await serviceContext()
  return { ctx, session: await verifyingSession(ctx.db, clientId, sessionId, ctx.now) }
}

export const $startVerification = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(forSession({ level: z.enum(VERIFICATION_LEVELS) })))
  .handler(async ({ data, context }) => {
    const { ctx, session: row } = await session(context.clientId, data.sessionId)
    return startVerification(ctx, row, { level: data.level })
  })

export const $prepareFirstFactorVerification = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(
    parseInput(
      z.discriminatedUnion('strategy', [
        forSession({ strategy: z.literal('email_code'), emailAddressId: emailAddressIdSchema }),
        forSession({ strategy: z.literal('phone_code'), phoneNumberId: phoneNumberIdSchema }),
        forSession({ strategy: z.literal('passkey') }),
        forSession({
          strategy: z.literal('enterprise_sso'),
          redirectUrl: redirectUrlSchema,
          enterpriseConnectionId: enterpriseConnectionIdSchema.nullish(),
        }),
      ]),
    ),
  )
  .handler(async ({ data, context }) => {
    const { ctx, session: row } = await session(context.clientId, data.sessionId)
    if (data.strategy !== 'enterprise_sso') return prepareFirstFactorVerification(ctx, row, data)
    // The IdP sends the browser back here; the callback answers the verification (see ADR 017).
    const { verification, trip } = await prepareEnterpriseSsoVerification(ctx, row, {
      redirectPath: returnPath(data.redirectUrl, ctx.origin) ?? '/',
      enterpriseConnectionId: data.enterpriseConnectionId,
    })
    writeSsoTransactionToken(trip.browserToken)
    return verification
  })

export const $attemptFirstFactorVerification = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(
    parseInput(
      z.discriminatedUnion('strategy', [
        forSession({ strategy: z.literal('password'), password: passwordSchema }),
        forSession({ strategy: z.enum(VERIFICATION_CODE_STRATEGIES), code: codeSchema }),
        forSession({ strategy: z.literal('passkey'), publicKeyCredential: authenticationResponseSchema }),
      ]),
    ),
  )
  .handler(async ({ data, context }) => {
    const { ctx, session: row } = await session(context.clientId, data.sessionId)
    const attempt =
      data.strategy === 'passkey'
        ? { strategy: 'passkey' as const, publicKeyCredential: data.publicKeyCredential as AuthenticationResponseJSON }
        : data
    return settle(await attemptFirstFactorVerification(ctx, row, attempt), context.clientId)
  })

export const $prepareSecondFactorVerification = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(
    parseInput(
      forSession({ strategy: z.enum(SENT_SECOND_FACTOR_STRATEGIES), phoneNumberId: phoneNumberIdSchema.nullish() }),
    ),
  )
  .handler(async ({ data, context }) => {
    const { ctx, session: row } = await session(context.clientId, data.sessionId)
    return prepareSecondFactorVerification(ctx, row, data)
  })

export const $attemptSecondFactorVerification = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(forSession({ strategy: z.enum(SECOND_FACTOR_STRATEGIES), code: codeSchema })))
  .handler(async ({ data, context }) => {
    const { ctx, session: row } = await session(context.clientId, data.sessionId)
    return settle(await attemptSecondFactorVerification(ctx, row, data), context.clientId)
  })
