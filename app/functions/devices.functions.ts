import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireActiveSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { userActivity } from '../server/activity.server.ts'
import { getDb } from '../server/db.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import {
  listDeviceSessions,
  revokeOtherUserSessions,
  revokeUserSession,
  sessionTimeline,
} from '../server/sessions.server.ts'
import { cursorSchema, ledgerIdSchema, sessionIdSchema, sessionTargetSchema } from './schemas.ts'

/**
 * The signed-in user's sessions on every device: the "Devices" list, revocation and the ledger.
 * A session of another user is not found.
 *
 * Reads trust the session JWT (`requireActiveSession`, no database round trip to authenticate), as
 * the devices list does: what they show is the user's own history, and a session revoked in the
 * last minute seeing its own history once more gives nothing away. Revocations read the session row.
 */

/** A page of the devices list: the first without input, the next with the previous page's `nextCursor`. */
export const $listDevices = createServerFn({ method: 'GET' })
  .middleware([requireActiveSession])
  .validator(parseInput(z.strictObject({ cursor: cursorSchema(sessionIdSchema).nullable().default(null) }).optional()))
  .handler(async ({ data, context }) =>
    listDeviceSessions(await getDb(), {
      userId: context.identity.userId,
      currentSessionId: context.identity.sessionId,
      now: new Date(),
      cursor: data?.cursor ?? null,
    }),
  )

export const $revokeSession = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('revoke_session')])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) => {
    await revokeUserSession(await serviceContext(), {
      userId: context.session.userId,
      sessionId: data.sessionId,
      currentSessionId: context.session.id,
    })
    return { ok: true as const }
  })

export const $revokeOtherSessions = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('revoke_session')])
  .handler(async ({ context }) => ({
    revoked: await revokeOtherUserSessions(await serviceContext(), {
      userId: context.session.userId,
      currentSessionId: context.session.id,
    }),
  }))

export const $getSessionTimeline = createServerFn({ method: 'GET' })
  .middleware([requireActiveSession])
  .validator(parseInput(sessionTargetSchema))
  .handler(async ({ data, context }) =>
    sessionTimeline(await getDb(), {
      userId: context.identity.userId,
      sessionId: data.sessionId,
      currentSessionId: context.identity.sessionId,
      now: new Date(),
    }),
  )

/** The user's own activity: every ledger row about them, on any session, newest first. */
export const $listMyActivity = createServerFn({ method: 'GET' })
  .middleware([requireActiveSession])
  .validator(parseInput(z.strictObject({ cursor: cursorSchema(ledgerIdSchema).nullish() })))
  .handler(async ({ data, context }) =>
    userActivity(await getDb(), { userId: context.identity.userId, cursor: data.cursor ?? null }),
  )
