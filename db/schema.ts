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
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import type { ActorJSON } from '../app/session/actors.ts'
import { ACTOR_TOKEN_KINDS, ACTOR_TOKEN_STATUSES } from '../app/session/actors.ts'
import { ADMIN_ROLES } from '../app/session/admin.ts'
import { CODE_CHANNELS, CODE_PURPOSES } from '../app/session/codes.ts'
import { DEVICE_TYPES } from '../app/session/devices.ts'
import type { Federation } from '../app/session/enterprise-sso.ts'
import { SSO_TRANSACTION_PURPOSES } from '../app/session/enterprise-sso.ts'
import { SESSION_EVENT_TYPES } from '../app/session/events.ts'
import {
  FIRST_FACTOR_STRATEGIES,
  IDENTIFIER_KINDS,
  OAUTH_PROVIDERS,
  SECOND_FACTOR_STRATEGIES,
  SENT_STRATEGIES,
  WEBAUTHN_CEREMONIES,
} from '../app/session/factors.ts'
import { INVITATION_STATUSES } from '../app/session/organizations.ts'
import { SESSION_VERIFICATION_STATUSES, VERIFICATION_LEVELS } from '../app/session/reverification.ts'
import { SIGN_IN_STATUSES, SIGN_UP_STATUSES } from '../app/session/sign-in.ts'
import { SOCIAL_TRIP_PURPOSES } from '../app/session/social.ts'
import { SESSION_EVENT_ACTORS, SESSION_STATUSES, TRANSITION_REASONS } from '../app/session/status.ts'
import { SESSION_TASK_KEYS } from '../app/session/tasks.ts'
import { SIGNING_ALGORITHMS, SIGNING_KEY_STATUSES } from '../app/session/tokens.ts'
import type { JsonObject } from '../app/session/user-profile.ts'
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from '../app/session/webhooks.ts'

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
/** Binary data: a Buffer from postgres.js, a Uint8Array from PGlite. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

export const sessionStatus = pgEnum('session_status', SESSION_STATUSES)
export const transitionReason = pgEnum('transition_reason', TRANSITION_REASONS)
export const sessionEventType = pgEnum('session_event_type', SESSION_EVENT_TYPES)
export const sessionEventActor = pgEnum('session_event_actor', SESSION_EVENT_ACTORS)
export const signingAlgorithm = pgEnum('signing_algorithm', SIGNING_ALGORITHMS)
export const signingKeyStatus = pgEnum('signing_key_status', SIGNING_KEY_STATUSES)
export const webauthnCeremony = pgEnum('webauthn_ceremony', WEBAUTHN_CEREMONIES)
export const firstFactorStrategy = pgEnum('first_factor_strategy', FIRST_FACTOR_STRATEGIES)
export const secondFactorStrategy = pgEnum('second_factor_strategy', SECOND_FACTOR_STRATEGIES)
export const identifierKind = pgEnum('identifier_kind', IDENTIFIER_KINDS)
export const signInStatus = pgEnum('sign_in_status', SIGN_IN_STATUSES)
export const signUpStatus = pgEnum('sign_up_status', SIGN_UP_STATUSES)
export const codePurpose = pgEnum('code_purpose', CODE_PURPOSES)
export const codeChannel = pgEnum('code_channel', CODE_CHANNELS)
export const sentStrategy = pgEnum('sent_strategy', SENT_STRATEGIES)
export const verificationLevel = pgEnum('verification_level', VERIFICATION_LEVELS)
export const sessionVerificationStatus = pgEnum('session_verification_status', SESSION_VERIFICATION_STATUSES)
export const sessionTaskKey = pgEnum('session_task_key', SESSION_TASK_KEYS)
export const invitationStatus = pgEnum('invitation_status', INVITATION_STATUSES)
export const adminRole = pgEnum('admin_role', ADMIN_ROLES)
export const actorTokenKind = pgEnum('actor_token_kind', ACTOR_TOKEN_KINDS)
export const actorTokenStatus = pgEnum('actor_token_status', ACTOR_TOKEN_STATUSES)
export const webhookEventType = pgEnum('webhook_event_type', WEBHOOK_EVENT_TYPES)
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', WEBHOOK_DELIVERY_STATUSES)
export const deviceType = pgEnum('device_type', DEVICE_TYPES)
export const ssoTransactionPurpose = pgEnum('sso_transaction_purpose', SSO_TRANSACTION_PURPOSES)
export const oauthProvider = pgEnum('oauth_provider', OAUTH_PROVIDERS)
export const socialTripPurpose = pgEnum('social_trip_purpose', SOCIAL_TRIP_PURPOSES)

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** Consecutive failed verifications of any factor; a success resets it (see app/session/lockout.ts). */
    failedVerificationAttempts: integer('failed_verification_attempts').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    /** The version of the terms (app.config.ts `terms`) the user last accepted, and when. */
    acceptedTermsVersion: text('accepted_terms_version'),
    acceptedTermsAt: timestamptz('accepted_terms_at'),
    /** A user plan key (app.config.ts `plans`); null: the default user plan. */
    plan: text('plan'),
    /** An instance admin's role (app/session/admin.ts); null for everyone else. */
    adminRole: adminRole('admin_role'),
    /** Set by an admin: the user cannot sign in, and every session they had was revoked with the ban. */
    bannedAt: timestamptz('banned_at'),
    banReason: text('ban_reason'),
    /** The content hash of the profile image (a row in profile_images), or null: its URL names it. */
    imageDigest: text('image_digest'),
    /** Lower-case (app/session/user-profile.ts); null without one, and always when usernames are off. */
    username: text('username').unique('users_username_key'),
    /** Set by the backend only; the user reads it (bounded: USER_METADATA_MAX_BYTES). */
    publicMetadata: jsonb('public_metadata').$type<JsonObject>().notNull().default({}),
    /** Written by the user from the browser (`user.update({ unsafeMetadata })`); never trusted (same bound). */
    unsafeMetadata: jsonb('unsafe_metadata').$type<JsonObject>().notNull().default({}),
    /** Written by the app's server only (`clerkClient().users.updateUserMetadata`); never sent to the browser (same bound). */
    privateMetadata: jsonb('private_metadata').$type<JsonObject>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  // The admin console's keyset pages of users, newest first.
  (table) => [index('users_created_at_idx').on(table.createdAt, table.id)],
)

