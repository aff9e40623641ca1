/**
 * The one serializer for the client and its sessions: database rows in, wire JSON out. Statuses
 * are evaluated at `now`, so a session whose time has passed is shown as expired or abandoned even
 * before the sweeper has written it down.
 */

import { and, desc, eq, ne, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { preparedPerDatabase } from '../../db/prepared.ts'
import { clients, sessions, users } from '../../db/schema.ts'
import type { AccessPolicy } from '../session/entitlements.ts'
import { defaultSecondFactorPhoneId } from '../session/factors.ts'
import { effectiveStatus, timeoutReason } from '../session/lifetime.ts'
import { chooseSession } from '../session/multi-session.ts'
import { CLIENT_SESSIONS_LISTED } from '../session/policy.ts'
import { profileImageUrl } from '../session/profile-image.ts'
import { isSignedInStatus, type TransitionReason } from '../session/status.ts'
import { factorVerificationAge } from '../session/verification.ts'
import type {
  ClientJSON,
  ExternalAccountJSON,
  PasskeyJSON,
  PublicUserDataJSON,
  SessionJSON,
  UserJSON,
} from '../session/wire.ts'
import { membershipPermissions, roleName, toOrganizationJSON } from './memberships.server.ts'
import type { SessionRow } from './session-store.server.ts'
import type { UserRow, UserWithEmails } from './users.server.ts'

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

// The time columns inside JSON: epoch milliseconds (JSON has no timestamps).
const epochMs = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::bigint`)

/** What a listed session's owner carries only while the session is signed in (its `user`). */
const whileSignedIn = <T>(query: SQL) =>
  sql<T | null>`case when ${sessions.status} in ('active', 'pending') then (${query}) end`

interface EmailJSONRow {
  id: string
  email: string
  isPrimary: boolean
  verifiedAt: number | null
}
interface PhoneJSONRow {
  id: string
  phoneNumber: string
  isPrimary: boolean
  verifiedAt: number | null
  secondFactor: boolean
}
interface MembershipJSONRow {
  id: string
  role: string
  createdAt: number
  organization: { id: string; name: string; slug: string; plan: string | null; createdAt: number; updatedAt: number }
  membersCount: number
}

/**
 * The client, its listed sessions (most recently active first) and each session's owner, in ONE
 * prepared statement (issue 23): the owner's email addresses, and while the session is signed in
 * their phone numbers, memberships (with each organization's member count), factors and passkeys,
 * as JSON beside the row. A session that has ended shows only its owner's public data, so reads
 * none of the rest. Subqueries are written with qualified names: `"users"."id"` is the joined owner.
 */
const clientSnapshotStatement = preparedPerDatabase((db) =>
  db
    .select({
      client: clients,
      session: sessions,
      user: users,
      emails: sql<EmailJSONRow[]>`(
        select coalesce(json_agg(json_build_object(
          'id', e.id, 'email', e.email, 'isPrimary', e.is_primary, 'verifiedAt', ${epochMs('e.verified_at')}
        ) order by e.created_at, e.id), '[]'::json)
        from email_addresses e where e.user_id = "users"."id"
      )`,
      phones: whileSignedIn<PhoneJSONRow[]>(sql`
        select coalesce(json_agg(json_build_object(
          'id', p.id, 'phoneNumber', p.phone_number, 'isPrimary', p.is_primary, 'verifiedAt', ${epochMs('p.verified_at')},
          'secondFactor', p.second_factor
        ) order by p.created_at, p.id), '[]'::json)
        from phone_numbers p where p.user_id = "users"."id"
      `),
      memberships: whileSignedIn<MembershipJSONRow[]>(sql`
        select coalesce(json_agg(json_build_object(
          'id', m.id, 'role', m.role, 'createdAt', ${epochMs('m.created_at')},
          'organization', json_build_object(
            'id', o.id, 'name', o.name, 'slug', o.slug, 'plan', o.plan,
            'createdAt', ${epochMs('o.created_at')}, 'updatedAt', ${epochMs('o.updated_at')}
          ),
          'membersCount', (select count(*) from organization_memberships c where c.organization_id = o.id)
        ) order by o.name, o.id), '[]'::json)
        from organization_memberships m join organizations o on o.id = m.organization_id
        where m.user_id = "users"."id"
      `),
      passwordEnabled: whileSignedIn<boolean>(
        sql`select exists (select 1 from password_credentials pc where pc.user_id = "users"."id")`,
      ),
      totpEnabled: whileSignedIn<boolean>(
        sql`select exists (select 1 from totp_credentials t where t.user_id = "users"."id" and t.verified_at is not null)`,
      ),
      backupCodeEnabled: whileSignedIn<boolean>(
        sql`select exists (select 1 from backup_codes b where b.user_id = "users"."id" and b.used_at is null)`,
      ),
      smsSecondFactor: whileSignedIn<boolean>(sql`
        select exists (select 1 from phone_numbers s
          where s.user_id = "users"."id" and s.second_factor and s.verified_at is not null)
      `),
      passkeys: whileSignedIn<PasskeyJSON[]>(sql`
        select coalesce(json_agg(json_build_object(
          'id', k.id, 'name', k.name, 'createdAt', ${epochMs('k.created_at')},
          'lastUsedAt', ${epochMs('k.last_used_at')}, 'synced', k.backed_up
        ) order by k.created_at, k.id), '[]'::json)
        from passkeys k where k.user_id = "users"."id"
      `),
      externalAccounts: whileSignedIn<ExternalAccountJSON[]>(sql`
        select coalesce(json_agg(json_build_object(
          'id', x.id, 'provider', x.provider, 'providerUserId', x.subject,
          'emailAddress', coalesce(x.email, ''), 'firstName', x.first_name, 'lastName', x.last_name,
          'username', x.username,
          'verification', json_build_object(
            'status', case when x.email_verified then 'verified' else 'unverified' end,
            'strategy', 'oauth_' || x.provider
          ),
          'createdAt', ${epochMs('x.created_at')}, 'lastSignedInAt', ${epochMs('x.last_signed_in_at')}
        ) order by x.created_at, x.id), '[]'::json)
        from oauth_identities x where x.user_id = "users"."id"
      `),
    })
    .from(clients)
    .leftJoin(sessions, and(eq(sessions.clientId, clients.id), ne(sessions.status, 'removed')))
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(eq(clients.id, sql.placeholder('clientId')))
    .orderBy(desc(sessions.lastActiveAt))
    .limit(CLIENT_SESSIONS_LISTED)
    .prepare('tessera_client_snapshot_one'),
)

const dateOf = (ms: number | null) => (ms === null ? null : new Date(Number(ms)))

type SnapshotRow = Awaited<ReturnType<ReturnType<typeof clientSnapshotStatement>['execute']>>[number]

function ownerOf(row: SnapshotRow, user: UserRow, policy: AccessPolicy): UserWithEmails {
  const totpEnabled = row.totpEnabled ?? false
  return {
    user,
    emails: (row.emails ?? []).map((email) => ({ ...email, verifiedAt: dateOf(email.verifiedAt) })),
    phones: (row.phones ?? []).map((phone) => ({ ...phone, verifiedAt: dateOf(phone.verifiedAt) })),
    memberships: (row.memberships ?? []).map(({ id, role, createdAt, organization, membersCount }) => ({
      id,
      organization: toOrganizationJSON(
        policy,
        {
          ...organization,
          createdAt: new Date(Number(organization.createdAt)),
          updatedAt: new Date(Number(organization.updatedAt)),
        },
        Number(membersCount),
      ),
      role,
      roleName: roleName(policy, role),
      permissions: membershipPermissions(policy, organization, role),
      createdAt: Number(createdAt),
    })),
    factors: {
      passwordEnabled: row.passwordEnabled ?? false,
      totpEnabled,
      backupCodeEnabled: row.backupCodeEnabled ?? false,
      twoFactorEnabled: totpEnabled || (row.smsSecondFactor ?? false),
      passkeys: row.passkeys ?? [],
      externalAccounts: row.externalAccounts ?? [],
    },
  }
}

/** The browser's client as its tabs see it, or null if the client no longer exists: one statement. */
export async function loadClientSnapshot(
  db: Database,
  policy: AccessPolicy,
  clientId: string,
  now: Date,
): Promise<ClientJSON | null> {
  const joined = await clientSnapshotStatement(db).execute({ clientId })
  const client = joined[0]?.client
  if (!client) return null
  // Sessions cascade with their user, so every session has its owner.
  const listed = joined.flatMap((row) =>
    row.session && row.user ? [{ row, session: row.session, user: row.user }] : [],
  )
  const active = chooseSession(
    listed.map(({ session }) => ({ ...session, status: effectiveStatus(session, now) })),
    client.lastActiveSessionId,
  )
  return {
    id: client.id,
    sessions: listed.map(({ row, session, user }) => toSessionJSON(session, ownerOf(row, user, policy), now)),
    lastActiveSessionId: active?.id ?? null,
    lastAuthenticationStrategy: client.lastAuthenticationStrategy,
    createdAt: client.createdAt.getTime(),
    updatedAt: client.updatedAt.getTime(),
  }
}
