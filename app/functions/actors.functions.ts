import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireAdmin } from '../middleware/admin.ts'
import { sensitiveAction } from '../middleware/sensitive-action.ts'
import { requireClient, requireFreshActiveSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import {
  createAgentTask,
  createImpersonationToken,
  listActorTokens,
  redeemActorToken,
  revokeActorToken,
  stopImpersonation,
} from '../server/actors.server.ts'
import {
  clearSessionToken,
  clearStashedClientToken,
  readClientToken,
  readStashedClientToken,
  writeClientToken,
  writeStashedClientToken,
} from '../server/cookies.server.ts'
import { getDb } from '../server/db.server.ts'
import { refreshSessionCookie, serviceContext } from '../server/request-auth.server.ts'
import { lookupClientSession } from '../server/session-store.server.ts'
import { TesseraError } from '../session/errors.ts'
import {
  ACTOR_REASON_MAX_LENGTH,
  AGENT_NAME_MAX_LENGTH,
  AGENT_SESSION_MAX_SECONDS,
  REDIRECT_URL_MAX_LENGTH,
} from '../session/policy.ts'
import { AFTER_SIGN_IN_PATH, safeRedirectPath } from '../session/redirect.ts'
import { actorTokenIdSchema, textSchema, userIdSchema } from './schemas.ts'

/**
 * Impersonation and agent sessions. Making an impersonation link is an admin's sensitive action
 * (admin permission and a recent verification); making an agent link is the user's own sensitive
 * action. Redeeming a link needs no session: the link's secret is the authorization, and it makes
 * a session in a fresh client. Stopping an impersonation puts the admin's own client back.
 */

const reasonSchema = textSchema(ACTOR_REASON_MAX_LENGTH, { required: 'Say why.' })
/** A same-origin path, or the dashboard. */
const redirectSchema = z
  .string()
  .max(REDIRECT_URL_MAX_LENGTH)
  .nullish()
  .transform((value) => safeRedirectPath(value) ?? AFTER_SIGN_IN_PATH)

export const $startImpersonation = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:impersonate'), sensitiveAction('start_impersonation')])
  .validator(parseInput(z.strictObject({ userId: userIdSchema, reason: reasonSchema, redirectUrl: redirectSchema })))
  .handler(async ({ data, context }) =>
    createImpersonationToken(
      await serviceContext(),
      { id: context.admin.id, role: context.admin.role, sessionId: context.session.id },
      data,
    ),
  )

export const $createAgentTask = createServerFn({ method: 'POST' })
  .middleware([sensitiveAction('create_agent_link')])
  .validator(
    parseInput(
      z.strictObject({
        agentName: textSchema(AGENT_NAME_MAX_LENGTH, { required: 'Name the agent.' }),
        taskDescription: reasonSchema,
        maxDurationSeconds: z.number().int().min(60).max(AGENT_SESSION_MAX_SECONDS).nullish(),
        redirectUrl: redirectSchema,
      }),
    ),
  )
  .handler(async ({ data, context }) =>
    createAgentTask(
      await serviceContext(),
      { userId: context.session.userId, sessionId: context.session.id },
      { ...data, maxDurationSeconds: data.maxDurationSeconds ?? null },
    ),
  )

/** The user's agent links (pending, used, revoked, expired), newest first. */
export const $listAgentTasks = createServerFn({ method: 'GET' })
  .middleware([requireFreshActiveSession])
  .handler(async ({ context }) => listActorTokens(await serviceContext(), context.session.userId, 'agent'))

export const $revokeActorToken = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(z.strictObject({ actorTokenId: actorTokenIdSchema })))
  .handler(async ({ data, context }) =>
    revokeActorToken(
      await serviceContext(),
      { userId: context.session.userId, sessionId: context.session.id },
      data.actorTokenId,
    ),
  )

/**
 * Redeems a link in this browser. The browser's own client (if it has one) is set aside — for an
 * admin, to be put back when they stop — and a fresh client holds the new session alone.
 */
export const $redeemActorToken = createServerFn({ method: 'POST' })
  .validator(parseInput(z.strictObject({ token: z.string().max(128) })))
  .handler(async ({ data }) => {
    const redeemed = await redeemActorToken(await serviceContext(), data.token)
    const previous = readClientToken()
    // Only the admin's own client is worth keeping: a second redemption must not stash the first's.
    if (previous && redeemed.kind === 'impersonation' && !readStashedClientToken()) writeStashedClientToken(previous)
    writeClientToken(redeemed.signedIn.token)
    await refreshSessionCookie(redeemed.signedIn.session)
    // Checked again: a link made before the check saw resolved paths may hold `//host`.
    return {
      sessionId: redeemed.signedIn.session.id,
      redirectUrl: safeRedirectPath(redeemed.redirectUrl) ?? AFTER_SIGN_IN_PATH,
    }
  })

/**
 * Stops impersonating: the impersonation session is signed out, and the admin's own client (set
 * aside at redemption) is back in the browser, if it still exists. Returns where to go next.
 */
export const $stopImpersonation = createServerFn({ method: 'POST' })
  .middleware([requireClient])
  .handler(async ({ context }) => {
    const { session } = context.auth
    if (!session) throw new TesseraError('not_impersonating')
    const { userId } = await stopImpersonation(await serviceContext(), { clientId: context.clientId, session })
    clearSessionToken()
    const stashed = readStashedClientToken()
    clearStashedClientToken()
    const restored = stashed ? await lookupClientSession(await getDb(), stashed, null) : null
    if (stashed && restored) writeClientToken(stashed)
    return { restored: restored !== null, userId }
  })