/**
 * The lockout count of an identifier nobody has (an account's is on `users`): wrong answers for an
 * unknown email address or phone number count and lock the same way, so the warnings and the lock
 * do not tell accounts apart (docs/decisions/024-impersonation-and-lockout.md). Keyed by the
 * identifier's SHA-256, never the identifier; the sweeper deletes rows that have gone quiet.
 */
export const identifierLockouts = pgTable(
  'identifier_lockouts',
  {
    identifierHash: text('identifier_hash').primaryKey(),
    failedVerificationAttempts: integer('failed_verification_attempts').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [index('identifier_lockouts_updated_at_idx').on(table.updatedAt)],
)

/**
 * A link that unlocks a locked account, emailed to its primary address when it locks: following it
 * proves the address. Only the SHA-256 of its secret is kept; it works once, until the lock ends.
 */
export const accountUnlockTokens = pgTable(
  'account_unlock_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    consumedAt: timestamptz('consumed_at'),
  },
  (table) => [
    index('account_unlock_tokens_user_id_idx').on(table.userId),
    index('account_unlock_tokens_expires_at_idx').on(table.expiresAt),
  ],
)

/** A user's profile image: at most one, already resized and stripped of metadata. */
export const profileImages = pgTable('profile_images', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** base64url SHA-256 of `bytes`; the image's URL names it, so a new image gets a new URL. */
  digest: text('digest').notNull(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamptz('created_at').notNull(),
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
    // An address identifies one account once verified; until then anyone may claim it, so nobody
    // can squat on another person's address by adding it unverified.
    uniqueIndex('email_addresses_verified_email_key').on(table.email).where(sql`${table.verifiedAt} is not null`),
    uniqueIndex('email_addresses_user_email_key').on(table.userId, table.email),
    index('email_addresses_user_id_idx').on(table.userId),
    uniqueIndex('email_addresses_one_primary_per_user').on(table.userId).where(sql`${table.isPrimary}`),
  ],
)

export const phoneNumbers = pgTable(
  'phone_numbers',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** E.164 (`+14155550123`); see `normalizePhone`. */
    phoneNumber: text('phone_number').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
    verifiedAt: timestamptz('verified_at'),
    /** Receives second-factor codes at sign-in (only ever set on a verified number). */
    secondFactor: boolean('second_factor').notNull().default(false),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('phone_numbers_verified_key').on(table.phoneNumber).where(sql`${table.verifiedAt} is not null`),
    uniqueIndex('phone_numbers_user_phone_key').on(table.userId, table.phoneNumber),
    index('phone_numbers_user_id_idx').on(table.userId),
    uniqueIndex('phone_numbers_one_primary_per_user').on(table.userId).where(sql`${table.isPrimary}`),
  ],
)

