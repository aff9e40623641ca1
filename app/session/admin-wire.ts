/**
 * The JSON shapes of the admin console and of the ledger as people read it (the console's ledger,
 * and a user's own activity). Times are epoch milliseconds, as in wire.ts.
 */

import type { ActorJSON } from './actors.ts'
import type { AdminRole } from './admin.ts'
import type { ChartBucketJSON } from './admin-chart.ts'
import type { SessionStatus, TransitionReason } from './status.ts'
import type { SigningAlgorithm, SigningKeyStatus } from './tokens.ts'
import type { DeviceJSON, SessionEventJSON } from './wire.ts'

/** One page of a list, newest first; `hasMore` says whether an older page exists. */
export interface PageJSON<T> {
  items: T[]
  page: number
  hasMore: boolean
}

/** One page of a keyset list (app/session/keyset.ts), newest first; `nextCursor` asks for the next, null on the last. */
export interface CursorPageJSON<T> {
  items: T[]
  nextCursor: string | null
}

/** A person as a list names them: their name when they gave one, their primary email address. */
export interface PersonJSON {
  id: string
  name: string | null
  email: string | null
  /** Their profile image, where the list shows one. */
  imageUrl?: string | null
}

/** A plan the admin may choose (app.config.ts `plans`, for users or for organizations). */
export interface PlanOptionJSON {
  key: string
  name: string
  default: boolean
}

/** A user's or organization's plan: the one assigned (null: none) and the one in force. */
export interface AssignedPlanJSON {
  assigned: string | null
  effective: string | null
}

export interface AdminUserJSON {
  id: string
  firstName: string | null
  lastName: string | null
  /** The primary email address and phone number. */
  email: string | null
  phoneNumber: string | null
  adminRole: AdminRole | null
  bannedAt: number | null
  createdAt: number
  /** The profile image (a same-origin, immutable URL), or null when the user has none. */
  imageUrl: string | null
}

export interface AdminUserDetailJSON {
  user: AdminUserJSON & {
    banReason: string | null
    lockedUntil: number | null
    plan: AssignedPlanJSON
  }
  emailAddresses: Array<{ id: string; emailAddress: string; primary: boolean; verified: boolean }>
  phoneNumbers: Array<{ id: string; phoneNumber: string; primary: boolean; verified: boolean; secondFactor: boolean }>
  factors: {
    password: { enrolled: boolean; compromised: boolean }
    totp: boolean
    passkeys: Array<{ id: string; name: string; createdAt: number; lastUsedAt: number | null }>
    backupCodesRemaining: number
  }
  memberships: Array<{ organizationId: string; name: string; slug: string; roleName: string }>
  /** Signed-in sessions now, and every session the user ever had. */
  sessions: { active: number; pending: number; total: number }
  /** The user plans the admin may assign. */
  plans: PlanOptionJSON[]
}

/** The factors an admin can remove from an account. */
export type RemovableFactor =
  | { kind: 'totp' }
  | { kind: 'passkey'; passkeyId: string }
  | { kind: 'sms_second_factor'; phoneNumberId: string }
  | { kind: 'backup_codes' }

export interface AdminSessionJSON {
  id: string
  /** Evaluated now: a session whose time has passed shows as expired or abandoned. */
  status: SessionStatus
  user: PersonJSON
  clientId: string
  createdAt: number
  lastActiveAt: number
  expireAt: number
  endedAt: number | null
  endReason: TransitionReason | null
  ipAddress: string | null
  device: DeviceJSON
  /** The impersonator or agent acting in it, and the impersonating admin's name when known. */
  actor: ActorJSON | null
  actorName: string | null
  /** The admin's own session (never revoked from the console). */
  current: boolean
}

export interface AdminOrganizationJSON {
  id: string
  name: string
  slug: string
  membersCount: number
  plan: AssignedPlanJSON
  createdAt: number
}

export interface AdminOrganizationsJSON extends PageJSON<AdminOrganizationJSON> {
  /** The organization plans the admin may assign. */
  plans: PlanOptionJSON[]
}

export interface SigningKeyJSON {
  kid: string
  algorithm: SigningAlgorithm
  status: SigningKeyStatus
  createdAt: number
  /** When it starts (or started) signing. */
  signsFrom: number
  /** Active but not signing yet: published in advance, it signs from `signsFrom`. */
  publishing: boolean
  retiredAt: number | null
  revokedAt: number | null
}

export interface DashboardJSON {
  counts: {
    /** Signed-in sessions whose time has not passed. */
    activeSessions: number
    pendingSessions: number
    users: number
    bannedUsers: number
    organizations: number
    admins: number
  }
  /** Sign-ins and failed sign-ins per bucket, oldest first. */
  chart: ChartBucketJSON[]
  bucketSeconds: number
}

/** A ledger row with the people it names. */
export interface LedgerEventJSON extends SessionEventJSON {
  /** The session it happened to, or the admin session an admin action came from. */
  sessionId: string | null
  /** Whom it concerns. */
  user: PersonJSON | null
  /** Who did it (the user or an admin), when a person did. */
  actorUser: PersonJSON | null
  /** The impersonating admin or the agent behind the session that did it. */
  impersonator: PersonJSON | null
  /** The Backend API secret key it was done with (actor `secret_key`, ADR 027), by name and hint. */
  secretKey: { id: string; name: string | null; hint: string | null } | null
}
