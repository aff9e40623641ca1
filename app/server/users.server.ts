/**
 * Users, their email addresses and their password credentials.
 */

import { eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { emailAddresses, passwordCredentials, users } from '../../db/schema.ts'
import { newId } from './crypto.server.ts'

export type UserRow = typeof users.$inferSelect
export type EmailAddressRow = typeof emailAddresses.$inferSelect

function preparePasswordAccountLookup(db: Database) {
  return db
    .select({ userId: emailAddresses.userId, hash: passwordCredentials.hash })
    .from(emailAddresses)
    .leftJoin(passwordCredentials, eq(passwordCredentials.userId, emailAddresses.userId))
    .where(eq(emailAddresses.email, sql.placeholder('email')))
    .limit(1)
    .prepare('tessera_password_account')
}

const passwordLookups = new WeakMap<Database, ReturnType<typeof preparePasswordAccountLookup>>()

/** The account an email address signs in to, with its password hash (null when it has none). */
export async function findPasswordAccount(db: Database, email: string) {
  let lookup = passwordLookups.get(db)
  if (!lookup) {
    lookup = preparePasswordAccountLookup(db)
    passwordLookups.set(db, lookup)
  }
  const [row] = await lookup.execute({ email })
  return row ?? null
}

export async function emailExists(db: Database, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: emailAddresses.id })
    .from(emailAddresses)
    .where(eq(emailAddresses.email, email))
    .limit(1)
  return row !== undefined
}

export interface NewUser {
  email: string
  passwordHash: string
  firstName: string | null
  lastName: string | null
  emailVerified: boolean
}

export async function createUser(db: Database, input: NewUser, now: Date): Promise<UserRow> {
  const [user] = await db
    .insert(users)
    .values({ id: newId('user'), firstName: input.firstName, lastName: input.lastName, createdAt: now, updatedAt: now })
    .returning()
  if (!user) throw new Error('insert into users returned no row')
  await db.insert(emailAddresses).values({
    id: newId('email'),
    userId: user.id,
    email: input.email,
    isPrimary: true,
    verifiedAt: input.emailVerified ? now : null,
    createdAt: now,
  })
  await db
    .insert(passwordCredentials)
    .values({ userId: user.id, hash: input.passwordHash, createdAt: now, updatedAt: now })
  return user
}

export interface UserWithEmails {
  user: UserRow
  emails: EmailAddressRow[]
}

/** Users with their email addresses, keyed by id. */
export async function loadUsers(db: Database, ids: readonly string[]): Promise<Map<string, UserWithEmails>> {
  if (ids.length === 0) return new Map()
  const [userRows, emailRows] = await Promise.all([
    db
      .select()
      .from(users)
      .where(inArray(users.id, [...ids])),
    db
      .select()
      .from(emailAddresses)
      .where(inArray(emailAddresses.userId, [...ids])),
  ])
  return new Map(userRows.map((user) => [user.id, { user, emails: emailRows.filter((row) => row.userId === user.id) }]))
}

export async function deleteUser(db: Database, userId: string): Promise<boolean> {
  const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id })
  return deleted.length > 0
}