export const passwordCredentials = pgTable('password_credentials', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
  hash: text('hash').notNull(),
  /** Set by an administrator: this password never signs in alone again and must be replaced. */
  compromisedAt: timestamptz('compromised_at'),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
})

/** An authenticator app (RFC 6238). The secret is stored encrypted; null `verifiedAt` means set-up is unconfirmed. */
export const totpCredentials = pgTable('totp_credentials', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** JWE (A256GCM) of the base32 secret, under a key derived from TESSERA_SECRET. */
  secretEncrypted: text('secret_encrypted').notNull(),
  verifiedAt: timestamptz('verified_at'),
  /** The last RFC 6238 time step accepted: no step at or below it is accepted again. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamptz('created_at').notNull(),
})

/** Backup codes: each a salted Argon2id hash of a 65-bit code, used at most once. */
export const backupCodes = pgTable(
  'backup_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamptz('used_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [index('backup_codes_user_id_idx').on(table.userId)],
)

/** WebAuthn credentials (passkeys): discoverable, user-verifying. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential id (base64url), as the authenticator reports it. */
    credentialId: text('credential_id').notNull(),
    /** The COSE public key (base64url). */
    publicKey: text('public_key').notNull(),
    /** The signature counter; 0 for authenticators that do not count. Updated with compare-and-set. */
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: jsonb('transports').$type<string[]>().notNull(),
    /** `singleDevice` or `multiDevice` (synced). */
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull(),
    name: text('name').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (table) => [
    uniqueIndex('passkeys_credential_id_key').on(table.credentialId),
    index('passkeys_user_id_idx').on(table.userId),
  ],
)

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
    /** The first factor of the latest sign-in or sign-up here (the reference's `lastAuthenticationStrategy`). */
    lastAuthenticationStrategy: firstFactorStrategy('last_authentication_strategy'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('clients_token_hash_key').on(table.tokenHash),
    // Deleting a session (the sweeper's retention) sets pointers to it to null: found by index.
    index('clients_last_active_session_id_idx')
      .on(table.lastActiveSessionId)
      .where(sql`${table.lastActiveSessionId} is not null`),
    // The sweeper deletes browsers whose cookie has expired and that hold no session.
    index('clients_updated_at_idx').on(table.updatedAt),
  ],
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
    /** The organization the session acts for (`setActive({ organization })`); null: the personal account. */
    lastActiveOrganizationId: text('last_active_organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    /** Session tasks still owed, in order (app/session/tasks.ts); a pending session owes at least one. */
    tasks: sessionTaskKey('tasks').array().notNull().default(sql`'{}'`),
    /**
     * A session made or last step-up verified through enterprise SSO: the connection, and what the
     * IdP's ID token said about the authentication (ASVS 7.1.3, 6.8.4). Our own lifetime limits
     * still run from our sign-in, not the IdP's `auth_time`.
     */
    enterpriseConnectionId: text('enterprise_connection_id').references(() => enterpriseConnections.id, {
      onDelete: 'set null',
    }),
    federatedAuthTime: timestamptz('federated_auth_time'),
    federatedAmr: text('federated_amr').array(),
    federatedAcr: text('federated_acr'),
    /** When and why the session stopped being signed in. */
    endedAt: timestamptz('ended_at'),
    endReason: transitionReason('end_reason'),
    /** Latest request metadata, for the devices list. */
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    /**
     * What `userAgent` says about the device, read once when the session is created or its
     * User-Agent changes (app/server/user-agent.server.ts), so lists never parse. A null type: not
     * read yet (a row from before migration 0014; the sweeper reads those).
     */
    deviceBrowser: text('device_browser'),
    deviceOs: text('device_os'),
    deviceType: deviceType('device_type'),
  },
  (table) => [
    index('sessions_client_id_idx').on(table.clientId),
    index('sessions_user_id_status_idx').on(table.userId, table.status),
    // Keyset pages, most recently active first: a user's devices list, and the admin console's sessions.
    index('sessions_user_id_last_active_at_idx').on(table.userId, table.lastActiveAt, table.id),
    index('sessions_last_active_at_idx').on(table.lastActiveAt, table.id),
    // The sweeper's backfill of device columns for rows from before they existed (empty once done).
    index('sessions_device_unread_idx')
      .on(table.id)
      .where(sql`${table.deviceType} is null and ${table.userAgent} is not null`),
    // The sweeper's scan: signed-in sessions whose inactivity or absolute limit has passed
    // (abandonAt <= expireAt, so one column finds both).
    index('sessions_signed_in_abandon_at_idx').on(table.abandonAt).where(sql`${table.status} in ('active', 'pending')`),
    index('sessions_last_active_organization_id_idx').on(table.lastActiveOrganizationId),
    // The sweeper's retention scan: sessions that ended longer than TERMINAL_SESSION_RETENTION_SECONDS ago.
    index('sessions_ended_at_idx').on(table.endedAt).where(sql`${table.endedAt} is not null`),
    // Pending means a task is owed, and an active session owes none.
    check(
      'sessions_pending_owes_tasks',
      sql`(${table.status} <> 'pending' or cardinality(${table.tasks}) > 0) and (${table.status} <> 'active' or cardinality(${table.tasks}) = 0)`,
    ),
  ],
)

