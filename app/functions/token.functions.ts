import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireClient, requireSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { writeSessionToken } from '../server/cookies.server.ts'
import { mintContext, serviceContext } from '../server/request-auth.server.ts'
import { issueToken } from '../server/sessions.server.ts'
import { TEMPLATE_NAME_PATTERN } from '../session/tokens.ts'
import { organizationIdSchema, sessionIdSchema } from './schemas.ts'

const getTokenSchema = z.strictObject({
  sessionId: sessionIdSchema,
  template: z.string().regex(TEMPLATE_NAME_PATTERN).nullish(),
  /** Mint for this organization instead of the session's (a tab acting for its own); null: the personal account. */
  organizationId: organizationIdSchema.nullable().optional(),
})

/**
 * Mints a token for a session of this browser (`session.getToken()`): reads the session row, so a
 * revoked or expired session gets 401/409 and nothing is minted, and counts as activity.
 */
export const $getToken = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(getTokenSchema))
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    const issued = await issueToken(
      { ...ctx, mint: await mintContext(ctx.now) },
      {
        clientId: context.clientId,
        sessionId: data.sessionId,
        template: data.template ?? null,
        organizationId: data.organizationId,
      },
    )
    // Refreshing the session that page loads render keeps the session cookie current too.
    if (data.template == null && issued.lastActive) writeSessionToken(issued.jwt, issued.expiresInSeconds)
    return { jwt: issued.jwt, expiresInSeconds: issued.expiresInSeconds }
  })

/** Who this request is, from its session token alone (no database on the JWT path). */
export const $whoAmI = createServerFn({ method: 'GET' })
  .middleware([requireSession])
  .handler(async ({ context }) => ({
    userId: context.identity.userId,
    sessionId: context.identity.sessionId,
    status: context.identity.status,
    source: context.identity.source,
  }))
