/**
 * Users, their identifiers (email addresses, phone numbers) and what they have enrolled.
 */

import { and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import {
  backupCodes,
  emailAddresses,
  passwordCredentials,
  phoneNumbers,
  totpCredentials,
  users,
} from '../../db/schema.ts'
import type { PersonJSON } from '../session/admin-wire.ts'
import type { AccessPolicy } from '../session/entitlements.ts'
import type { EnrolledFactors } from '../session/factors.ts'
import type { Identifier } from '../session/identifiers.ts'
import { profileImageUrl } from '../session/profile-image.ts'
import type { ExternalAccountJSON, OrganizationMembershipJSON, PasskeyJSON } from '../session/wire.ts'
import { newId } from './crypto.server.ts'
import { enqueueWebhook, hasWebhookSubscribers } from './ledger.server.ts'
import { loadMemberships } from './memberships.server.ts'

export type UserRow = typeof users.$inferSelect
export type EmailAddressRow = typeof emailAddresses.$inferSelect
export type PhoneNumberRow = typeof phoneNumbers.$inferSelect

// One prepared statement per identifier kind: sign-in looks an account up on every attempt.
function prepareEmailLookup(db: Database) {
  return db
    .select({ userId: emailAddresses.userId })
    .from(emailAddresses)
    .where(and(eq(emailAddresses.email, sql.placeholder('value')), isNotNull(emailAddresses.verifiedAt)))
    .limit(1)
    .prepare('tessera_user_by_email')
}

function preparePhoneLookup(db: Database) {
  return db
    .select({ userId: phoneNumbers.userId })
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.phoneNumber, sql.placeholder('value')), isNotNull(phoneNumbers.verifiedAt)))
    .limit(1)
    .prepare('tessera_user_by_phone')
}

const lookups = new WeakMap<
  Database,
  { email: ReturnType<typeof prepareEmailLookup>; phone: ReturnType<typeof preparePhoneLookup> }
>()

/** The account a verified identifier belongs to, or null. Unverified identifiers sign nobody in. */
export async function findUserIdByIdentifier(db: Database, identifier: Identifier): Promise<string | null> {
  let prepared = lookups.get(db)
  if (!prepared) {
    prepared = { email: prepareEmailLookup(db), phone: preparePhoneLookup(db) }
    lookups.set(db, prepared)
  }
  const statement = identifier.kind === 'email_address' ? prepared.email : prepared.phone
  const [row] = await statement.execute({ value: identifier.value })
  return row?.userId ?? null
}

/** Whether some account has verified this email address. */
export async function emailExists(db: Database, email: string): Promise<boolean> {
  return (await findUserIdByIdentifier(db, { kind: 'email_address', value: email })) !== null
}

const passwordCredentialLookup = preparedPerDatabase((db) =>
  db
    .select({ hash: passwordCredentials.hash, compromisedAt: passwordCredentials.compromisedAt })
    .from(passwordCredentials)
    .where(eq(passwordCredentials.userId, sql.placeholder('userId')))
    .prepare('tessera_password_credential'),
)

export async function passwordCredentialOf(
  db: Database,
  userId: string,
): Promise<{ hash: string; compromisedAt: Date | null } | null> {
  const [row] = await passwordCredentialLookup(db).execute({ userId })
  return row ?? null
}

export async function passwordHashOf(db: Database, userId: string): Promise<string | null> {
  return (await passwordCredentialOf(db, userId))?.hash ?? null
}

const exists = (query: SQL | { getSQL: () => SQL }) => sql<boolean>`exists (${query})`

const enrolledFactorsLookup = preparedPerDatabase((db) => {
  const userId = sql.placeholder('userId')
  return db
    .select({
      hasPassword: exists(
        db
          .select({ userId: passwordCredentials.userId })
          .from(passwordCredentials)
          .where(eq(passwordCredentials.userId, userId)),
      ),
      secondFactorPhoneCount: db.$count(
        phoneNumbers,
        and(eq(phoneNumbers.userId, userId), eq(phoneNumbers.secondFactor, true), isNotNull(phoneNumbers.verifiedAt)),
      ),
      totp: exists(
        db
          .select({ userId: totpCredentials.userId })
          .from(totpCredentials)
          .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.verifiedAt))),
      ),
      backupCodesRemaining: db.$count(backupCodes, and(eq(backupCodes.userId, userId), isNull(backupCodes.usedAt))),
    })
    .from(users)
    .where(eq(users.id, userId))
    .prepare('tessera_enrolled_factors')
})

/** What the user has enrolled right now, in one round trip (never cached: VULN-13). */
export async function enrolledFactors(db: Database, userId: string): Promise<EnrolledFactors> {
  const [row] = await enrolledFactorsLookup(db).execute({ userId })
  return row ?? { hasPassword: false, secondFactorPhoneCount: 0, totp: false, backupCodesRemaining: 0 }
}