/**
 * The ledger: every session status change with its cause, every account change, failed sign-ins,
 * impersonation and every admin action; who did it, on whose behalf, and from where. Nothing
 * secret is ever written here. Rows are appended, never updated.
 */
export const sessionEvents = pgTable(
  'session_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /**
     * The session it happened to, or the admin's session an admin action came from; null for a
     * failed sign-in. Not a foreign key: the sweeper deletes sessions a retention period after they
     * end (TERMINAL_SESSION_RETENTION_SECONDS), and their history stays.
     */
    sessionId: text('session_id'),
    /** The user it concerns (the account signed in to, banned, impersonated…); null for instance-wide actions. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    type: sessionEventType('type').notNull(),
    fromStatus: sessionStatus('from_status'),
    toStatus: sessionStatus('to_status'),
    reason: transitionReason('reason'),
    actor: sessionEventActor('actor').notNull(),
    /** What it concerns, for people (never a secret): the factors of a sign-in, a masked address. */
    detail: text('detail'),
    /** The user or admin who caused it, when not the system. */
    actorUserId: text('actor_user_id'),
    /**
     * When the session that did it was impersonated or run by an agent: the `act.sub` behind it
     * (an admin's user id, or `agent_<name>`). The write is attributed to both identities.
     */
    impersonatorId: text('impersonator_id'),
    /** When a backend did it through the Backend API (actor `secret_key`): the key's id. */
    secretKeyId: text('secret_key_id'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    index('session_events_session_id_idx').on(table.sessionId, table.createdAt),
    index('session_events_user_id_idx').on(table.userId, table.createdAt),
    index('session_events_created_at_idx').on(table.createdAt, table.id),
  ],
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
    /**
     * When it starts signing: published from `createdAt`, it signs from here (a rotation publishes
     * it SIGNING_KEY_PUBLISH_AHEAD_SECONDS ahead; the first key and an emergency switch sign at once).
     */
    signsFrom: timestamptz('signs_from').notNull(),
    /** When it stops (or stopped) signing: its successor's `signsFrom`; published until this plus the overlap. */
    retiredAt: timestamptz('retired_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [uniqueIndex('signing_keys_one_active').on(table.status).where(sql`${table.status} = 'active'`)],
)

/**
 * A sign-in in progress. The browser holds an opaque token in an HttpOnly cookie; only its SHA-256
 * is stored. Nothing here is a session: a session exists only once the attempt completes.
 */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    status: signInStatus('status').notNull(),
    identifierKind: identifierKind('identifier_kind').notNull(),
    /** The canonical identifier as typed (whether or not an account has it). */
    identifier: text('identifier').notNull(),
    /** The account the identifier belongs to, when one does. Never shown before a factor passes. */
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    firstFactorStrategy: firstFactorStrategy('first_factor_strategy'),
    firstFactorVerifiedAt: timestamptz('first_factor_verified_at'),
    /** After an enterprise SSO first factor: what the IdP said, for the session the second factor completes. */
    federation: jsonb('federation').$type<Federation>(),
    /**
     * After a reset code passed: the new password's Argon2id hash, stored on the account only when
     * the sign-in completes (after any second factor), with the choice of signing out other sessions.
     */
    newPasswordHash: text('new_password_hash'),
    signOutOfOtherSessions: boolean('sign_out_of_other_sessions'),
    /** The session it created. */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    endedAt: timestamptz('ended_at'),
  },
  (table) => [
    uniqueIndex('sign_in_attempts_token_hash_key').on(table.tokenHash),
    index('sign_in_attempts_expires_at_idx').on(table.expiresAt),
    index('sign_in_attempts_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
    // An address's open sign-ins, oldest last (makeWayForNewAttempt in app/server/sign-in.server.ts).
    index('sign_in_attempts_ip_address_idx').on(table.ipAddress, table.createdAt),
  ],
)

