import { createServerFn } from '@tanstack/react-start'
import { setResponseHeader } from '@tanstack/react-start/server'
import * as z from 'zod'
import { requireClient } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { clearAttemptToken, clearSessionToken, readAttemptToken } from '../server/cookies.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import { signOut } from '../server/sessions.server.ts'
import { abandonSignIn } from '../server/sign-in.server.ts'
import { abandonSignUp } from '../server/sign-up.server.ts'
import { sessionIdSchema } from './schemas.ts'

const signOutSchema = z.strictObject({ sessionId: sessionIdSchema.nullish() }).nullish()

/**
 * Signs out of one session of this browser (`sessionId`) or, without one, of all of them. A
 * half-finished sign-in or sign-up in this browser is abandoned too: on a shared computer, the
 * next person must not be able to finish it (VULN-07).
 */
export const $signOut = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(signOutSchema))
  .handler(async ({ data, context }) => {
    const sessionId = data?.sessionId ?? null
    const ctx = await serviceContext()
    await signOut(ctx, { clientId: context.clientId, sessionId })
    for (const kind of ['signIn', 'signUp'] as const) {
      const token = readAttemptToken(kind)
      if (!token) continue
      await (kind === 'signIn' ? abandonSignIn : abandonSignUp)(ctx.db, token, ctx.now)
      clearAttemptToken(kind)
    }
    // The next page load mints a cookie for whichever session remains.
    clearSessionToken()
    // Signed out of everything: the browser drops cached pages and stored data (ASVS 14.3.1). The
    // cookies stay, so the client keeps its history of ended sessions.
    if (sessionId === null) setResponseHeader('clear-site-data', '"cache", "storage"')
    return { ok: true as const }
  })
