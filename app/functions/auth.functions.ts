import { createServerFn } from '@tanstack/react-start'
import { setResponseHeader } from '@tanstack/react-start/server'
import * as z from 'zod'
import { requireClient } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { signInWithPassword, signUpWithPassword } from '../server/auth.server.ts'
import { clearSessionToken, readClientToken, writeClientToken } from '../server/cookies.server.ts'
import { log } from '../server/log.server.ts'
import { refreshSessionCookie, serviceContext } from '../server/request-auth.server.ts'
import { signOut } from '../server/sessions.server.ts'
import { emailSchema, nameSchema, passwordSchema, sessionIdSchema } from './schemas.ts'

const signUpSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  firstName: nameSchema,
  lastName: nameSchema,
})
const signInSchema = z.strictObject({ email: emailSchema, password: passwordSchema })
const signOutSchema = z.strictObject({ sessionId: sessionIdSchema.nullish() }).nullish()

export const $signUp = createServerFn({ method: 'POST' })
  .validator(parseInput(signUpSchema))
  .handler(async ({ data }) => {
    const ctx = await serviceContext()
    const signedIn = await signUpWithPassword(ctx, data, readClientToken())
    writeClientToken(signedIn.token)
    await refreshSessionCookie(signedIn.session)
    log.info('auth.signed_up', { sessionId: signedIn.session.id, ip: ctx.meta.ipAddress })
    return { sessionId: signedIn.session.id }
  })

export const $signIn = createServerFn({ method: 'POST' })
  .validator(parseInput(signInSchema))
  .handler(async ({ data }) => {
    const ctx = await serviceContext()
    const signedIn = await signInWithPassword(ctx, data, readClientToken())
    writeClientToken(signedIn.token)
    await refreshSessionCookie(signedIn.session)
    log.info('auth.signed_in', { sessionId: signedIn.session.id, strategy: 'password', ip: ctx.meta.ipAddress })
    return { sessionId: signedIn.session.id }
  })

/** Signs out of one session of this browser (`sessionId`) or, without one, of all of them. */
export const $signOut = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(signOutSchema))
  .handler(async ({ data, context }) => {
    const sessionId = data?.sessionId ?? null
    await signOut(await serviceContext(), { clientId: context.clientId, sessionId })
    // The next page load mints a cookie for whichever session remains.
    clearSessionToken()
    // Signed out of everything: the browser drops cached pages and stored data (ASVS 14.3.1). The
    // cookies stay, so the client keeps its history of ended sessions.
    if (sessionId === null) setResponseHeader('clear-site-data', '"cache", "storage"')
    return { ok: true as const }
  })