/** A sign-up in progress: the details wait here until the email address is proven. */
export const signUpAttempts = pgTable(
  'sign_up_attempts',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    status: signUpStatus('status').notNull(),
    email: text('email').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** Argon2id of the chosen password, if one was chosen; cleared when the attempt ends. */
    passwordHash: text('password_hash'),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    endedAt: timestamptz('ended_at'),
  },
  (table) => [
    uniqueIndex('sign_up_attempts_token_hash_key').on(table.tokenHash),
    index('sign_up_attempts_expires_at_idx').on(table.expiresAt),
    index('sign_up_attempts_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
  ],
)

/**
 * A step-up verification in progress (the reference's SessionVerification): which factor groups a
 * session must pass again, and which it has. Completing it moves the session's factor times.
 */
export const sessionVerifications = pgTable(
  'session_verifications',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    level: verificationLevel('level').notNull(),
    status: sessionVerificationStatus('status').notNull(),
    /** Whether the second factor is asked for at all (decided at start, from what is enrolled). */
    needsSecondFactor: boolean('needs_second_factor').notNull(),
    firstFactorStrategy: firstFactorStrategy('first_factor_strategy'),
    firstFactorVerifiedAt: timestamptz('first_factor_verified_at'),
    secondFactorStrategy: secondFactorStrategy('second_factor_strategy'),
    secondFactorVerifiedAt: timestamptz('second_factor_verified_at'),
    /** Wrong answers so far (at most SESSION_VERIFICATION_MAX_ATTEMPTS). */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (table) => [index('session_verifications_session_id_idx').on(table.sessionId, table.createdAt)],
)

/**
 * One-time codes sent by email or SMS. Only an HMAC of the code is stored (keyed from
 * TESSERA_SECRET, so a database dump cannot be brute-forced). Each code is bound to what asked for
 * it: a sign-in or sign-up attempt, or an identifier being verified by a session.
 */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: text('id').primaryKey(),
    purpose: codePurpose('purpose').notNull(),
    channel: codeChannel('channel').notNull(),
    /** What was sent: a code to type, or a link to open (`email_link`; ADR 036). */
    strategy: sentStrategy('strategy').notNull(),
    /** The address or number it was sent to. */
    destination: text('destination').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    signInId: text('sign_in_id').references(() => signInAttempts.id, { onDelete: 'cascade' }),
    signUpId: text('sign_up_id').references(() => signUpAttempts.id, { onDelete: 'cascade' }),
    /** The email address or phone number row being verified. */
    identifierId: text('identifier_id'),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    verificationId: text('verification_id').references(() => sessionVerifications.id, { onDelete: 'cascade' }),
    /**
     * A code's HMAC (keyed: a million candidates are easy to try against a plain hash). A link's
     * SHA-256: its token is 256 random bits, so no key is needed, and the link is found by it.
     */
    codeHash: text('code_hash').notNull(),
    /** A link: the flow's page to go on to once it is opened (same origin, a path). */
    redirectUrl: text('redirect_url'),
    /** A link: whether it was opened in the browser that asked for it (the reference's `verifiedAtClient`). */
    verifiedFromSameClient: boolean('verified_from_same_client'),
    /** Wrong tries against this code (at most ONE_TIME_CODE_MAX_ATTEMPTS). */
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    consumedAt: timestamptz('consumed_at'),
    /** A newer code for the same purpose and target replaced this one. */
    supersededAt: timestamptz('superseded_at'),
  },
  (table) => [
    index('verification_codes_sign_in_id_idx').on(table.signInId),
    index('verification_codes_sign_up_id_idx').on(table.signUpId),
    index('verification_codes_identifier_id_idx').on(table.identifierId),
    index('verification_codes_verification_id_idx').on(table.verificationId),
    index('verification_codes_expires_at_idx').on(table.expiresAt),
    uniqueIndex('verification_codes_link_hash_key').on(table.codeHash).where(sql`${table.strategy} = 'email_link'`),
    index('verification_codes_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
  ],
)

