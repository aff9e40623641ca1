import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { signInWithPassword, signOut, signUpWithPassword } from '../server/auth.server.ts'
import { readClientToken, writeClientToken } from '../server/cookies.server.ts'
import { log } from '../server/log.server.ts'
import { requestMeta } from '../server/request.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import { isPublicId, normalizeEmail } from '../session/identifiers.ts'
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH } from '../session/policy.ts'

// Transport limits only: the password policy itself (length, blocklist) answers with its own codes.
const PASSWORD_TRANSPORT_MAX_LENGTH = 1024

const email = z
  .string()
  .max(EMAIL_MAX_LENGTH)
  .transform(normalizeEmail)
  .pipe(z.string({ error: 'Enter a valid email address.' }))
const password = z.string().min(1).max(PASSWORD_TRANSPORT_MAX_LENGTH)
const name = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH)
  .transform((value) => (value.length > 0 ? value : null))
  .nullish()
  .transform((value) => value ?? null)
const sessionId = z.string().refine((value) => isPublicId('session', value), 'Not a session id')

const signUpSchema = z.strictObject({ email, password, firstName: name, lastName: name })
const signInSchema = z.strictObject({ email, password })
const signOutSchema = z.strictObject({ sessionId: sessionId.nullish() }).nullish()

export const $signUp = createServerFn({ method: 'POST' })
  .validator(parseInput(signUpSchema))
  .handler(async ({ data }) => {
    const signedIn = await signUpWithPassword(await serviceContext(), data, readClientToken())
    writeClientToken(signedIn.token)
    log.info('auth.signed_up', { sessionId: signedIn.session.id, ip: requestMeta().ipAddress })
    return { sessionId: signedIn.session.id }
  })

export const $signIn = createServerFn({ method: 'POST' })
  .validator(parseInput(signInSchema))
  .handler(async ({ data }) => {
    const signedIn = await signInWithPassword(await serviceContext(), data, readClientToken())
    writeClientToken(signedIn.token)
    log.info('auth.signed_in', { sessionId: signedIn.session.id, strategy: 'password', ip: requestMeta().ipAddress })
    return { sessionId: signedIn.session.id }
  })

/** Signs out of one session (`sessionId`) or, without one, of every session in this browser. */
export const $signOut = createServerFn({ method: 'POST' })
  .middleware([requireSession])
  .validator(parseInput(signOutSchema))
  .handler(async ({ data, context }) => {
    await signOut(await serviceContext(), {
      clientId: context.clientId,
      actorUserId: context.session.userId,
      sessionId: data?.sessionId ?? null,
    })
    return { ok: true as const }
  })
