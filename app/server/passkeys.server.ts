/**
 * Passkeys (WebAuthn, with @simplewebauthn/server): registration by a signed-in user, and
 * discoverable sign-in that needs no identifier. User verification is always required, so a passkey
 * is possession plus a PIN or biometric (multi-factor).
 *
 * Every challenge is 32 random bytes, stored hashed, valid WEBAUTHN_CHALLENGE_TTL_SECONDS, and
 * deleted by the first response that names it — before that response is checked, so a failed
 * response spends its challenge too, and of concurrent responses exactly one proceeds.
 */

import { createHash, randomBytes } from 'node:crypto'
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server'
import { and, eq, gt, isNull, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { passkeys, webauthnChallenges } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { WebAuthnCeremony } from '../session/factors.ts'
import {
  WEBAUTHN_CEREMONY_TIMEOUT_SECONDS,
  WEBAUTHN_CHALLENGE_BYTES,
  WEBAUTHN_CHALLENGE_TTL_SECONDS,
} from '../session/policy.ts'
import { newId } from './crypto.server.ts'
import { log } from './log.server.ts'

export type PasskeyRow = typeof passkeys.$inferSelect

/** Where passkeys are valid: the app's origin and its host name (the relying party id). */
export interface RelyingParty {
  name: string
  origin: string
}

/** This instance as a relying party: its name, and the origin passkeys are bound to. */
export const relyingParty = (ctx: { config: { appName: string }; origin: string }): RelyingParty => ({
  name: ctx.config.appName,
  origin: ctx.origin,
})

const rpId = (rp: RelyingParty) => new URL(rp.origin).hostname
const hashChallenge = (challenge: string) => createHash('sha256').update(challenge).digest('hex')

/** A new challenge, stored (hashed) for its ceremony; the bytes go into the options. */
async function storeChallenge(
  db: Database,
  input: { ceremony: WebAuthnCeremony; userId: string | null; sessionId: string | null; now: Date },
): Promise<Uint8Array<ArrayBuffer>> {
  const challenge = new Uint8Array(randomBytes(WEBAUTHN_CHALLENGE_BYTES))
  // The browser echoes it back base64url-encoded in its client data: that form is what is hashed.
  await db.insert(webauthnChallenges).values({
    challengeHash: hashChallenge(Buffer.from(challenge).toString('base64url')),
    ceremony: input.ceremony,
    userId: input.userId,
    sessionId: input.sessionId,
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000),
  })
  return challenge
}

/** The challenge a response answers, read from its client data (checked properly by the verifier). */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }
    return typeof data.challenge === 'string' && data.challenge.length <= 128 ? data.challenge : null
  } catch {
    return null
  }
}

/**
 * Spends the challenge a response answers: deleted in one statement, only when it was issued for
 * this ceremony (and user and session), and is unexpired. Returns it, or throws.
 */
async function spendChallenge(db: Database, clientDataJSON: string, binding: SQL, now: Date): Promise<string> {
  const challenge = challengeOf(clientDataJSON)
  if (challenge === null) throw new TesseraError('passkey_challenge_invalid')
  const spent = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challengeHash, hashChallenge(challenge)),
        binding,
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challengeHash: webauthnChallenges.challengeHash })
  if (spent.length !== 1) throw new TesseraError('passkey_challenge_invalid')
  return challenge
}

// ---------------------------------------------------------------------------------------------
// Registration (a signed-in user adds a passkey)

export async function passkeyRegistrationOptions(
  db: Database,
  rp: RelyingParty,
  input: { userId: string; sessionId: string; userName: string; displayName: string; now: Date },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, input.userId))
  const challenge = await storeChallenge(db, { ceremony: 'registration', ...input })
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rpId(rp),
    userName: input.userName,
    userDisplayName: input.displayName,
    // A stable handle that is not personal data: the user's public id.
    userID: new TextEncoder().encode(input.userId),
    challenge,
    timeout: WEBAUTHN_CEREMONY_TIMEOUT_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({ id: row.credentialId, transports: row.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  })
}

