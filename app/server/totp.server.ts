/**
 * Authenticator apps (RFC 6238 TOTP): set-up with a QR code and a key to type, confirmation with a
 * first code, and verification that accepts each time step at most once. The secret is sealed at
 * rest; the HMAC is node:crypto's, the RFC plumbing otpauth's.
 */

import { createHmac, randomBytes } from 'node:crypto'
import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm'
import { HOTP, Secret, TOTP } from 'otpauth'
import { toDataURL } from 'qrcode'
import type { Database } from '../../db/client.ts'
import { totpCredentials } from '../../db/schema.ts'
import { parseOneTimeCode } from '../session/codes.ts'
import { TesseraError } from '../session/errors.ts'
import { TOTP_DIGITS, TOTP_ENROLLMENT_TTL_SECONDS, TOTP_PERIOD_SECONDS, TOTP_SECRET_BYTES } from '../session/policy.ts'
import { candidateSteps, isStepUnused } from '../session/totp.ts'
import { safeEqual } from './crypto.server.ts'
import { seal, unseal } from './secret-box.server.ts'

const nodeHmac = (algorithm: string, key: Uint8Array, message: Uint8Array) =>
  new Uint8Array(createHmac(algorithm.toLowerCase().replace('-', ''), key).update(message).digest())

function codeAt(secret: Secret, step: number): string {
  return HOTP.generate({ secret, algorithm: 'SHA1', digits: TOTP_DIGITS, counter: step, hmac: nodeHmac })
}

/** The step `code` belongs to among those acceptable at `now` (RFC 6238 §5.2), or null. */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const secret = Secret.fromBase32(secretBase32)
  let match: number | null = null
  // Every candidate is compared, so the time taken does not depend on which one matched.
  for (const step of candidateSteps(now)) if (safeEqual(codeAt(secret, step), code) && match === null) match = step
  return match
}

export interface TotpSetup {
  /** The key to type into an app that cannot scan (RFC 4648 base32). */
  secret: string
  /** The `otpauth://` URI the QR code encodes. */
  uri: string
  /** The QR code, as a PNG data URL. */
  qrCode: string
}

/**
 * Starts (or restarts) setting up an authenticator app: a new secret, stored sealed and unconfirmed.
 * Refused while a confirmed one exists.
 */
export async function startTotpEnrollment(
  db: Database,
  input: { userId: string; issuer: string; label: string; now: Date },
): Promise<TotpSetup> {
  const secret = new Secret({ buffer: randomBytes(TOTP_SECRET_BYTES).buffer })
  const secretEncrypted = await seal(secret.base32, 'totp-secret-encryption')
  const [row] = await db
    .insert(totpCredentials)
    .values({ userId: input.userId, secretEncrypted, createdAt: input.now })
    .onConflictDoUpdate({
      target: totpCredentials.userId,
      set: { secretEncrypted, createdAt: input.now, lastUsedStep: null },
      setWhere: isNull(totpCredentials.verifiedAt),
    })
    .returning({ userId: totpCredentials.userId })
  if (!row) throw new TesseraError('totp_already_enabled')
  const uri = new TOTP({
    issuer: input.issuer,
    label: input.label,
    secret,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString()
  return {
    secret: secret.base32,
    uri,
    qrCode: await toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 224 }),
  }
}

/** A TOTP code that matched; `consume` records its step (false: that step was already used). */
export interface MatchedTotp {
  consume: (tx: Database) => Promise<boolean>
}

async function storedSecret(db: Database, userId: string, confirmed: boolean) {
  const [row] = await db
    .select({
      secretEncrypted: totpCredentials.secretEncrypted,
      createdAt: totpCredentials.createdAt,
      lastUsedStep: totpCredentials.lastUsedStep,
    })
    .from(totpCredentials)
    .where(
      and(
        eq(totpCredentials.userId, userId),
        confirmed ? isNotNull(totpCredentials.verifiedAt) : isNull(totpCredentials.verifiedAt),
      ),
    )
  return row ? { ...row, secret: await unseal(row.secretEncrypted, 'totp-secret-encryption') } : null
}

/**
 * Checks a code from the user's confirmed authenticator app. A code from a step already used (or an
 * earlier one) is `code_reused`; consumption is one conditional UPDATE, so of concurrent
 * submissions of one code exactly one wins.
 */
export async function checkTotp(db: Database, userId: string, input: unknown, now: Date): Promise<MatchedTotp> {
  const code = parseOneTimeCode(input)
  if (code === null) throw new TesseraError('code_malformed')
  const stored = await storedSecret(db, userId, true)
  if (!stored) throw new TesseraError('totp_not_enrolled')
  const step = matchingStep(stored.secret, code, now)
  if (step === null) throw new TesseraError('code_incorrect')
  if (!isStepUnused(stored.lastUsedStep, step)) throw new TesseraError('code_reused')
  return {
    // The same rule as isStepUnused, in the statement itself, for requests racing each other.
    consume: async (tx) => {
      const [row] = await tx
        .update(totpCredentials)
        .set({ lastUsedStep: step })
        .where(
          and(
            eq(totpCredentials.userId, userId),
            isNotNull(totpCredentials.verifiedAt),
            or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step)),
          ),
        )
        .returning({ lastUsedStep: totpCredentials.lastUsedStep })
      return row !== undefined
    },
  }
}

/** Confirms set-up with a first code (within TOTP_ENROLLMENT_TTL_SECONDS); that step counts as used. */
export async function checkTotpEnrollment(
  db: Database,
  userId: string,
  input: unknown,
  now: Date,
): Promise<MatchedTotp> {
  const code = parseOneTimeCode(input)
  if (code === null) throw new TesseraError('code_malformed')
  const stored = await storedSecret(db, userId, false)
  const startedAfter = new Date(now.getTime() - TOTP_ENROLLMENT_TTL_SECONDS * 1000)
  if (!stored || stored.createdAt <= startedAfter) throw new TesseraError('totp_not_enrolled')
  const step = matchingStep(stored.secret, code, now)
  if (step === null) throw new TesseraError('code_incorrect')
  return {
    consume: async (tx) => {
      const [row] = await tx
        .update(totpCredentials)
        .set({ verifiedAt: now, lastUsedStep: step })
        .where(
          and(
            eq(totpCredentials.userId, userId),
            isNull(totpCredentials.verifiedAt),
            gt(totpCredentials.createdAt, startedAfter),
          ),
        )
        .returning({ userId: totpCredentials.userId })
      return row !== undefined
    },
  }
}

/** Removes the authenticator app (confirmed or not); true when there was one. */
export async function deleteTotp(db: Database, userId: string): Promise<boolean> {
  const deleted = await db
    .delete(totpCredentials)
    .where(eq(totpCredentials.userId, userId))
    .returning({ verifiedAt: totpCredentials.verifiedAt })
  return deleted.some((row) => row.verifiedAt !== null)
}
