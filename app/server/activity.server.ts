/**
 * Reading the ledger, for people: the admin console's view of everyone's events, and a user's own
 * activity across all their sessions. Rows come newest first with the people they name.
 */

import { and, eq, getTableColumns, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { secretKeys, sessionEvents } from '../../db/schema.ts'
import type { CursorPageJSON, LedgerEventJSON, PersonJSON } from '../session/admin-wire.ts'
import type { SessionEventType } from '../session/events.ts'
import type { KeysetPosition } from '../session/keyset.ts'
import { ADMIN_PAGE_SIZE } from '../session/policy.ts'
import { keyset, keysetPage } from './keyset.server.ts'
import { userAgentReader } from './user-agent.server.ts'
import { loadPeople } from './users.server.ts'

export interface LedgerFilter {
  userId?: string | null
  type?: SessionEventType | null
  /** Where the previous page ended (none: the first page). */
  cursor?: KeysetPosition | null
}

const ledgerKeyset = keyset(sessionEvents.createdAt, sessionEvents.id)

/**
 * One page of the ledger, newest first (keyset pagination on time and row number, ADMIN_PAGE_SIZE
 * at a time), optionally for one user and one event type.
 */
export async function readLedger(db: Database, filter: LedgerFilter): Promise<CursorPageJSON<LedgerEventJSON>> {
  const fetched = await db
    .select({ ...getTableColumns(sessionEvents), keysetAtUs: ledgerKeyset.atUs })
    .from(sessionEvents)
    .where(
      and(
        filter.userId ? eq(sessionEvents.userId, filter.userId) : undefined,
        filter.type ? eq(sessionEvents.type, filter.type) : undefined,
        ledgerKeyset.after(filter.cursor),
      ),
    )
    .orderBy(...ledgerKeyset.orderBy)
    .limit(ADMIN_PAGE_SIZE + 1)
  const { rows, nextCursor } = keysetPage(fetched, ADMIN_PAGE_SIZE)
  const describe = userAgentReader()
  const people = await loadPeople(
    db,
    rows.flatMap((row) => [row.userId, row.actorUserId, row.impersonatorId].filter((id) => id !== null)),
  )
  const keyIds = [...new Set(rows.flatMap((row) => (row.secretKeyId ? [row.secretKeyId] : [])))]
  const keys = new Map(
    keyIds.length === 0
      ? []
      : (
          await db
            .select({ id: secretKeys.id, name: secretKeys.name, hint: secretKeys.hint })
            .from(secretKeys)
            .where(inArray(secretKeys.id, keyIds))
        ).map((key) => [key.id, key]),
  )
  // An agent (`agent_<name>`) is nobody's account: it is named by its id.
  const person = (id: string | null): PersonJSON | null =>
    id === null ? null : (people.get(id) ?? { id, name: null, email: null })
  return {
    items: rows.map((row) => ({
      id: row.id,
      type: row.type,
      detail: row.detail,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      reason: row.reason,
      actor: row.actor,
      ipAddress: row.ipAddress,
      device: row.userAgent ? describe(row.userAgent) : null,
      createdAt: row.createdAt.getTime(),
      sessionId: row.sessionId,
      user: person(row.userId),
      actorUser: person(row.actorUserId),
      impersonator: person(row.impersonatorId),
      secretKey: row.secretKeyId
        ? (keys.get(row.secretKeyId) ?? { id: row.secretKeyId, name: null, hint: null })
        : null,
    })),
    nextCursor,
  }
}

/**
 * The user's own activity: every ledger row about them, on any session. What an admin did shows
 * who did it but not from where (the address and device would be the admin's, as would the
 * session), and other people are named without their email address.
 */
export async function userActivity(
  db: Database,
  input: { userId: string; cursor?: KeysetPosition | null },
): Promise<CursorPageJSON<LedgerEventJSON>> {
  const page = await readLedger(db, { userId: input.userId, cursor: input.cursor ?? null })
  const named = (person: PersonJSON | null) =>
    person && person.id !== input.userId ? { ...person, email: null } : person
  return {
    ...page,
    items: page.items.map((event) => ({
      ...event,
      ...(event.actor === 'admin' && { ipAddress: null, device: null, sessionId: null }),
      actorUser: named(event.actorUser),
      impersonator: named(event.impersonator),
    })),
  }
}
