/**
 * Secret keys in the admin console (ADR 027): listing needs `admin:read`; creating and revoking a
 * key, which hands out or withdraws the power of the whole Backend API, `admin:manage_instance`.
 * Each service checks the admin's permission itself, as every admin service does.
 */

import { type AdminActor, authorizeAdmin } from './admin.server.ts'
import {
  createSecretKey,
  listSecretKeys,
  revokeSecretKey,
  type SecretKeyJSON,
  secretKeyEnvironment,
} from './secret-keys.server.ts'
import type { ServiceContext } from './service-context.server.ts'

const actorOf = (ctx: ServiceContext, admin: AdminActor) => ({
  userId: admin.id,
  sessionId: admin.sessionId,
  meta: ctx.meta,
})

export async function adminListSecretKeys(ctx: ServiceContext, admin: AdminActor): Promise<SecretKeyJSON[]> {
  await authorizeAdmin(ctx.db, admin, 'admin:read')
  return listSecretKeys(ctx.db)
}

/** The new key, whole: the console shows it once and never again. */
export async function adminCreateSecretKey(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { name: string },
): Promise<{ key: SecretKeyJSON; secret: string }> {
  await authorizeAdmin(ctx.db, admin, 'admin:manage_instance')
  return createSecretKey(ctx.db, {
    name: input.name,
    environment: secretKeyEnvironment(ctx.origin),
    actor: actorOf(ctx, admin),
    now: ctx.now,
  })
}

export async function adminRevokeSecretKey(
  ctx: ServiceContext,
  admin: AdminActor,
  input: { id: string },
): Promise<SecretKeyJSON> {
  await authorizeAdmin(ctx.db, admin, 'admin:manage_instance')
  return revokeSecretKey(ctx.db, { id: input.id, actor: actorOf(ctx, admin), now: ctx.now })
}
