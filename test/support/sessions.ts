import { eq } from 'drizzle-orm'
import type { SessionRow } from '../../app/server/session-store.server.ts'
import type { Database } from '../../db/client.ts'
import { sessions } from '../../db/schema.ts'

/** A session's row as the database holds it now, or undefined once it is deleted. */
export async function findSessionRow(db: Database, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId))
  return row
}

/** A session's row as the database holds it now; the session must exist. */
export async function sessionRow(db: Database, sessionId: string): Promise<SessionRow> {
  const row = await findSessionRow(db, sessionId)
  if (!row) throw new Error(`no session ${sessionId}`)
  return row
}
