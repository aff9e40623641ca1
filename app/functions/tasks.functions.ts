import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireClient } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { resetCompromisedPassword } from '../server/account.server.ts'
import { refreshSessionCookieIfShown, rotateBrowserClientToken, serviceContext } from '../server/request-auth.server.ts'
import type { ServiceContext } from '../server/service-context.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import { acceptTerms, completeSessionTask, sessionJSON } from '../server/sessions.server.ts'
import { TesseraError } from '../session/errors.ts'
import { parseTaskKey } from '../session/tasks.ts'
import type { SessionJSON } from '../session/wire.ts'
import { passwordSchema, sessionIdSchema, sessionTargetSchema } from './schemas.ts'

/**
 * Session tasks: what a pending session does to become active. Each function names the session
 * (a tab acts for its own) and answers with it as it now stands; when the last task is done the
 * session is active and its cookie is re-minted, so the next page load sees it so.
 */

/** The session after a task: its cookie re-minted (its status may have changed), and its JSON. */
async function settled(ctx: ServiceContext, row: SessionRow): Promise<{ session: SessionJSON }> {
  await refreshSessionCookieIfShown(row)
  return { session: await sessionJSON(ctx, row) }
}

/** Reports the current task done (for tasks whose work happens elsewhere, like `setup-mfa`). */
export const $completeSessionTask = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(z.strictObject({ sessionId: sessionIdSchema, key: z.string().max(64) })))
  .handler(async ({ data, context }) => {
    const key = parseTaskKey(data.key)
    if (!key) throw new TesseraError('task_unknown', { meta: { key: data.key } })
    const ctx = await serviceContext()
    return settled(ctx, await completeSessionTask(ctx, { clientId: context.clientId, sessionId: data.sessionId, key }))
  })

/** The `accept-terms` task. */
export const $acceptTerms = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    return settled(ctx, await acceptTerms(ctx, { clientId: context.clientId, sessionId: data.sessionId }))
  })

/** The `reset-password` task: a new password in place of the compromised one, other devices signed out. */
export const $resetPassword = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('change_password', 'reset-password')])
  .validator(parseInput(z.strictObject({ newPassword: passwordSchema })))
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    const acting = { id: context.session.id, userId: context.session.userId, clientId: context.clientId }
    const session = await resetCompromisedPassword(ctx, acting, data.newPassword)
    await rotateBrowserClientToken(context.clientId)
    return settled(ctx, session)
  })