export interface NewUser {
  email: string
  /** Argon2id PHC string, or null for an account that signs in with codes and passkeys. */
  passwordHash: string | null
  firstName: string | null
  lastName: string | null
  emailVerified: boolean
}

/**
 * Creates a user with their primary email address, and announces `user.created`: every account
 * (sign-up, seed, tests) is made here. Run it in a transaction, so the event commits with the user.
 */
export async function createUser(db: Database, input: NewUser, now: Date): Promise<UserRow> {
  const [user] = await db
    .insert(users)
    .values({ id: newId('user'), firstName: input.firstName, lastName: input.lastName, createdAt: now, updatedAt: now })
    .returning()
  if (!user) throw new Error('insert into users returned no row')
  const emails = await db
    .insert(emailAddresses)
    .values({
      id: newId('email'),
      userId: user.id,
      email: input.email,
      isPrimary: true,
      verifiedAt: input.emailVerified ? now : null,
      createdAt: now,
    })
    .returning()
  if (input.passwordHash !== null) {
    await db
      .insert(passwordCredentials)
      .values({ userId: user.id, hash: input.passwordHash, createdAt: now, updatedAt: now })
  }
  const factors = {
    hasPassword: input.passwordHash !== null,
    secondFactorPhoneCount: 0,
    totp: false,
    backupCodesRemaining: 0,
  }
  await enqueueWebhook(db, 'user.created', userWebhookData({ user, emails, phones: [], factors }), now)
  return user
}

/**
 * What a user's webhook payload says about them (`data` of `user.created` and `user.updated`):
 * identifiers and which factors are on, never a secret. Times are epoch milliseconds.
 */
export function userWebhookData(input: {
  user: UserRow
  emails: readonly EmailAddressRow[]
  phones: readonly PhoneNumberRow[]
  factors: EnrolledFactors
}): Record<string, unknown> {
  const { user, emails, phones, factors } = input
  return {
    object: 'user',
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    primary_email_address_id: emails.find((email) => email.isPrimary)?.id ?? null,
    email_addresses: emails.map((email) => ({
      id: email.id,
      email_address: email.email,
      verified: email.verifiedAt !== null,
    })),
    primary_phone_number_id: phones.find((phone) => phone.isPrimary)?.id ?? null,
    phone_numbers: phones.map((phone) => ({
      id: phone.id,
      phone_number: phone.phoneNumber,
      verified: phone.verifiedAt !== null,
      second_factor: phone.secondFactor,
    })),
    password_enabled: factors.hasPassword,
    totp_enabled: factors.totp,
    two_factor_enabled: factors.totp || factors.secondFactorPhoneCount > 0,
    banned: user.bannedAt !== null,
    created_at: user.createdAt.getTime(),
    updated_at: user.updatedAt.getTime(),
  }
}

/** Announces `user.updated` with the user as they are now, inside the transaction of the change. */
export async function announceUserUpdated(db: Database, userId: string, now: Date): Promise<void> {
  if (!(await hasWebhookSubscribers(db, 'user.updated'))) return
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) return
  const emails = await db
    .select()
    .from(emailAddresses)
    .where(eq(emailAddresses.userId, userId))
    .orderBy(asc(emailAddresses.createdAt))
  const phones = await db
    .select()
    .from(phoneNumbers)
    .where(eq(phoneNumbers.userId, userId))
    .orderBy(asc(phoneNumbers.createdAt))
  const factors = await enrolledFactors(db, userId)
  await enqueueWebhook(db, 'user.updated', userWebhookData({ user, emails, phones, factors }), now)
}

/** What the User resource says about the user's factors (the reference's `totpEnabled`, …). */
export interface UserFactors {
  passwordEnabled: boolean
  totpEnabled: boolean
  backupCodeEnabled: boolean
  /** A second factor is asked at sign-in: an authenticator app or a number receiving codes. */
  twoFactorEnabled: boolean
  passkeys: PasskeyJSON[]
  /** Connected social accounts (ADR 034). */
  externalAccounts: ExternalAccountJSON[]
}

/** What the wire shapes read of an email address and a phone number. */
export type EmailOfUser = Pick<EmailAddressRow, 'id' | 'email' | 'isPrimary' | 'verifiedAt'>
export type PhoneOfUser = Pick<PhoneNumberRow, 'id' | 'phoneNumber' | 'isPrimary' | 'verifiedAt' | 'secondFactor'>

export interface UserWithEmails {
  user: UserRow
  emails: EmailOfUser[]
  phones: PhoneOfUser[]
  memberships: OrganizationMembershipJSON[]
  factors: UserFactors
}

