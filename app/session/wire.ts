/**
 * The JSON shapes that cross the server-function boundary: the client (browser) and its sessions.
 * Times are Unix epoch milliseconds, as in the reference's Frontend API; the client-side resources
 * turn them into `Date`s.
 */

import type { JsonValue } from './json.ts'
import type { SessionStatus, TransitionReason } from './status.ts'

export interface EmailAddressJSON {
  id: string
  emailAddress: string
  verified: boolean
}

export interface UserJSON {
  id: string
  firstName: string | null
  lastName: string | null
  primaryEmailAddressId: string | null
  emailAddresses: EmailAddressJSON[]
  createdAt: number
  updatedAt: number
}

/** The safe-to-show subset of a user, present for every session (e.g. in account switchers). */
export interface PublicUserDataJSON {
  userId: string
  firstName: string | null
  lastName: string | null
  /** The primary email address, or the user id when there is none. */
  identifier: string
  imageUrl: string | null
  hasImage: boolean
}

/** The impersonator or agent acting in a session (the JWT `act` claim). */
export type ActorJSON = { sub: string; type?: 'agent' } & { [key: string]: JsonValue }

export interface SessionTaskJSON {
  key: string
}

export interface SessionJSON {
  id: string
  status: SessionStatus
  createdAt: number
  updatedAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
  /** When and why the session stopped being signed in (null while signed in). */
  endedAt: number | null
  endReason: TransitionReason | null
  lastActiveOrganizationId: string | null
  actor: ActorJSON | null
  /** Minutes since the first and second factor were last verified; -1: never or not enrolled. */
  factorVerificationAge: [number, number] | null
  tasks: SessionTaskJSON[] | null
  /** Present only while the session is signed in. */
  user: UserJSON | null
  publicUserData: PublicUserDataJSON
}

export interface ClientJSON {
  id: string
  /** This browser's sessions, most recently active first; sessions the user removed are left out. */
  sessions: SessionJSON[]
  /** The session a full page load renders as; null when nobody is signed in. */
  lastActiveSessionId: string | null
  createdAt: number
  updatedAt: number
}

/** What a User-Agent string says about the device a session runs on. */
export interface DeviceJSON {
  /** "Chrome 156", or null when unknown. */
  browser: string | null
  /** "Linux", "macOS 15", or null when unknown. */
  os: string | null
  type: 'desktop' | 'mobile' | 'tablet' | 'unknown'
}

/** One of the user's sessions, as the devices list shows it. */
export interface DeviceSessionJSON {
  id: string
  status: SessionStatus
  /** The session this request acts as. */
  current: boolean
  createdAt: number
  lastActiveAt: number
  expireAt: number
  abandonAt: number
  endedAt: number | null
  endReason: TransitionReason | null
  ipAddress: string | null
  device: DeviceJSON
  /** Set when an impersonator or agent acts in this session. */
  actor: ActorJSON | null
}

/** One entry of the session ledger. */
export interface SessionEventJSON {
  id: number
  type: 'created' | 'status_changed'
  fromStatus: SessionStatus | null
  toStatus: SessionStatus | null
  reason: TransitionReason | null
  actor: 'user' | 'admin' | 'system'
  ipAddress: string | null
  device: DeviceJSON | null
  createdAt: number
}

export interface SessionTimelineJSON {
  session: DeviceSessionJSON
  events: SessionEventJSON[]
}
