/**
 * The testing API's gate and its helpers. The API exists only when TESSERA_TESTING_TOKEN is set
 * (the e2e harness sets it for its own server) and answers only requests bearing that token;
 * otherwise it is a plain 404.
 */

import { randomBytes } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import { Secret } from 'otpauth'
import type { Database } from '../../db/client.ts'
import {
  organizationMemberships,
  organizations,
  passwordCredentials,
  phoneNumbers,
  sessions,
  totpCredentials,
  users,
} from '../../db/schema.ts'
import type { AdminRole } from '../session/admin.ts'
import { slugify } from '../session/organizations.ts'
import { TOTP_SECRET_BYTES } from '../session/policy.ts'
import { setAdminRole } from './admin.server.ts'
import { replaceBackupCodes } from './backup-codes.server.ts'
import { newId, safeEqual } from './crypto.server.ts'
import { getEnv } from './env.server.ts'
import { hashPassword } from './passwords.server.ts'
import { seal } from './secret-box.server.ts'
import { createUser, deleteUser } from './users.server.ts'

/** Whether `presented` (the request's bearer credential) is the testing token, when one is set. */
export function isTestingToken(presented: string | null): boolean {
  const expected = getEnv().TESSERA_TESTING_TOKEN
  return Boolean(expected && presented !== null && safeEqual(presented, expected))
}

export interface TestUserInput {
  email: string
  /** Null: an account without a password (codes and passkeys only). */
  password: string | null
  firstName: string | null
  lastName: string | null
  /** A verified phone number, which also receives second-factor codes when `smsSecondFactor`. */
  phoneNumber?: string | null
  smsSecondFactor?: boolean
  /** A confirmed authenticator app; its secret is returned so tests can compute codes. */
  totp?: boolean
  /** A set of backup codes, returned. */
  backupCodes?: boolean
  /** Marks the password compromised (as an administrator would). */
  passwordCompromised?: boolean
  /** The terms version the user has accepted. */
  acceptedTermsVersion?: string | null
  /** Organizations made for the user, each with them as a member in `role` (default org:admin). */
  organizations?: Array<{ name: string; role?: string }>
  /** An instance admin role (what `npm run admin -- grant` gives). */
  adminRole?: AdminRole | null
}

/** Creates a user, with verified identifiers and whatever factors the test asks for, at once. */
export async function createTestUser(db: Database, input: TestUserInput, now: Date) {
  return db.transaction(async (tx) => {
    const user = await createUser(
      tx,
      {
        email: input.email,
        passwordHash: input.password === null ? null : await hashPassword(input.password),
        firstName: input.firstName,
        lastName: input.lastName,
        emailVerified: true,
      },
      now,
    )
    let phoneNumberId: string | null = null
    if (input.phoneNumber) {
      phoneNumberId = newId('phone')
      await tx.insert(phoneNumbers).values({
        id: phoneNumberId,
        userId: user.id,
        phoneNumber: input.phoneNumber,
        isPrimary: true,
        verifiedAt: now,
        secondFactor: input.smsSecondFactor ?? false,
        createdAt: now,
      })
    }
    let totpSecret: string | null = null
    if (input.totp) {
      totpSecret = new Secret({ buffer: randomBytes(TOTP_SECRET_BYTES).buffer }).base32
      await tx.insert(totpCredentials).values({
        userId: user.id,
        secretEncrypted: await seal(totpSecret, 'totp-secret-encryption'),
        verifiedAt: now,
        createdAt: now,
      })
    }
    const backupCodes = input.backupCodes ? await replaceBackupCodes(tx, user.id, now) : null
    if (input.passwordCompromised)
      await tx.update(passwordCredentials).set({ compromisedAt: now }).where(eq(passwordCredentials.userId, user.id))
    if (input.acceptedTermsVersion)
      await tx
        .update(users)
        .set({ acceptedTermsVersion: input.acceptedTermsVersion, acceptedTermsAt: now })
        .where(eq(users.id, user.id))
    if (input.adminRole) await setAdminRole(tx, user.id, input.adminRole, now)
    const organizationsMade = []
    for (const organization of input.organizations ?? []) {
      const id = newId('organization')
      // A random suffix keeps slugs unique across parallel tests.
      const slug = `${slugify(organization.name).slice(0, 30) || 'org'}-${randomBytes(4).toString('hex')}`
      await tx
        .insert(organizations)
        .values({ id, name: organization.name, slug, createdBy: user.id, createdAt: now, updatedAt: now })
      await tx.insert(organizationMemberships).values({
        id: newId('membership'),
        organizationId: id,
        userId: user.id,
        role: organization.role ?? 'org:admin',
        createdAt: now,
        updatedAt: now,
      })
      organizationsMade.push({ id, slug, name: organization.name })
    }
    return { id: user.id, phoneNumberId, totpSecret, backupCodes, organizations: organizationsMade }
  })
}

/**
 * Deletes a test user and every organization they belong to (tests never share organizations, so
 * a run leaves none behind). Returns whether the user existed.
 */
export async function deleteTestUser(db: Database, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx
      .delete(organizations)
      .where(
        inArray(
          organizations.id,
          tx
            .select({ id: organizationMemberships.organizationId })
            .from(organizationMemberships)
            .where(eq(organizationMemberships.userId, userId)),
        ),
      )
    return deleteUser(tx, userId)
  })
}

/** Moves every factor verification time of the user's sessions `minutes` into the past. */
export async function ageVerifiedFactors(db: Database, userId: string, minutes: number): Promise<number> {
  const shift = (column: typeof sessions.firstFactorVerifiedAt) =>
    sql`${column} - make_interval(mins => ${minutes}::int)`
  const updated = await db
    .update(sessions)
    .set({
      firstFactorVerifiedAt: shift(sessions.firstFactorVerifiedAt),
      secondFactorVerifiedAt: shift(sessions.secondFactorVerifiedAt),
    })
    .where(eq(sessions.userId, userId))
    .returning({ id: sessions.id })
  return updated.length
}