/** WebAuthn challenges: single use (consumed before the response is checked), 5 minutes. */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    /** SHA-256 of the challenge the browser signs. */
    challengeHash: text('challenge_hash').primaryKey(),
    ceremony: webauthnCeremony('ceremony').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (table) => [
    index('webauthn_challenges_expires_at_idx').on(table.expiresAt),
    index('webauthn_challenges_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
  ],
)

/** Fixed-window counters for rate limits, shared by every app process (see app/session/rate-limit.ts). */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    /** `<rule>:<subject>` (the subject is an IP address or a canonical identifier). */
    key: text('key').primaryKey(),
    windowStartedAt: timestamptz('window_started_at').notNull(),
    hits: integer('hits').notNull(),
    /** When the window ends and the row may be swept. */
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (table) => [index('rate_limit_buckets_expires_at_idx').on(table.expiresAt)],
)

/** The development outbox: messages that would have been emailed or texted (never used with SMTP). */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: codeChannel('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    index('outbox_messages_recipient_idx').on(table.recipient, table.createdAt),
    // The sweeper's retention scan.
    index('outbox_messages_created_at_idx').on(table.createdAt),
  ],
)

// ---------------------------------------------------------------------------------------------
// Organizations

export const organizations = pgTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Lower-case letters, digits and single hyphens; unique. */
    slug: text('slug').notNull(),
    /** An organization plan key (app.config.ts `plans`); null: the default organization plan. */
    plan: text('plan'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [uniqueIndex('organizations_slug_key').on(table.slug)],
)

/** A user's place in an organization: one role (a key of app.config.ts `organizations.roles`). */
export const organizationMemberships = pgTable(
  'organization_memberships',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('organization_memberships_organization_user_key').on(table.organizationId, table.userId),
    index('organization_memberships_user_id_idx').on(table.userId),
  ],
)

/** An email invitation to join an organization: single use, 7 days, accepted through the emailed link. */
export const organizationInvitations = pgTable(
  'organization_invitations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Canonical form; only a user who has verified this address can accept. */
    emailAddress: text('email_address').notNull(),
    role: text('role').notNull(),
    /** SHA-256 of the link's secret; the secret itself is only ever in the email. */
    tokenHash: text('token_hash').notNull(),
    status: invitationStatus('status').notNull(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [
    uniqueIndex('organization_invitations_token_hash_key').on(table.tokenHash),
    // One live invitation per address and organization: inviting again replaces it.
    uniqueIndex('organization_invitations_pending_email_key')
      .on(table.organizationId, table.emailAddress)
      .where(sql`${table.status} = 'pending'`),
    index('organization_invitations_email_address_idx').on(table.emailAddress),
    // The sweeper deletes invitations a retention period after they expire.
    index('organization_invitations_expires_at_idx').on(table.expiresAt),
  ],
)

// ---------------------------------------------------------------------------------------------
// Impersonation and agents

/**
 * A single-use link that signs someone in as a user: an admin impersonating them, or an agent
 * acting for them (docs/reference.md#impersonation-and-agents). Only the link secret's SHA-256 is
 * stored; redeeming it is one conditional UPDATE, so of any number of concurrent redemptions
 * exactly one wins.
 */
export const actorTokens = pgTable(
  'actor_tokens',
  {
    id: text('id').primaryKey(),
    kind: actorTokenKind('kind').notNull(),
    tokenHash: text('token_hash').notNull(),
    status: actorTokenStatus('status').notNull(),
    /** Who will be signed in. */
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The `act` claim the session will carry (`sub`: the admin's id, or the agent's). */
    actor: jsonb('actor').$type<ActorJSON>().notNull(),
    /** Why (impersonation: required), or the agent's task description. */
    reason: text('reason').notNull(),
    /** Who made the link: the admin, or the user themself for an agent. */
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    sessionMaxDurationSeconds: integer('session_max_duration_seconds').notNull(),
    /** Where the new session lands (a same-origin path). */
    redirectUrl: text('redirect_url').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    revokedAt: timestamptz('revoked_at'),
    /** The session the redemption created. */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
  },
  (table) => [
    uniqueIndex('actor_tokens_token_hash_key').on(table.tokenHash),
    index('actor_tokens_user_id_idx').on(table.userId, table.createdAt),
    index('actor_tokens_expires_at_idx').on(table.expiresAt),
    index('actor_tokens_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
  ],
)

// ---------------------------------------------------------------------------------------------
// Webhooks: a transactional outbox. An event is written in the same transaction as the change it
// announces, with one delivery row per subscribed endpoint; a worker sends what is due.

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** `whsec_…` (Standard Webhooks), stored as a JWE under a key derived from TESSERA_SECRET. */
  secretEncrypted: text('secret_encrypted').notNull(),
  /** The event types it receives; empty: all of them. */
  eventTypes: webhookEventType('event_types').array().notNull().default(sql`'{}'`),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
})

