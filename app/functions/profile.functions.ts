import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireFreshActiveSession, requireFreshSession } from '../middleware/session.ts'
import { parseInput } from '../middleware/validation.ts'
import { ownUser, removeProfileImage, setProfileImage, updateUser } from '../server/profile.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import type { ActingSession } from '../server/security-events.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import { TesseraError } from '../session/errors.ts'
import { PROFILE_IMAGE_MAX_BYTES } from '../session/policy.ts'
import { updateUserSchema } from './schemas.ts'

/**
 * The signed-in user's profile: name, username, unsafe metadata and profile image. Not sensitive actions (nothing here
 * signs anyone in), but the user's own: a session someone else acts in (an impersonating admin,
 * an agent) may not change them. Each change is in the ledger.
 */

const own = (context: { session: SessionRow; clientId: string }): ActingSession => {
  if (context.session.actor) throw new TesseraError('impersonation_forbidden')
  return { id: context.session.id, userId: context.session.userId, clientId: context.clientId, actor: null }
}

export const $updateUser = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator(parseInput(updateUserSchema))
  .handler(async ({ data, context }) => {
    const ctx = await serviceContext()
    await updateUser(ctx, own(context), data)
    return ownUser(ctx, context.session.userId)
  })

/** The signed-in user, fresh from the database (`user.reload()`); a pending session's user too. */
export const $getUser = createServerFn({ method: 'GET' })
  .middleware([requireFreshSession])
  .handler(async ({ context }) => ownUser(await serviceContext(), context.session.userId))

/** The image travels as base64 in the JSON body; only this function may send that much (see server-fn-transport). */
const imageSchema = z.strictObject({ image: z.base64().max(Math.ceil(PROFILE_IMAGE_MAX_BYTES / 3) * 4) })

export const $setProfileImage = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .validator((data: z.input<typeof imageSchema>) => {
    const result = imageSchema.safeParse(data)
    if (!result.success && result.error.issues.some((issue) => issue.code === 'too_big'))
      throw new TesseraError('image_too_large', { meta: { maxBytes: PROFILE_IMAGE_MAX_BYTES } })
    return parseInput(imageSchema)(data)
  })
  .handler(async ({ data, context }) => {
    const digest = await setProfileImage(await serviceContext(), own(context), Buffer.from(data.image, 'base64'))
    return { digest }
  })

export const $removeProfileImage = createServerFn({ method: 'POST' })
  .middleware([requireFreshActiveSession])
  .handler(async ({ context }) => {
    await removeProfileImage(await serviceContext(), own(context))
    return { ok: true as const }
  })