/** Verifies a new passkey's attestation and stores it. */
export async function registerPasskey(
  db: Database,
  rp: RelyingParty,
  input: { userId: string; sessionId: string; response: RegistrationResponseJSON; name: string; now: Date },
): Promise<PasskeyRow> {
  const binding = and(
    eq(webauthnChallenges.ceremony, 'registration'),
    eq(webauthnChallenges.userId, input.userId),
    eq(webauthnChallenges.sessionId, input.sessionId),
  ) as SQL
  const challenge = await spendChallenge(db, input.response.response.clientDataJSON, binding, input.now)
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rpId(rp),
    requireUserVerification: true,
  }).catch((error: unknown) => {
    log.info('passkey.registration_rejected', { reason: error instanceof Error ? error.message : 'unknown' })
    return null
  })
  if (!verification?.verified) throw new TesseraError('passkey_verification_failed')
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo
  const [row] = await db
    .insert(passkeys)
    .values({
      id: newId('passkey'),
      userId: input.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      name: input.name,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning()
  // The same authenticator registered twice: excludeCredentials should have stopped it.
  if (!row) throw new TesseraError('passkey_verification_failed')
  return row
}

// ---------------------------------------------------------------------------------------------
// Authentication: signing in (discoverable, no account named), or a signed-in user verifying again

/** Who an assertion must come from when a signed-in session verifies again; absent at sign-in. */
export interface PasskeyOwner {
  userId: string
  sessionId: string
}

export async function passkeyAuthenticationOptions(
  db: Database,
  rp: RelyingParty,
  now: Date,
  owner: PasskeyOwner | null = null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // At sign-in no credentials are listed: the authenticator offers its own, and no account is
  // named or revealed. A signed-in user's verification lists theirs.
  const allowCredentials = owner
    ? (
        await db
          .select({ id: passkeys.credentialId, transports: passkeys.transports })
          .from(passkeys)
          .where(eq(passkeys.userId, owner.userId))
      ).map((row) => ({ id: row.id, transports: row.transports }))
    : undefined
  const challenge = await storeChallenge(db, {
    ceremony: 'authentication',
    userId: owner?.userId ?? null,
    sessionId: owner?.sessionId ?? null,
    now,
  })
  return generateAuthenticationOptions({
    rpID: rpId(rp),
    challenge,
    allowCredentials,
    timeout: WEBAUTHN_CEREMONY_TIMEOUT_SECONDS * 1000,
    userVerification: 'required',
  })
}

/** A verified assertion; `consume` records the new signature counter (false: a concurrent use won). */
export interface VerifiedPasskey {
  passkey: PasskeyRow
  consume: (tx: Database) => Promise<boolean>
}

export async function verifyPasskeyAssertion(
  db: Database,
  rp: RelyingParty,
  input: { response: AuthenticationResponseJSON; now: Date; owner?: PasskeyOwner | null },
): Promise<VerifiedPasskey> {
  const { owner } = input
  const binding = and(
    eq(webauthnChallenges.ceremony, 'authentication'),
    owner
      ? and(eq(webauthnChallenges.userId, owner.userId), eq(webauthnChallenges.sessionId, owner.sessionId))
      : isNull(webauthnChallenges.userId),
  ) as SQL
  const challenge = await spendChallenge(db, input.response.response.clientDataJSON, binding, input.now)
  const [passkey] = await db.select().from(passkeys).where(eq(passkeys.credentialId, input.response.id))
  if (!passkey || (owner && passkey.userId !== owner.userId)) throw new TesseraError('passkey_verification_failed')
  const verification = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rpId(rp),
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
      counter: passkey.counter,
      transports: passkey.transports,
    },
    requireUserVerification: true,
  }).catch((error: unknown) => {
    log.info('passkey.assertion_rejected', { reason: error instanceof Error ? error.message : 'unknown' })
    return null
  })
  if (!verification?.verified) throw new TesseraError('passkey_verification_failed')
  const { newCounter, credentialBackedUp } = verification.authenticationInfo
  return {
    passkey,
    consume: async (tx) => {
      const updated = await tx
        .update(passkeys)
        .set({ counter: newCounter, backedUp: credentialBackedUp, lastUsedAt: input.now })
        .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
        .returning({ id: passkeys.id })
      return updated.length === 1
    },
  }
}