export const webhookEvents = pgTable(
  'webhook_events',
  {
    /** `msg_…`: the `webhook-id` header, the same on every attempt, so receivers can deduplicate. */
    id: text('id').primaryKey(),
    type: webhookEventType('type').notNull(),
    /** The JSON body sent: `{ type, timestamp, data }`. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [index('webhook_events_created_at_idx').on(table.createdAt)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: webhookDeliveryStatus('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    /** A worker sending it holds it until then; another may take it over only after. */
    lockedUntil: timestamptz('locked_until'),
    lastAttemptAt: timestamptz('last_attempt_at'),
    /** The receiver's HTTP status, or null when it never answered. */
    lastStatusCode: integer('last_status_code'),
    /** Why the last attempt failed (a timeout, a refused connection), or the start of the answer. */
    lastError: text('last_error'),
    deliveredAt: timestamptz('delivered_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('webhook_deliveries_event_endpoint_key').on(table.eventId, table.endpointId),
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_endpoint_id_idx').on(table.endpointId, table.createdAt),
  ],
)

/** The delivery log: one row per attempt, kept as long as its event. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamptz('attempted_at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (table) => [index('webhook_attempts_delivery_id_idx').on(table.deliveryId, table.attemptedAt)],
)

// ---------------------------------------------------------------------------------------------
// Enterprise SSO (OpenID Connect): connections, the identities they assert, and trips to the IdP

/** An enterprise IdP: where to discover it, our client at it, and whether it may sign anyone in. */
export const enterpriseConnections = pgTable('enterprise_connections', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The issuer identifier, exactly as the IdP's discovery document states it (ASVS 10.5.3). */
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** JWE (A256GCM) of the client secret, under a key derived from TESSERA_SECRET. */
  clientSecretEncrypted: text('client_secret_encrypted').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
})

/** The email domains a connection owns: one connection per domain, enforced here. */
export const enterpriseConnectionDomains = pgTable(
  'enterprise_connection_domains',
  {
    /** Canonical (lower-case, ASCII) form; see `normalizeDomain`. */
    domain: text('domain').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => enterpriseConnections.id, { onDelete: 'cascade' }),
  },
  (table) => [index('enterprise_connection_domains_connection_id_idx').on(table.connectionId)],
)

/**
 * A person at an IdP, linked to a user: keyed by (connection, iss, sub), never by email (ASVS 6.8.1,
 * 10.5.2), so the same `sub` at two connections is two identities and an email change is not a new one.
 */
export const enterpriseIdentities = pgTable(
  'enterprise_identities',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => enterpriseConnections.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The email the IdP last asserted (for people; it identifies nothing). */
    email: text('email'),
    createdAt: timestamptz('created_at').notNull(),
    lastSignedInAt: timestamptz('last_signed_in_at').notNull(),
  },
  (table) => [
    uniqueIndex('enterprise_identities_connection_issuer_subject_key').on(
      table.connectionId,
      table.issuer,
      table.subject,
    ),
    index('enterprise_identities_user_id_idx').on(table.userId),
  ],
)

/**
 * A trip to the IdP in progress (the OIDC transaction): bound to the browser that started it (the
 * SHA-256 of its HttpOnly cookie), to its connection, and to what it will complete (a sign-in
 * attempt, or a session's verification). State, nonce and the PKCE verifier are single use: the
 * callback consumes the row with one conditional UPDATE before anything else.
 */