/** Users with their email addresses, phone numbers and organization memberships, keyed by id. */
// What every client snapshot reads (each page load and session refresh): prepared statements.
// The factor flags and passkeys ride on the users query (correlated subqueries: no extra round trip).
const usersByIds = preparedPerDatabase((db) =>
  db
    .select({
      user: users,
      passwordEnabled: exists(
        db.select({ one: sql`1` }).from(passwordCredentials).where(eq(passwordCredentials.userId, users.id)),
      ),
      totpEnabled: exists(
        db
          .select({ one: sql`1` })
          .from(totpCredentials)
          .where(and(eq(totpCredentials.userId, users.id), isNotNull(totpCredentials.verifiedAt))),
      ),
      backupCodeEnabled: exists(
        db
          .select({ one: sql`1` })
          .from(backupCodes)
          .where(and(eq(backupCodes.userId, users.id), isNull(backupCodes.usedAt))),
      ),
      smsSecondFactor: exists(
        db
          .select({ one: sql`1` })
          .from(phoneNumbers)
          .where(
            and(
              eq(phoneNumbers.userId, users.id),
              eq(phoneNumbers.secondFactor, true),
              isNotNull(phoneNumbers.verifiedAt),
            ),
          ),
      ),
      // Written out with qualified names: the correlated reference to users.id must not bind to passkeys.id.
      passkeys: sql<PasskeyJSON[]>`(
        select coalesce(json_agg(json_build_object(
          'id', p.id,
          'name', p.name,
          'createdAt', (extract(epoch from p.created_at) * 1000)::bigint,
          'lastUsedAt', (extract(epoch from p.last_used_at) * 1000)::bigint,
          'synced', p.backed_up
        ) order by p.created_at, p.id), '[]'::json)
        from passkeys p where p.user_id = "users"."id"
      )`,
      externalAccounts: sql<ExternalAccountJSON[]>`(
        select coalesce(json_agg(json_build_object(
          'id', o.id,
          'provider', o.provider,
          'providerUserId', o.subject,
          'emailAddress', coalesce(o.email, ''),
          'firstName', o.first_name,
          'lastName', o.last_name,
          'username', o.username,
          'verification', json_build_object(
            'status', case when o.email_verified then 'verified' else 'unverified' end,
            'strategy', 'oauth_' || o.provider
          ),
          'createdAt', (extract(epoch from o.created_at) * 1000)::bigint,
          'lastSignedInAt', (extract(epoch from o.last_signed_in_at) * 1000)::bigint
        ) order by o.created_at, o.id), '[]'::json)
        from oauth_identities o where o.user_id = "users"."id"
      )`,
    })
    .from(users)
    .where(sql`${users.id} = any(${sql.placeholder('userIds')}::text[])`)
    .prepare('tessera_users_by_ids'),
)
const emailsOfUsers = preparedPerDatabase((db) =>
  db
    .select()
    .from(emailAddresses)
    .where(sql`${emailAddresses.userId} = any(${sql.placeholder('userIds')}::text[])`)
    .prepare('tessera_emails_of_users'),
)
const phonesOfUsers = preparedPerDatabase((db) =>
  db
    .select()
    .from(phoneNumbers)
    .where(sql`${phoneNumbers.userId} = any(${sql.placeholder('userIds')}::text[])`)
    .prepare('tessera_phones_of_users'),
)

export async function loadUsers(
  db: Database,
  policy: AccessPolicy,
  ids: readonly string[],
): Promise<Map<string, UserWithEmails>> {
  if (ids.length === 0) return new Map()
  const userIds = [...ids]
  const [userRows, emailRows, phoneRows, memberships] = await Promise.all([
    usersByIds(db).execute({ userIds }),
    emailsOfUsers(db).execute({ userIds }),
    phonesOfUsers(db).execute({ userIds }),
    loadMemberships(db, policy, ids),
  ])
  return new Map(
    userRows.map(
      ({
        user,
        passwordEnabled,
        totpEnabled,
        backupCodeEnabled,
        smsSecondFactor,
        passkeys: keys,
        externalAccounts,
      }) => [
        user.id,
        {
          user,
          emails: emailRows.filter((row) => row.userId === user.id),
          phones: phoneRows.filter((row) => row.userId === user.id),
          memberships: memberships.get(user.id) ?? [],
          factors: {
            passwordEnabled,
            totpEnabled,
            backupCodeEnabled,
            twoFactorEnabled: totpEnabled || smsSecondFactor,
            passkeys: keys,
            externalAccounts,
          },
        },
      ],
    ),
  )
}

/** Users as lists name them (full name, primary email address), keyed by id; unknown ids are absent. */
export async function loadPeople(db: Database, ids: Iterable<string>): Promise<Map<string, PersonJSON>> {
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return new Map()
  const rows = await db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      imageDigest: users.imageDigest,
      email: emailAddresses.email,
    })
    .from(users)
    .leftJoin(emailAddresses, and(eq(emailAddresses.userId, users.id), eq(emailAddresses.isPrimary, true)))
    .where(inArray(users.id, wanted))
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: [row.firstName, row.lastName].filter(Boolean).join(' ') || null,
        email: row.email,
        imageUrl: row.imageDigest === null ? null : profileImageUrl(row.id, row.imageDigest),
      },
    ]),
  )
}

export async function deleteUser(db: Database, userId: string): Promise<boolean> {
  const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id })
  return deleted.length > 0
}
