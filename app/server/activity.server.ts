/**
 * Reading the ledger, for people: the admin console's view of everyone's events, and a user's own
 * activity across all their sessions. Rows come newest first with the people they name.
 */

import { and, desc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { secretKeys, sessionEvents } from '../../db/schema.ts'
import type { LedgerEventJSON, PageJSON, PersonJSON } from '../session/admin-wire.ts'
import type { SessionEventType } from '../session/events.ts'
import { pageWindow, toPage } from './admin.server.ts'
import { describeUserAgent } from './user-agent.server.ts'
import { loadPeople } from './users.server.ts'

export interface LedgerFilter {
  userId?: string | null
  type?: SessionEventType | null
  page: number
}

/** One page of the ledger, newest first, optionally for one user and one event type. */
export async function readLedger(db: Database, filter: LedgerFilter): Promise<PageJSON<LedgerEventJSON>> {
  const { limit, offset } = pageWindow(filter.page)
  const rows = await db
    .select()
    .from(sessionEvents)
    .where(
      and(
        filter.userId ? eq(sessionEvents.userId, filter.userId) : undefined,
        filter.type ? eq(sessionEvents.type, filter.type) : undefined,
      ),
    )
    .orderBy(desc(sessionEvents.createdAt), desc(sessionEvents.id))
    .limit(limit)
    .offset(offset)
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
  return toPage(
    rows.map((row) => ({
      id: row.id,
      type: row.type,
      detail: row.detail,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      reason: row.reason,
      actor: row.actor,
      ipAddress: row.ipAddress,
      device: row.userAgent ? describeUserAgent(row.userAgent) : null,
      createdAt: row.createdAt.getTime(),
      sessionId: row.sessionId,
      user: person(row.userId),
      actorUser: person(row.actorUserId),
      impersonator: person(row.impersonatorId),
      secretKey: row.secretKeyId
        ? (keys.get(row.secretKeyId) ?? { id: row.secretKeyId, name: null, hint: null })
        : null,
    })),
    filter.page,
  )
}

/**
 * The user's own activity: every ledger row about them, on any session. What an admin did shows
 * who did it but not from where (the address and device would be the admin's, as would the
 * session), and other people are named without their email address.
 */
export async function userActivity(
  db: Database,
  input: { userId: string; page: number },
): Promise<PageJSON<LedgerEventJSON>> {
  const page = await readLedger(db, { userId: input.userId, page: input.page })
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