export const ssoTransactions = pgTable(
  'sso_transactions',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => enterpriseConnections.id, { onDelete: 'cascade' }),
    purpose: ssoTransactionPurpose('purpose').notNull(),
    /** SHA-256 of the `state` sent to the IdP. */
    stateHash: text('state_hash').notNull(),
    /** SHA-256 of the browser's transaction cookie. */
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    signInId: text('sign_in_id').references(() => signInAttempts.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    verificationId: text('verification_id').references(() => sessionVerifications.id, { onDelete: 'cascade' }),
    /** Where the browser goes afterwards (a same-origin path). */
    redirectPath: text('redirect_path').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    consumedAt: timestamptz('consumed_at'),
  },
  (table) => [
    uniqueIndex('sso_transactions_state_hash_key').on(table.stateHash),
    index('sso_transactions_expires_at_idx').on(table.expiresAt),
    // Deleting an attempt or a session (the sweeper) finds the trips that reference it by index.
    index('sso_transactions_sign_in_id_idx').on(table.signInId).where(sql`${table.signInId} is not null`),
    index('sso_transactions_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
    index('sso_transactions_verification_id_idx')
      .on(table.verificationId)
      .where(sql`${table.verificationId} is not null`),
    check(
      'sso_transactions_purpose_target',
      sql`(${table.purpose} <> 'sign_in' or ${table.signInId} is not null) and (${table.purpose} <> 'reverification' or (${table.sessionId} is not null and ${table.verificationId} is not null))`,
    ),
  ],
)

/**
 * Connected social accounts (the reference's external accounts): an identity at a provider, keyed
 * by (provider, subject) — never by email — and the user it signs in (ADR 034).
 */
export const oauthIdentities = pgTable(
  'oauth_identities',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: oauthProvider('provider').notNull(),
    /** The provider's stable user id (OIDC `sub`, GitHub's numeric id). */
    subject: text('subject').notNull(),
    /** What the provider last said (for people; none of it identifies anyone). */
    email: text('email'),
    emailVerified: boolean('email_verified').notNull().default(false),
    username: text('username'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    createdAt: timestamptz('created_at').notNull(),
    lastSignedInAt: timestamptz('last_signed_in_at').notNull(),
  },
  (table) => [
    uniqueIndex('oauth_identities_provider_subject_key').on(table.provider, table.subject),
    index('oauth_identities_user_id_idx').on(table.userId),
  ],
)

/**
 * A trip to a social provider in progress: bound to the browser that started it (the SHA-256 of
 * its HttpOnly cookie) and to its provider. `state`, nonce and PKCE verifier are single use: the
 * callback claims the row with one conditional UPDATE (as sso_transactions, ADR 017).
 */
export const socialTransactions = pgTable(
  'social_transactions',
  {
    id: text('id').primaryKey(),
    provider: oauthProvider('provider').notNull(),
    purpose: socialTripPurpose('purpose').notNull(),
    /** SHA-256 of the `state` sent to the provider. */
    stateHash: text('state_hash').notNull(),
    /** SHA-256 of the browser's transaction cookie. */
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    /** For `connect`: the session that asked (its user gets the identity). */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    /** Where the browser goes when the trip completes (a same-origin path). */
    redirectPath: text('redirect_path').notNull(),
    /** Where it goes when more is needed or something failed (the page with the callback component). */
    continuePath: text('continue_path').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    consumedAt: timestamptz('consumed_at'),
  },
  (table) => [
    uniqueIndex('social_transactions_state_hash_key').on(table.stateHash),
    index('social_transactions_expires_at_idx').on(table.expiresAt),
    index('social_transactions_session_id_idx').on(table.sessionId).where(sql`${table.sessionId} is not null`),
    check('social_transactions_purpose_target', sql`${table.purpose} <> 'connect' or ${table.sessionId} is not null`),
  ],
)

/**
 * Instance secret keys: the Backend API's credentials (ADR 027). Only the SHA-256 of a key is
 * stored; a revoked key stays, so the ledger rows naming it keep their meaning.
 */
export const secretKeys = pgTable(
  'secret_keys',
  {
    id: text('id').primaryKey(),
    /** What the key is for (a person's words, not a secret). */
    name: text('name').notNull(),
    /** Hex SHA-256 of the whole key. The key itself is never stored. */
    keyHash: text('key_hash').notNull(),
    /** The key's first characters (`sk_live_AbCd`), to tell keys apart. */
    hint: text('hint').notNull(),
    /** The admin who created it, or null (the command line). */
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    /** Written at most every SECRET_KEY_USE_WRITE_THROTTLE_SECONDS. */
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (table) => [uniqueIndex('secret_keys_key_hash_key').on(table.keyHash)],
)
