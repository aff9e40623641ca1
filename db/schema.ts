/**
 * The database schema. Enums are built from the domain's literal tuples, so a status or reason
 * cannot exist in the database without existing in `app/session/` (and the reverse fails to
 * migrate). Times are `timestamptz`; ids are prefixed random strings made in application code.
 */

import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { SESSION_EVENT_ACTORS, SESSION_EVENT_TYPES } from '../app/session/events.ts'
import { SESSION_STATUSES, TRANSITION_REASONS } from '../app/session/status.ts'
import { SIGNING_ALGORITHMS, SIGNING_KEY_STATUSES } from '../app/session/tokens.ts'
import type { ActorJSON } from '../app/session/wire.ts'

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const sessionStatus = pgEnum('session_status', SESSION_STATUSES)
export const transitionReason = pgEnum('transition_reason', TRANSITION_REASONS)
export const sessionEventType = pgEnum('session_event_type', SESSION_EVENT_TYPES)
export const sessionEventActor = pgEnum('session_event_actor', SESSION_EVENT_ACTORS)
export const signingAlgorithm = pgEnum('signing_algorithm', SIGNING_ALGORITHMS)
export const signingKeyStatus = pgEnum('signing_key_status', SIGNING_KEY_STATUSES)

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
})

export const emailAddresses = pgTable(
  'email_addresses',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Canonical (NFKC-checked, lower-cased) form; see `normalizeEmail`. */
    email: text('email').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    verifiedAt: timestamptz('verified_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('email_addresses_email_key').on(table.email),
    index('email_addresses_user_id_idx').on(table.userId),
    uniqueIndex('email_addresses_one_primary_per_user').on(table.userId).where(sql`${table.isPrimary}`),
  ],
)

export const passwordCredentials = pgTable('password_credentials', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
  hash: text('hash').notNull(),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
})

/** One row per browser. The browser holds a 256-bit token; only its SHA-256 is stored. */
export const clients = pgTable(
  'clients',
  {
    id: text('id').primaryKey(),
    /** Hex SHA-256 of the client token. The token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    /** The session this browser used most recently; what a full page load renders as. */
    lastActiveSessionId: text('last_active_session_id').references((): AnyPgColumn => sessions.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [uniqueIndex('clients_token_hash_key').on(table.tokenHash)],
)

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: sessionStatus('status').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    lastActiveAt: timestamptz('last_active_at').notNull(),
    /** `createdAt + maxLifetime`; fixed. */
    expireAt: timestamptz('expire_at').notNull(),
    /** `lastActiveAt + inactivityTimeout`, never past `expireAt`; slides with activity. */
    abandonAt: timestamptz('abandon_at').notNull(),
    /** The inactivity timeout this session was created under (null: off), so `abandonAt` slides consistently. */
    inactivityTimeoutSeconds: integer('inactivity_timeout_seconds'),
    firstFactorVerifiedAt: timestamptz('first_factor_verified_at'),
    secondFactorVerifiedAt: timestamptz('second_factor_verified_at'),
    /** Impersonator or agent (`{ sub, type? }`); null for the user's own sessions. */
    actor: jsonb('actor').$type<ActorJSON>(),
    lastActiveOrganizationId: text('last_active_organization_id'),
    /** When and why the session stopped being signed in. */
    endedAt: timestamptz('ended_at'),
    endReason: transitionReason('end_reason'),
    /** Latest request metadata, for the devices list. */
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (table) => [
    index('sessions_client_id_idx').on(table.clientId),
    index('sessions_user_id_status_idx').on(table.userId, table.status),
    // The sweeper's scan: signed-in sessions whose inactivity or absolute limit has passed
    // (abandonAt <= expireAt, so one column finds both).
    index('sessions_signed_in_abandon_at_idx').on(table.abandonAt).where(sql`${table.status} in ('active', 'pending')`),
  ],
)

/** The session ledger: every status change with its cause, who caused it and from where. */
export const sessionEvents = pgTable(
  'session_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    type: sessionEventType('type').notNull(),
    fromStatus: sessionStatus('from_status'),
    toStatus: sessionStatus('to_status'),
    reason: transitionReason('reason'),
    actor: sessionEventActor('actor').notNull(),
    /** The user or admin who caused it, when not the system. */
    actorUserId: text('actor_user_id'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [index('session_events_session_id_idx').on(table.sessionId, table.createdAt)],
)

/**
 * Keys that sign session tokens. The private key is stored encrypted (JWE, A256GCM, with a key
 * derived from TESSERA_SECRET); the public key is published in the JWKS while the key is active or
 * retiring.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    /** RFC 7638 thumbprint of the public key. */
    kid: text('kid').primaryKey(),
    algorithm: signingAlgorithm('algorithm').notNull(),
    status: signingKeyStatus('status').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    /** When it stopped signing (rotation); published until this plus the overlap. */
    retiredAt: timestamptz('retired_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [uniqueIndex('signing_keys_one_active').on(table.status).where(sql`${table.status} = 'active'`)],
)
