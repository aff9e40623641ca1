import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireClient } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { refreshSessionCookieIfShown, serviceContext } from '../server/request-auth.server.ts'
import {
  endSession,
  removeSession,
  sessionJSON,
  setActiveSession,
  TOUCH_INTENTS,
  touchSession,
} from '../server/sessions.server.ts'
import { organizationIdSchema, sessionIdSchema, sessionTargetSchema } from './schemas.ts'

/**
 * Operations on the sessions of this browser's client, the `Session` resource's methods. Any
 * session of the client may be named (an account switcher acts on accounts other than the tab's);
 * a session of another client is not found.
 */

/** Switches this tab to another signed-in session of the client (`setActive`). */
export const $setActive = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) => ({
    session: await setActiveSession(await serviceContext(), { clientId: context.clientId, ...data }),
  }))

/** `session.touch({ intent })`: records activity, throttled. */
export const $touchSession = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(
    parseInput(
      z.strictObject({
        sessionId: sessionIdSchema,
        intent: z.enum(TOUCH_INTENTS).default('focus'),
        /** The organization to act for (null: the personal account); omitted: unchanged. */
        organizationId: organizationIdSchema.nullable().optional(),
      }),
    ),
  )
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    const row = await touchSession(ctx, { clientId: context.clientId, ...data })
    // A new organization (or a finished task) changes what the token says: page loads see it at once.
    if (data.organizationId !== undefined) await refreshSessionCookieIfShown(row)
    return { session: await sessionJSON(ctx, row) }
  })

/** `session.end()`. */
export const $endSession = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) => ({
    session: await endSession(await serviceContext(), { clientId: context.clientId, ...data }),
  }))

/** `session.remove()`. */
export const $removeSession = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) => ({
    session: await removeSession(await serviceContext(), { clientId: context.clientId, ...data }),
  }))
