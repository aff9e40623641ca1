/**
 * Instance admins: who holds which admin role. The admin console's services live in
 * `admin-*.server.ts`; this is what every one of them starts from.
 */

import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { users } from '../../db/schema.ts'
import type { InstanceConfig } from '../config/instance.ts'
import { type AdminPermission, type AdminRole, adminCan } from '../session/admin.ts'
import type { PageJSON } from '../session/admin-wire.ts'
import type { PlanScope } from '../session/entitlements.ts'
import { TesseraError } from '../session/errors.ts'
import type { AuditEventType } from '../session/events.ts'
import { ADMIN_PAGE_SIZE } from '../session/policy.ts'
import { ownEntry } from '../session/registry.ts'
import type { LedgerEntry } from './ledger.server.ts'
import type { ServiceContext } from './service-context.server.ts'

/** The admin acting, as every admin service takes them: who, and from which of their sessions. */
export interface AdminActor {
  id: string
  sessionId: string
}

/** The user's admin role, or null when they are not an admin (or do not exist). */
export async function adminRoleOf(db: Database, userId: string): Promise<AdminRole | null> {
  const [row] = await db.select({ role: users.adminRole }).from(users).where(eq(users.id, userId))
  return row?.role ?? null
}

/** Grants (or, with null, withdraws) an admin role; false when no user has this id. */
export async function setAdminRole(db: Database, userId: string, role: AdminRole | null, now: Date): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ adminRole: role, updatedAt: now })
    .where(eq(users.id, userId))
    .returning({ id: users.id })
  return updated.length > 0
}

/**
 * The acting admin's role, when it grants `permission`; else `admin_forbidden`. Services check this
 * themselves (inside their transaction when they change something), so a role withdrawn a moment
 * ago stops the next action whatever called it.
 */
export async function authorizeAdmin(db: Database, admin: AdminActor, permission: AdminPermission): Promise<AdminRole> {
  const role = await adminRoleOf(db, admin.id)
  if (role === null || !adminCan(role, permission)) throw new TesseraError('admin_forbidden', { meta: { permission } })
  return role
}

/**
 * The ledger row an admin action leaves: from the admin's own session, about `userId` (null for
 * the instance), naming the admin, with a line for people (never a secret).
 */
export function adminLedgerEntry(
  ctx: Pick<ServiceContext, 'meta'>,
  admin: AdminActor,
  type: AuditEventType,
  userId: string | null,
  detail: string,
): LedgerEntry {
  return { type, sessionId: admin.sessionId, userId, actor: 'admin', actorUserId: admin.id, detail, meta: ctx.meta }
}

/** The rows a page asks for: one more than fits, so the page knows whether another follows. */
export const pageWindow = (page: number) => ({ limit: ADMIN_PAGE_SIZE + 1, offset: page * ADMIN_PAGE_SIZE })

/** Rows fetched with `pageWindow(page)`, as that page. */
export function toPage<T>(rows: readonly T[], page: number): PageJSON<T> {
  return { items: rows.slice(0, ADMIN_PAGE_SIZE), page, hasMore: rows.length > ADMIN_PAGE_SIZE }
}

/** A plan an admin assigns: one app.config.ts defines for this scope, or null (the default plan). */
export function assertPlanFor(config: InstanceConfig, scope: PlanScope, plan: string | null): void {
  if (plan !== null && ownEntry(config.access.plans, plan)?.for !== scope)
    throw new TesseraError('plan_not_found', { meta: { plan } })
}

/** A plan as the ledger names it. */
export const planLabel = (config: InstanceConfig, plan: string | null) =>
  plan === null ? 'the default plan' : (ownEntry(config.access.plans, plan)?.name ?? plan)

/** A search term as a LIKE pattern matching it anywhere (its own % and _ match themselves). */
export const containing = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
