import { createServerFn } from '@tanstack/react-start'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireActiveSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { getDb } from '../server/db.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import {
  listDeviceSessions,
  revokeOtherUserSessions,
  revokeUserSession,
  sessionTimeline,
} from '../server/sessions.server.ts'
import { sessionTargetSchema } from './schemas.ts'

/**
 * The signed-in user's sessions on every device: the "Devices" list, revocation and the ledger.
 * A session of another user is not found.
 */

export const $listDevices = createServerFn({ method: 'GET' })
  .middleware([requireActiveSession])
  .handler(async ({ context }) => ({
    sessions: await listDeviceSessions(await getDb(), {
      userId: context.identity.userId,
      currentSessionId: context.identity.sessionId,
      now: new Date(),
    }),
  }))

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
