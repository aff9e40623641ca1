/**
 * The client snapshot (what every page load and `$getClient` answer carries) is ONE statement
 * (issue 23), counted at the driver (postgres.js's own hook, so prepared statements count too;
 * Drizzle's logger on PGlite), and says exactly what the per-table reads it replaced said: sessions
 * most recently active first, a signed-in session's user with their identifiers, memberships (with
 * member counts), factors and passkeys, an ended session's public user data only.
 */

import { and, desc, eq, ne } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import {
  emailAddresses,
  organizationMemberships,
  organizations,
  passkeys,
  phoneNumbers,
  sessions,
  totpCredentials,
} from '../../db/schema.ts'
import { authFixtures, later, newEmail, newPhone } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { resolveConfig } from '../config/instance.ts'
import { CLIENT_SESSIONS_LISTED } from '../session/policy.ts'
import { loadClientSnapshot, toSessionJSON } from './client-snapshot.server.ts'
import { newId } from './crypto.server.ts'
import { loadUsers } from './users.server.ts'

const statements: string[] = []
const handle = await openTestDatabase({ poolSize: 2, onQuery: (sql) => statements.push(sql) })
const db: Database = handle.db
const { signUp, signIn } = authFixtures(db)
const policy = resolveConfig({}).access

/** The snapshot's sessions as the per-table reads built them before (client, users, emails, phones, memberships). */
async function sessionsReadTableByTable(clientId: string, now: Date) {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.clientId, clientId), ne(sessions.status, 'removed')))
    .orderBy(desc(sessions.lastActiveAt))
    .limit(CLIENT_SESSIONS_LISTED)
  const owners = await loadUsers(db, policy, [...new Set(rows.map((row) => row.userId))])
  return rows.map((row) => toSessionJSON(row, owners.get(row.userId) as never, now))
}

/** A browser with an ended session and a signed-in one whose user has a bit of everything. */
async function browserWithHistory() {
  const first = await signUp({ now: later(0) })
  // Signing in again replaces the first session: it stays listed, ended.
  // (Each sign-in rotates the client token: the next one goes with the newest.)
  const again = await signIn({ email: first.email, clientToken: first.token, now: later(30) })
  const second = await signUp({ clientToken: again.token, now: later(60) })
  const at = later(90)
  await db.insert(emailAddresses).values({
    id: newId('email'),
    userId: second.userId,
    email: newEmail(),
    isPrimary: false,
    verifiedAt: null,
    createdAt: at,
  })
  await db.insert(phoneNumbers).values({
    id: newId('phone'),
    userId: second.userId,
    phoneNumber: newPhone(),
    isPrimary: true,
    verifiedAt: at,
    secondFactor: true,
    createdAt: at,
  })
  await db
    .insert(totpCredentials)
    .values({ userId: second.userId, secretEncrypted: 'sealed', verifiedAt: at, createdAt: at })
  await db.insert(passkeys).values({
    id: newId('passkey'),
    userId: second.userId,
    credentialId: newId('passkey'),
    publicKey: 'key',
    counter: 0,
    transports: ['internal'],
    deviceType: 'multiDevice',
    backedUp: true,
    name: 'Laptop',
    createdAt: at,
    lastUsedAt: later(100),
  })
  for (const name of ['Zebra', 'Acme']) {
    const organizationId = newId('organization')
    await db.insert(organizations).values({
      id: organizationId,
      name,
      slug: `${name.toLowerCase()}-${organizationId.slice(-8).toLowerCase()}`,
      createdAt: at,
      updatedAt: at,
    })
    await db.insert(organizationMemberships).values([
      {
        id: newId('membership'),
        organizationId,
        userId: second.userId,
        role: 'org:admin',
        createdAt: at,
        updatedAt: at,
      },
      {
        id: newId('membership'),
        organizationId,
        userId: first.userId,
        role: 'org:member',
        createdAt: at,
        updatedAt: at,
      },
    ])
  }
  return { first, second }
}

describe('the client snapshot', () => {
  it('is one statement', async () => {
    const { second } = await browserWithHistory()
    statements.length = 0
    const snapshot = await loadClientSnapshot(db, policy, second.clientId, later(120))
    expect(statements).toHaveLength(1)
    expect(snapshot?.sessions).toHaveLength(3)
  })

  it('says what the table-by-table reads said', async () => {
    const { first, second } = await browserWithHistory()
    const now = later(120)
    const snapshot = await loadClientSnapshot(db, policy, second.clientId, now)
    expect(snapshot?.sessions).toEqual(await sessionsReadTableByTable(second.clientId, now))
    const [shown, again, ended] = snapshot?.sessions ?? []
    expect(shown).toMatchObject({ id: second.session.id, status: 'active' })
    expect(shown?.user).toMatchObject({ twoFactorEnabled: true, totpEnabled: true, passwordEnabled: true })
    expect(shown?.user?.organizationMemberships.map((m) => [m.organization.name, m.organization.membersCount])).toEqual(
      [
        ['Acme', 2],
        ['Zebra', 2],
      ],
    )
    expect(shown?.user?.passkeys).toHaveLength(1)
    expect(shown?.user?.emailAddresses).toHaveLength(2)
    expect(again).toMatchObject({ status: 'active', publicUserData: { identifier: first.email } })
    expect(ended).toMatchObject({ id: first.session.id, status: 'replaced', user: null })
    expect(snapshot?.lastActiveSessionId).toBe(second.session.id)
  })

  it('is null for a client that does not exist', async () => {
    expect(await loadClientSnapshot(db, policy, newId('client'), later(0))).toBeNull()
  })
})
