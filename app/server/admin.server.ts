/**
 * Instance admins: who holds which admin role. The admin console's services live in
 * `admin-*.server.ts`; this is what every one of them starts from.
 */

import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { users } from '../../db/schema.ts'
import type { AdminRole } from '../session/admin.ts'

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
