import { createServerFn } from '@tanstack/react-start'
import * as z from 'zod'
import { requireAdmin } from '../middleware/admin.ts'
import { parseInput } from '../middleware/validation.ts'
import { adminCreateSecretKey, adminListSecretKeys, adminRevokeSecretKey } from '../server/admin-secret-keys.server.ts'
import { serviceContext } from '../server/request-auth.server.ts'
import type { SessionRow } from '../server/session-store.server.ts'
import { secretKeyIdSchema, secretKeyNameSchema } from './schemas.ts'

/**
 * Instance secret keys in the admin console (ADR 027): the Backend API's credentials. A new key is
 * answered whole once, to the admin who created it; every other answer shows only its hint.
 */

const acting = (context: { admin: { id: string }; session: SessionRow }) => ({
  id: context.admin.id,
  sessionId: context.session.id,
})

export const $listSecretKeys = createServerFn({ method: 'GET' })
  .middleware([requireAdmin('admin:read')])
  .handler(async ({ context }) => adminListSecretKeys(await serviceContext(), acting(context)))

export const $createSecretKey = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(z.strictObject({ name: secretKeyNameSchema })))
  .handler(async ({ data, context }) => adminCreateSecretKey(await serviceContext(), acting(context), data))

export const $revokeSecretKey = createServerFn({ method: 'POST' })
  .middleware([requireAdmin('admin:manage_instance')])
  .validator(parseInput(z.strictObject({ id: secretKeyIdSchema })))
  .handler(async ({ data, context }) => adminRevokeSecretKey(await serviceContext(), acting(context), data))
