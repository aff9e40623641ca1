/**
 * The one serializer for the client and its sessions: database rows in, wire JSON out. Statuses
 * are evaluated at `now`, so a session whose time has passed is shown as expired or abandoned even
 * before the sweeper has written it down.
 */

import { and, desc, eq, ne, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { clients, sessions } from '../../db/schema.ts'
import type { AccessPolicy } from '../session/entitlements.ts'
import { defaultSecondFactorPhoneId } from '../session/factors.ts'
import { effectiveStatus, timeoutReason } from '../session/lifetime.ts'
import { chooseSession } from '../session/multi-session.ts'
import { CLIENT_SESSIONS_LISTED } from '../session/policy.ts'
import { profileImageUrl } from '../session/profile-image.ts'
import { isSignedInStatus, type TransitionReason } from '../session/status.ts'
import { factorVerificationAge } from '../session/verification.ts'
import type { ClientJSON, PublicUserDataJSON, SessionJSON, UserJSON } from '../session/wire.ts'
import type { SessionRow } from './session-store.server.ts'
import { loadUsers, type UserWithEmails } from './users.server.ts'

const imageUrlOf = (user: { id: string; imageDigest: string | null }) =>
  user.imageDigest === null ? null : profileImageUrl(user.id, user.imageDigest)

export function toUserJSON({ user, emails, phones, memberships, factors }: UserWithEmails): UserJSON {
  const defaultPhone = defaultSecondFactorPhoneId(
    phones.map((phone) => ({ ...phone, verified: phone.verifiedAt !== null })),
  )
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    primaryEmailAddressId: emails.find((email) => email.isPrimary)?.id ?? null,
    emailAddresses: emails.map((email) => ({
      id: email.id,
      emailAddress: email.email,
      verified: email.verifiedAt !== null,
    })),
    primaryPhoneNumberId: phones.find((phone) => phone.isPrimary)?.id ?? null,
    phoneNumbers: phones.map((phone) => ({
      id: phone.id,
      phoneNumber: phone.phoneNumber,
      verified: phone.verifiedAt !== null,
      reservedForSecondFactor: phone.secondFactor && phone.verifiedAt !== null,
      defaultSecondFactor: phone.id === defaultPhone,
    })),
    organizationMemberships: memberships,
    adminRole: user.adminRole,
    imageUrl: imageUrlOf(user),
    hasImage: user.imageDigest !== null,
    username: user.username,
    publicMetadata: user.publicMetadata,
    unsafeMetadata: user.unsafeMetadata,
    ...factors,
    createdAt: user.createdAt.getTime(),
    updatedAt: user.updatedAt.getTime(),
  }
}

export function toPublicUserData({ user, emails }: UserWithEmails): PublicUserDataJSON {
  return {
    userId: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    identifier: emails.find((email) => email.isPrimary)?.email ?? user.id,
    imageUrl: imageUrlOf(user),
    hasImage: user.imageDigest !== null,
    username: null,
    banned: user.bannedAt !== null,
  }
}

/**
 * When and why the session stopped being signed in, as of `now`; for a timeout found on read (not
 * yet recorded by the sweeper), the instant it passed.
 */
export function endOf(row: SessionRow, now: Date): { endedAt: number | null; endReason: TransitionReason | null } {
  const timedOut = timeoutReason(row, now)
  if (timedOut === 'max_lifetime_reached') return { endedAt: row.expireAt.getTime(), endReason: timedOut }
  if (timedOut === 'inactivity_timeout') return { endedAt: row.abandonAt.getTime(), endReason: timedOut }
  return { endedAt: row.endedAt?.getTime() ?? null, endReason: row.endReason }
}

export function toSessionJSON(row: SessionRow, owner: UserWithEmails, now: Date): SessionJSON {
  const status = effectiveStatus(row, now)
  const signedIn = isSignedInStatus(status)
  return {
    id: row.id,
    status,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    lastActiveAt: row.lastActiveAt.getTime(),
    expireAt: row.expireAt.getTime(),
    abandonAt: row.abandonAt.getTime(),
    ...endOf(row, now),
    lastActiveOrganizationId: row.lastActiveOrganizationId,
    actor: row.actor ?? null,
    factorVerificationAge: signedIn
      ? factorVerificationAge(row.firstFactorVerifiedAt, row.secondFactorVerifiedAt, now)
      : null,
    tasks: status === 'pending' ? row.tasks.map((key) => ({ key })) : null,
    user: signedIn ? toUserJSON(owner) : null,
    publicUserData: toPublicUserData(owner),
  }
}

/** The client and its listed sessions, most recently active first: one prepared statement. */
const clientWithSessions = preparedPerDatabase((db) =>
  db
    .select({ client: clients, session: sessions })
    .from(clients)
    .leftJoin(sessions, and(eq(sessions.clientId, clients.id), ne(sessions.status, 'removed')))
    .where(eq(clients.id, sql.placeholder('clientId')))
    .orderBy(desc(sessions.lastActiveAt))
    .limit(CLIENT_SESSIONS_LISTED)
    .prepare('tessera_client_snapshot'),
)

/** The browser's client as its tabs see it, or null if the client no longer exists. */
export async function loadClientSnapshot(
  db: Database,
  policy: AccessPolicy,
  clientId: string,
  now: Date,
): Promise<ClientJSON | null> {
  const joined = await clientWithSessions(db).execute({ clientId })
  const client = joined[0]?.client
  if (!client) return null
  const rows = joined.flatMap((row) => (row.session ? [row.session] : []))
  const owners = await loadUsers(db, policy, [...new Set(rows.map((row) => row.userId))])
  const active = chooseSession(
    rows.map((row) => ({ ...row, status: effectiveStatus(row, now) })),
    client.lastActiveSessionId,
  )
  return {
    id: client.id,
    // Sessions cascade with their user, so every row has its owner.
    sessions: rows.flatMap((row) => {
      const owner = owners.get(row.userId)
      return owner ? [toSessionJSON(row, owner, now)] : []
    }),
    lastActiveSessionId: active?.id ?? null,
    lastAuthenticationStrategy: client.lastAuthenticationStrategy,
    createdAt: client.createdAt.getTime(),
    updatedAt: client.updatedAt.getTime(),
  }
}
