/**
 * Managing what protects an account, from a signed-in session: email addresses and phone numbers,
 * the password, the authenticator app, backup codes, passkeys and connected social accounts. Every change is recorded in the
 * acting session's ledger and emailed to the user.
 *
 * Second factors keep one invariant: every signed-in session of a user who has a second factor
 * passed one. So enrolling or removing a second factor revokes the user's other sessions, the
 * acting session (which just proved the new factor) counts as second-factor verified, and when the
 * last one goes, no session claims a second factor any more.
 */

import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { and, count, eq, isNotNull, ne } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import {
  emailAddresses,
  oauthIdentities,
  passkeys,
  passwordCredentials,
  phoneNumbers,
  sessions,
} from '../../db/schema.ts'
import { deviceName } from '../session/devices.ts'
import { TesseraError } from '../session/errors.ts'
import type { SecurityEventType } from '../session/events.ts'
import {
  availableSecondFactors,
  type FirstFactorHoldings,
  type OAuthProvider,
  oauthStrategyOf,
  type SecondFactorStrategy,
  usableFirstFactors,
} from '../session/factors.ts'
import { maskEmail, maskPhone, normalizePhone } from '../session/identifiers.ts'
import { passwordProblem } from '../session/password.ts'
import {
  MAX_IDENTIFIERS_PER_KIND,
  MAX_PASSKEYS_PER_USER,
  PASSWORD_MIN_LENGTH,
  PASSWORD_SINGLE_FACTOR_MIN_LENGTH,
} from '../session/policy.ts'
import { SOCIAL_PROVIDERS } from '../session/social.ts'
import type { ExternalAccountJSON, SecuritySettingsJSON } from '../session/wire.ts'
import { deleteBackupCodes, replaceBackupCodes } from './backup-codes.server.ts'
import { type CodeBinding, checkCode, codeVerification, consumeLink, issueCode, type LinkRow } from './codes.server.ts'
import { newId } from './crypto.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { enterpriseLinksOf, oauthIdentityCounts } from './factors.server.ts'
import { enqueueWebhook } from './ledger.server.ts'
import { underLockout } from './lockout.server.ts'
import { accountDeletedEmail, codeEmail, codeSms, linkEmail } from './messages.server.ts'
import { releaseOrganizations } from './organizations.server.ts'
import { passkeyRegistrationOptions, registerPasskey, relyingParty } from './passkeys.server.ts'
import { isCommonPassword } from './password-blocklist.server.ts'
import { hashPassword, verifyPassword } from './passwords.server.ts'
import {
  type ActingSession,
  notifySecurityEvent,
  primaryEmailOf,
  recordSecurityEvent,
} from './security-events.server.ts'
import { messageContext, type ServiceContext } from './service-context.server.ts'
import type { SessionRow } from './session-store.server.ts'
import { revokeOtherUserSessions } from './sessions.server.ts'
import { resolveTask } from './tasks.server.ts'
import { checkTotpEnrollment, deleteTotp, startTotpEnrollment, type TotpSetup } from './totp.server.ts'
import { describeUserAgent } from './user-agent.server.ts'
import {
  announceUserUpdated,
  deleteUser,
  enrolledFactors,
  passwordCredentialOf,
  passwordHashOf,
} from './users.server.ts'

// ---------------------------------------------------------------------------------------------
// Reading

const emailBinding = (session: ActingSession, identifierId: string): CodeBinding => ({
  purpose: 'verify_email',
  identifierId,
  sessionId: session.id,
})
const phoneBinding = (session: ActingSession, identifierId: string): CodeBinding => ({
  purpose: 'verify_phone',
  identifierId,
  sessionId: session.id,
})

/** The minimum for a new password: 15 when the instance asks for it and the password would be the only factor. */
async function passwordMinLength(ctx: ServiceContext, userId: string): Promise<number> {
  if (!ctx.config.passwords.requireSingleFactorLength) return PASSWORD_MIN_LENGTH
  const secondFactors = availableSecondFactors(await enrolledFactors(ctx.db, userId), ctx.config.factors.secondFactors)
  return secondFactors.length > 0 ? PASSWORD_MIN_LENGTH : PASSWORD_SINGLE_FACTOR_MIN_LENGTH
}

export async function securitySettings(ctx: ServiceContext, session: ActingSession): Promise<SecuritySettingsJSON> {
  const { db } = ctx
  const [emails, phones, keys, factors] = await Promise.all([
    db.select().from(emailAddresses).where(eq(emailAddresses.userId, session.userId)).orderBy(emailAddresses.createdAt),
    db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, session.userId)).orderBy(phoneNumbers.createdAt),
    db.select().from(passkeys).where(eq(passkeys.userId, session.userId)).orderBy(passkeys.createdAt),
    enrolledFactors(db, session.userId),
  ])
  const secondFactors = availableSecondFactors(factors, ctx.config.factors.secondFactors)
  return {
    emailAddresses: await Promise.all(
      emails.map(async (row) => ({
        id: row.id,
        emailAddress: row.email,
        primary: row.isPrimary,
        verified: row.verifiedAt !== null,
        verification: row.verifiedAt ? null : await codeVerification(db, emailBinding(session, row.id)),
      })),
    ),
    phoneNumbers: await Promise.all(
      phones.map(async (row) => ({
        id: row.id,
        phoneNumber: row.phoneNumber,
        primary: row.isPrimary,
        verified: row.verifiedAt !== null,
        secondFactor: row.secondFactor,
        verification: await codeVerification(db, phoneBinding(session, row.id)),
      })),
    ),
    passwordEnabled: factors.hasPassword,
    totpEnabled: factors.totp,
    backupCodesRemaining: secondFactors.length > 0 ? factors.backupCodesRemaining : 0,
    secondFactorEnabled: secondFactors.length > 0,
    passkeys: keys.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.createdAt.getTime(),
      lastUsedAt: row.lastUsedAt?.getTime() ?? null,
      synced: row.backedUp,
    })),
    externalAccounts: await externalAccountsOf(db, session.userId),
    availableFirstFactors: [...ctx.config.factors.firstFactors],
    availableSecondFactors: [...ctx.config.factors.secondFactors],
    passwordMinLength: await passwordMinLength(ctx, session.userId),
  }
}

// ---------------------------------------------------------------------------------------------
// Guards shared by the removals

async function firstFactorHoldings(db: Database, userId: string): Promise<FirstFactorHoldings> {
  const [emails, phones, keys, password, links, social] = await Promise.all([
    db
      .select({ n: count() })
      .from(emailAddresses)
      .where(and(eq(emailAddresses.userId, userId), isNotNull(emailAddresses.verifiedAt))),
    db
      .select({ n: count() })
      .from(phoneNumbers)
      .where(and(eq(phoneNumbers.userId, userId), isNotNull(phoneNumbers.verifiedAt))),
    db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId)),
    passwordHashOf(db, userId),
    enterpriseLinksOf(db, userId),
    oauthIdentityCounts(db, userId),
  ])
  return {
    hasPassword: password !== null,
    verifiedEmailAddresses: emails[0]?.n ?? 0,
    verifiedPhoneNumbers: phones[0]?.n ?? 0,
    passkeys: keys[0]?.n ?? 0,
    enterpriseIdentities: links.length,
    oauthIdentities: social,
  }
}

/** Refuses a removal that would leave the user no first factor they could sign in with. */
export async function assertStillSignsIn(
  ctx: ServiceContext,
  userId: string,
  removing: Partial<Record<keyof Omit<FirstFactorHoldings, 'hasPassword' | 'oauthIdentities'>, number>> & {
    /** A connected social account being disconnected. */
    oauthIdentity?: OAuthProvider
  },
): Promise<void> {
  const holdings = await firstFactorHoldings(ctx.db, userId)
  const after: FirstFactorHoldings = {
    hasPassword: holdings.hasPassword,
    verifiedEmailAddresses: holdings.verifiedEmailAddresses - (removing.verifiedEmailAddresses ?? 0),
    verifiedPhoneNumbers: holdings.verifiedPhoneNumbers - (removing.verifiedPhoneNumbers ?? 0),
    passkeys: holdings.passkeys - (removing.passkeys ?? 0),
    enterpriseIdentities: holdings.enterpriseIdentities,
    oauthIdentities: removing.oauthIdentity
      ? {
          ...holdings.oauthIdentities,
          [removing.oauthIdentity]: (holdings.oauthIdentities[removing.oauthIdentity] ?? 0) - 1,
        }
      : holdings.oauthIdentities,
  }
  if (usableFirstFactors(after, ctx.config.factors.firstFactors).length === 0) {
    throw new TesseraError('factor_required', { meta: { reason: 'no_first_factor_left' } })
  }
}

/**
 * After a second factor went (removed by the user or by an admin): when none is left, no session
 * claims one and the backup codes (which only back one up) go. Returns the second factors left.
 */
export async function settleSecondFactors(
  ctx: Pick<ServiceContext, 'config'>,
  tx: Database,
  userId: string,
): Promise<SecondFactorStrategy[]> {
  const remaining = availableSecondFactors(await enrolledFactors(tx, userId), ctx.config.factors.secondFactors)
  if (remaining.length === 0) {
    await deleteBackupCodes(tx, userId)
    await tx.update(sessions).set({ secondFactorVerifiedAt: null }).where(eq(sessions.userId, userId))
  }
  return remaining
}

/**
 * After second factors changed: other sessions are revoked (they did not pass what the account now
 * requires, or may have been the reason for the change), and the second-factor state is settled.
 */
async function secondFactorsChanged(ctx: ServiceContext, tx: Database, session: ActingSession): Promise<void> {
  await revokeOtherUserSessions(
    { ...ctx, db: tx },
    { userId: session.userId, currentSessionId: session.id },
    'factors_changed',
  )
  const remaining = await settleSecondFactors(ctx, tx, session.userId)
  if (ctx.config.factors.requireMfa && !remaining.some((strategy) => strategy !== 'backup_code')) {
    throw new TesseraError('factor_required', {
      meta: { reason: 'mfa_required' },
      userMessage: 'Two-step verification is required. Set up another method before removing this one.',
    })
  }
}

/** The acting session just proved a second factor: fva's second age starts again from now. */
async function markSecondFactorVerified(ctx: ServiceContext, tx: Database, session: ActingSession) {
  await tx.update(sessions).set({ secondFactorVerifiedAt: ctx.now }).where(eq(sessions.id, session.id))
}

/**
 * Records the event in the ledger and announces `user.updated` inside `work`'s transaction, then
 * emails the notice.
 */
async function change<T>(
  ctx: ServiceContext,
  session: ActingSession,
  event: SecurityEventType,
  detail: string | null,
  work: (tx: Database) => Promise<T>,
  notify: ReadonlyArray<string | null> = [],
): Promise<T> {
  const result = await ctx.db.transaction(async (tx) => {
    const value = await work(tx)
    await recordSecurityEvent(ctx, tx, session, event, detail)
    await announceUserUpdated(tx, session.userId, ctx.now)
    return value
  })
  notifySecurityEvent(ctx, [await primaryEmailOf(ctx.db, session.userId), ...notify], event, detail)
  return result
}

// ---------------------------------------------------------------------------------------------
// Email addresses

async function ownEmail(db: Database, session: ActingSession, emailAddressId: string) {
  const [row] = await db
    .select()
    .from(emailAddresses)
    .where(and(eq(emailAddresses.id, emailAddressId), eq(emailAddresses.userId, session.userId)))
  if (!row) throw new TesseraError('identifier_not_found')
  return row
}

async function sendEmailCode(ctx: ServiceContext, session: ActingSession, row: { id: string; email: string }) {
  const messages = messageContext(ctx)
  await issueCode(ctx, {
    binding: emailBinding(session, row.id),
    strategy: 'email_code',
    destination: row.email,
    userId: session.userId,
    message: (code) => codeEmail(messages, { to: row.email, code, purpose: 'verify_email' }),
  })
}

/**
 * Adds an address (unverified until its code comes back) and sends the code; with `sendCode: false`
 * (the User resource's `createEmailAddress`, which sends with `prepareVerification`), not yet.
 */
export async function addEmailAddress(
  ctx: ServiceContext,
  session: ActingSession,
  email: string,
  options: { sendCode?: boolean } = {},
) {
  const [existing] = await ctx.db
    .select({ n: count() })
    .from(emailAddresses)
    .where(eq(emailAddresses.userId, session.userId))
  if ((existing?.n ?? 0) >= MAX_IDENTIFIERS_PER_KIND) {
    throw new TesseraError('too_many_identifiers', { meta: { limit: MAX_IDENTIFIERS_PER_KIND } })
  }
  const row = await change(ctx, session, 'email_address_added', maskEmail(email), async (tx) => {
    const [inserted] = await tx
      .insert(emailAddresses)
      .values({ id: newId('email'), userId: session.userId, email, isPrimary: false, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning()
    if (!inserted) throw new TesseraError('identifier_exists')
    return inserted
  })
  if (options.sendCode !== false) await sendEmailCode(ctx, session, row)
  return { emailAddressId: row.id }
}

export async function resendEmailVerification(
  ctx: ServiceContext,
  session: ActingSession,
  emailAddressId: string,
  link: { redirectUrl: string | null } | null = null,
) {
  const row = await ownEmail(ctx.db, session, emailAddressId)
  if (row.verifiedAt) throw new TesseraError('identifier_already_verified')
  if (!link) return sendEmailCode(ctx, session, row)
  if (!ctx.config.factors.firstFactors.includes('email_link')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'email_link' } })
  }
  const messages = messageContext(ctx)
  await issueCode(ctx, {
    binding: emailBinding(session, row.id),
    strategy: 'email_link',
    destination: row.email,
    userId: session.userId,
    redirectUrl: link.redirectUrl,
    message: (token) => linkEmail(messages, { to: row.email, token, purpose: 'verify_email' }),
  })
}

/**
 * An email link verifying an added address was opened (app/server/email-links.server.ts found it
 * live): spends it and marks the address verified, as its code would, in the ledger of the
 * session that asked. Opened in another browser, it is refused while the instance requires the
 * same browser (`clientId` is the opener's client, null without one); no one is signed in either way.
 */
export async function passVerifyEmailLink(ctx: ServiceContext, link: LinkRow, clientId: string | null) {
  const [acting] = await ctx.db
    .select({ id: sessions.id, userId: sessions.userId, clientId: sessions.clientId, status: sessions.status })
    .from(sessions)
    .where(eq(sessions.id, link.sessionId ?? ''))
  if (acting?.status !== 'active' || acting.userId !== link.userId) throw new TesseraError('email_link_invalid')
  const sameClient = clientId !== null && clientId === acting.clientId
  if (!sameClient && ctx.config.factors.emailLinkRequireSameClient) throw new TesseraError('email_link_client_mismatch')
  const session: ActingSession = { id: acting.id, userId: acting.userId, clientId: acting.clientId }
  const row = await ownEmail(ctx.db, session, link.identifierId ?? '')
  if (row.verifiedAt) throw new TesseraError('email_link_invalid')
  try {
    await change(ctx, session, 'email_address_verified', maskEmail(row.email), async (tx) => {
      if (!(await consumeLink(tx, link.id, ctx.now, sameClient))) throw new TesseraError('email_link_invalid')
      await tx.update(emailAddresses).set({ verifiedAt: ctx.now }).where(eq(emailAddresses.id, row.id))
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('identifier_exists')
    throw error
  }
}

export async function verifyEmailAddress(
  ctx: ServiceContext,
  session: ActingSession,
  input: { emailAddressId: string; code: string },
) {
  const row = await ownEmail(ctx.db, session, input.emailAddressId)
  if (row.verifiedAt) throw new TesseraError('identifier_already_verified')
  const matched = await checkCode(ctx.db, emailBinding(session, row.id), input.code, ctx.now)
  try {
    await change(ctx, session, 'email_address_verified', maskEmail(row.email), async (tx) => {
      if (!(await matched.consume(tx))) throw new TesseraError('code_reused')
      await tx.update(emailAddresses).set({ verifiedAt: ctx.now }).where(eq(emailAddresses.id, row.id))
    })
  } catch (error) {
    // Another account verified this address first.
    if (isUniqueViolation(error)) throw new TesseraError('identifier_exists')
    throw error
  }
}

export async function setPrimaryEmailAddress(ctx: ServiceContext, session: ActingSession, emailAddressId: string) {
  const row = await ownEmail(ctx.db, session, emailAddressId)
  if (!row.verifiedAt) throw new TesseraError('strategy_not_allowed', { meta: { reason: 'unverified' } })
  if (row.isPrimary) return
  const previous = await primaryEmailOf(ctx.db, session.userId)
  await change(
    ctx,
    session,
    'primary_email_address_changed',
    maskEmail(row.email),
    async (tx) => {
      await tx
        .update(emailAddresses)
        .set({ isPrimary: false })
        .where(and(eq(emailAddresses.userId, session.userId), ne(emailAddresses.id, row.id)))
      await tx.update(emailAddresses).set({ isPrimary: true }).where(eq(emailAddresses.id, row.id))
    },
    [previous],
  )
}

export async function removeEmailAddress(ctx: ServiceContext, session: ActingSession, emailAddressId: string) {
  const row = await ownEmail(ctx.db, session, emailAddressId)
  if (row.isPrimary) throw new TesseraError('last_identifier')
  if (row.verifiedAt) await assertStillSignsIn(ctx, session.userId, { verifiedEmailAddresses: 1 })
  await change(
    ctx,
    session,
    'email_address_removed',
    maskEmail(row.email),
    async (tx) => {
      await tx.delete(emailAddresses).where(eq(emailAddresses.id, row.id))
    },
    row.verifiedAt ? [row.email] : [],
  )
}

// ---------------------------------------------------------------------------------------------
// Phone numbers and SMS second factor

async function ownPhone(db: Database, session: ActingSession, phoneNumberId: string) {
  const [row] = await db
    .select()
    .from(phoneNumbers)
    .where(and(eq(phoneNumbers.id, phoneNumberId), eq(phoneNumbers.userId, session.userId)))
  if (!row) throw new TesseraError('identifier_not_found')
  return row
}

async function sendPhoneCode(ctx: ServiceContext, session: ActingSession, row: { id: string; phoneNumber: string }) {
  const messages = messageContext(ctx)
  await issueCode(ctx, {
    binding: phoneBinding(session, row.id),
    strategy: 'phone_code',
    destination: row.phoneNumber,
    userId: session.userId,
    message: (code) => codeSms(messages, { to: row.phoneNumber, code, purpose: 'verify_phone' }),
  })
}

/** Adds a number (unverified) and texts its code; with `sendCode: false`, as `addEmailAddress`. */
export async function addPhoneNumber(
  ctx: ServiceContext,
  session: ActingSession,
  input: string,
  options: { sendCode?: boolean } = {},
) {
  const phone = normalizePhone(input)
  if (!phone) {
    throw new TesseraError('invalid_input', {
      meta: {
        issues: [{ path: 'phoneNumber', message: 'Enter the number with its country code, like +1 415 555 0123.' }],
      },
    })
  }
  const [existing] = await ctx.db
    .select({ n: count() })
    .from(phoneNumbers)
    .where(eq(phoneNumbers.userId, session.userId))
  if ((existing?.n ?? 0) >= MAX_IDENTIFIERS_PER_KIND) {
    throw new TesseraError('too_many_identifiers', { meta: { limit: MAX_IDENTIFIERS_PER_KIND } })
  }
  const row = await change(ctx, session, 'phone_number_added', maskPhone(phone), async (tx) => {
    const [inserted] = await tx
      .insert(phoneNumbers)
      .values({ id: newId('phone'), userId: session.userId, phoneNumber: phone, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning()
    if (!inserted) throw new TesseraError('identifier_exists')
    return inserted
  })
  if (options.sendCode !== false) await sendPhoneCode(ctx, session, row)
  return { phoneNumberId: row.id }
}

/** Texts a code to one of the user's numbers: to verify it, or to turn on SMS codes for it. */
export async function sendPhoneVerification(ctx: ServiceContext, session: ActingSession, phoneNumberId: string) {
  await sendPhoneCode(ctx, session, await ownPhone(ctx.db, session, phoneNumberId))
}

/**
 * Checks the texted code: the number is verified (the user's first becomes primary), and with
 * `useForSecondFactor` it receives second-factor codes from now on.
 */
export async function verifyPhoneNumber(
  ctx: ServiceContext,
  session: ActingSession,
  input: { phoneNumberId: string; code: string; useForSecondFactor: boolean },
) {
  const row = await ownPhone(ctx.db, session, input.phoneNumberId)
  if (row.verifiedAt && (!input.useForSecondFactor || row.secondFactor)) {
    throw new TesseraError('identifier_already_verified')
  }
  if (input.useForSecondFactor && !ctx.config.factors.secondFactors.includes('phone_code')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'phone_code' } })
  }
  const matched = await checkCode(ctx.db, phoneBinding(session, row.id), input.code, ctx.now)
  const detail = maskPhone(row.phoneNumber)
  try {
    await change(
      ctx,
      session,
      input.useForSecondFactor ? 'sms_second_factor_enabled' : 'phone_number_verified',
      detail,
      async (tx) => {
        if (!(await matched.consume(tx))) throw new TesseraError('code_reused')
        const [primary] = await tx
          .select({ id: phoneNumbers.id })
          .from(phoneNumbers)
          .where(and(eq(phoneNumbers.userId, session.userId), eq(phoneNumbers.isPrimary, true)))
        await tx
          .update(phoneNumbers)
          .set({
            verifiedAt: row.verifiedAt ?? ctx.now,
            isPrimary: row.isPrimary || !primary,
            secondFactor: row.secondFactor || input.useForSecondFactor,
          })
          .where(eq(phoneNumbers.id, row.id))
        if (input.useForSecondFactor) {
          await markSecondFactorVerified(ctx, tx, session)
          await secondFactorsChanged(ctx, tx, session)
        }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('identifier_exists')
    throw error
  }
}

/** Stops sending second-factor codes to a number (turning them on needs a fresh code: `verifyPhoneNumber`). */
export async function disableSmsSecondFactor(ctx: ServiceContext, session: ActingSession, phoneNumberId: string) {
  const row = await ownPhone(ctx.db, session, phoneNumberId)
  if (!row.secondFactor) return
  await change(ctx, session, 'sms_second_factor_disabled', maskPhone(row.phoneNumber), async (tx) => {
    await tx.update(phoneNumbers).set({ secondFactor: false }).where(eq(phoneNumbers.id, row.id))
    await secondFactorsChanged(ctx, tx, session)
  })
}

export async function setPrimaryPhoneNumber(ctx: ServiceContext, session: ActingSession, phoneNumberId: string) {
  const row = await ownPhone(ctx.db, session, phoneNumberId)
  if (!row.verifiedAt) throw new TesseraError('strategy_not_allowed', { meta: { reason: 'unverified' } })
  if (row.isPrimary) return
  await change(ctx, session, 'primary_phone_number_changed', maskPhone(row.phoneNumber), async (tx) => {
    await tx
      .update(phoneNumbers)
      .set({ isPrimary: false })
      .where(and(eq(phoneNumbers.userId, session.userId), ne(phoneNumbers.id, row.id)))
    await tx.update(phoneNumbers).set({ isPrimary: true }).where(eq(phoneNumbers.id, row.id))
  })
}

export async function removePhoneNumber(ctx: ServiceContext, session: ActingSession, phoneNumberId: string) {
  const row = await ownPhone(ctx.db, session, phoneNumberId)
  if (row.verifiedAt) await assertStillSignsIn(ctx, session.userId, { verifiedPhoneNumbers: 1 })
  await change(ctx, session, 'phone_number_removed', maskPhone(row.phoneNumber), async (tx) => {
    await tx.delete(phoneNumbers).where(eq(phoneNumbers.id, row.id))
    if (row.isPrimary) {
      const [next] = await tx
        .select({ id: phoneNumbers.id })
        .from(phoneNumbers)
        .where(and(eq(phoneNumbers.userId, session.userId), isNotNull(phoneNumbers.verifiedAt)))
        .limit(1)
      if (next) await tx.update(phoneNumbers).set({ isPrimary: true }).where(eq(phoneNumbers.id, next.id))
    }
    if (row.secondFactor) await secondFactorsChanged(ctx, tx, session)
  })
}

// ---------------------------------------------------------------------------------------------
// The account itself

/**
 * Deletes the account: the user, every session on every device, every identifier and factor (they
 * cascade). The primary address is told; nothing of the account remains to sign in to.
 */
export async function deleteAccount(ctx: ServiceContext, session: ActingSession): Promise<void> {
  const email = await primaryEmailOf(ctx.db, session.userId)
  await ctx.db.transaction(async (tx) => {
    // Organizations it alone belongs to go with it; one it alone manages must be handed over first.
    await releaseOrganizations(ctx, tx, session.userId)
    if (!(await deleteUser(tx, session.userId))) throw new TesseraError('session_not_found')
    // Its sessions went with it (cascade), unannounced one by one: this event stands for them too.
    await enqueueWebhook(tx, 'user.deleted', { object: 'user', id: session.userId, deleted: true }, ctx.now)
  })
  if (email) ctx.deliver(accountDeletedEmail(messageContext(ctx), { to: email, at: ctx.now }))
}

// ---------------------------------------------------------------------------------------------
// Password

/** The password rules for a new password: length for this account, common and context words. */
export async function assertAcceptablePassword(ctx: ServiceContext, userId: string, password: string): Promise<void> {
  const email = (await primaryEmailOf(ctx.db, userId)) ?? ''
  const problem = passwordProblem(password, {
    minLength: await passwordMinLength(ctx, userId),
    contextWords: [ctx.config.appName, email.split('@')[0] ?? ''],
    isCommon: isCommonPassword,
  })
  if (problem) throw new TesseraError(problem.code, { meta: problem.meta })
}

/** The account's password from now on (a compromised mark goes with the old one). */
export async function storePassword(tx: Database, userId: string, hash: string, now: Date): Promise<void> {
  await tx
    .insert(passwordCredentials)
    .values({ userId, hash, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: passwordCredentials.userId, set: { hash, compromisedAt: null, updatedAt: now } })
}

/**
 * Changes the password, or sets a first one for an account without. Changing needs the current
 * password (a wrong one counts toward the lockout). Other sessions are revoked unless the user
 * chose to keep them.
 */
export async function changePassword(
  ctx: ServiceContext,
  session: ActingSession,
  input: { currentPassword: string | null; newPassword: string; signOutOtherSessions: boolean },
): Promise<{ revokedSessions: number }> {
  const currentHash = await passwordHashOf(ctx.db, session.userId)
  if (currentHash !== null) {
    const currentPassword = input.currentPassword
    if (!currentPassword) {
      throw new TesseraError('invalid_input', {
        meta: { issues: [{ path: 'currentPassword', message: 'Enter your current password.' }] },
      })
    }
    await underLockout(ctx, { userId: session.userId }, async () => {
      if (!(await verifyPassword(currentHash, currentPassword))) throw new TesseraError('password_incorrect')
    })
  }
  await assertAcceptablePassword(ctx, session.userId, input.newPassword)
  const hash = await hashPassword(input.newPassword)
  return change(ctx, session, 'password_changed', null, async (tx) => {
    await storePassword(tx, session.userId, hash, ctx.now)
    const revokedSessions = input.signOutOtherSessions
      ? await revokeOtherUserSessions(
          { ...ctx, db: tx },
          { userId: session.userId, currentSessionId: session.id },
          'password_changed',
        )
      : 0
    return { revokedSessions }
  })
}

/**
 * The `reset-password` task: replaces a password an administrator marked compromised. No current
 * password is asked (it is the compromised one; the session proved another first factor), the new
 * one must differ from it, and every other session is signed out, as whoever knows the old
 * password may hold one. Completes the task in the same transaction.
 */
export async function resetCompromisedPassword(
  ctx: ServiceContext,
  session: ActingSession,
  newPassword: string,
): Promise<SessionRow> {
  const current = await passwordCredentialOf(ctx.db, session.userId)
  if (current && (await verifyPassword(current.hash, newPassword))) throw new TesseraError('password_reused')
  await assertAcceptablePassword(ctx, session.userId, newPassword)
  const hash = await hashPassword(newPassword)
  return change(ctx, session, 'password_changed', null, async (tx) => {
    await storePassword(tx, session.userId, hash, ctx.now)
    await revokeOtherUserSessions(
      { ...ctx, db: tx },
      { userId: session.userId, currentSessionId: session.id },
      'password_changed',
    )
    const [row] = await tx.select().from(sessions).where(eq(sessions.id, session.id)).for('update')
    if (!row) throw new TesseraError('session_not_found')
    return resolveTask(ctx, tx, row, 'reset-password')
  })
}

// ---------------------------------------------------------------------------------------------
// Authenticator app and backup codes

export async function startTotp(ctx: ServiceContext, session: ActingSession): Promise<TotpSetup> {
  if (!ctx.config.factors.secondFactors.includes('totp')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'totp' } })
  }
  const label = (await primaryEmailOf(ctx.db, session.userId)) ?? session.userId
  return startTotpEnrollment(ctx.db, { userId: session.userId, issuer: ctx.config.appName, label, now: ctx.now })
}

/**
 * Confirms the authenticator app with its first code. The first second factor also brings a set
 * of backup codes, returned once.
 */
export async function confirmTotp(
  ctx: ServiceContext,
  session: ActingSession,
  code: string,
): Promise<{ backupCodes: string[] | null }> {
  const matched = await checkTotpEnrollment(ctx.db, session.userId, code, ctx.now)
  const hadBackupCodes = (await enrolledFactors(ctx.db, session.userId)).backupCodesRemaining > 0
  return change(ctx, session, 'totp_enabled', null, async (tx) => {
    if (!(await matched.consume(tx))) throw new TesseraError('totp_not_enrolled')
    await markSecondFactorVerified(ctx, tx, session)
    await secondFactorsChanged(ctx, tx, session)
    const wantsBackupCodes = ctx.config.factors.secondFactors.includes('backup_code') && !hadBackupCodes
    return { backupCodes: wantsBackupCodes ? await replaceBackupCodes(tx, session.userId, ctx.now) : null }
  })
}

export async function removeTotp(ctx: ServiceContext, session: ActingSession): Promise<void> {
  await change(ctx, session, 'totp_removed', null, async (tx) => {
    if (!(await deleteTotp(tx, session.userId))) throw new TesseraError('totp_not_enrolled')
    await secondFactorsChanged(ctx, tx, session)
  })
}

export async function regenerateBackupCodes(ctx: ServiceContext, session: ActingSession): Promise<string[]> {
  const usable = availableSecondFactors(await enrolledFactors(ctx.db, session.userId), ctx.config.factors.secondFactors)
  if (!ctx.config.factors.secondFactors.includes('backup_code') || !usable.some((s) => s !== 'backup_code')) {
    throw new TesseraError('backup_codes_unavailable')
  }
  return change(ctx, session, 'backup_codes_regenerated', null, (tx) => replaceBackupCodes(tx, session.userId, ctx.now))
}

// ---------------------------------------------------------------------------------------------
// Passkeys

function assertPasskeysEnabled(ctx: ServiceContext) {
  if (!ctx.config.factors.firstFactors.includes('passkey')) {
    throw new TesseraError('strategy_not_allowed', { meta: { strategy: 'passkey' } })
  }
}

export async function startPasskeyRegistration(ctx: ServiceContext, session: ActingSession) {
  assertPasskeysEnabled(ctx)
  const [existing] = await ctx.db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, session.userId))
  if ((existing?.n ?? 0) >= MAX_PASSKEYS_PER_USER) {
    throw new TesseraError('too_many_identifiers', { meta: { limit: MAX_PASSKEYS_PER_USER } })
  }
  const email = (await primaryEmailOf(ctx.db, session.userId)) ?? session.userId
  return passkeyRegistrationOptions(ctx.db, relyingParty(ctx), {
    userId: session.userId,
    sessionId: session.id,
    userName: email,
    displayName: email,
    now: ctx.now,
  })
}

export async function addPasskey(
  ctx: ServiceContext,
  session: ActingSession,
  input: { response: RegistrationResponseJSON; name: string | null },
) {
  assertPasskeysEnabled(ctx)
  const passkey = await registerPasskey(ctx.db, relyingParty(ctx), {
    userId: session.userId,
    sessionId: session.id,
    response: input.response,
    // Named after the device it was made on until the user renames it.
    name: input.name ?? deviceName(describeUserAgent(ctx.meta.userAgent)),
    now: ctx.now,
  })
  await change(ctx, session, 'passkey_added', passkey.name, async () => undefined)
  return { passkeyId: passkey.id }
}

async function ownPasskey(db: Database, session: ActingSession, passkeyId: string) {
  const [row] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, session.userId)))
  if (!row) throw new TesseraError('passkey_not_found')
  return row
}

export async function renamePasskey(
  ctx: ServiceContext,
  session: ActingSession,
  input: { passkeyId: string; name: string },
) {
  const row = await ownPasskey(ctx.db, session, input.passkeyId)
  await change(ctx, session, 'passkey_renamed', `${row.name} → ${input.name}`, async (tx) => {
    await tx.update(passkeys).set({ name: input.name }).where(eq(passkeys.id, row.id))
  })
}

export async function removePasskey(ctx: ServiceContext, session: ActingSession, passkeyId: string) {
  const row = await ownPasskey(ctx.db, session, passkeyId)
  await assertStillSignsIn(ctx, session.userId, { passkeys: 1 })
  await change(ctx, session, 'passkey_removed', row.name, async (tx) => {
    await tx.delete(passkeys).where(eq(passkeys.id, row.id))
  })
}

// ---------------------------------------------------------------------------------------------
// Connected social accounts (ADR 034)

/** The user's connected social accounts, oldest first. */
export async function externalAccountsOf(db: Database, userId: string): Promise<ExternalAccountJSON[]> {
  const rows = await db
    .select()
    .from(oauthIdentities)
    .where(eq(oauthIdentities.userId, userId))
    .orderBy(oauthIdentities.createdAt)
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    providerUserId: row.subject,
    emailAddress: row.email ?? '',
    firstName: row.firstName,
    lastName: row.lastName,
    username: row.username,
    verification: { status: row.emailVerified ? 'verified' : 'unverified', strategy: oauthStrategyOf(row.provider) },
    createdAt: row.createdAt.getTime(),
    lastSignedInAt: row.lastSignedInAt.getTime(),
  }))
}

/** Disconnects one of the user's social accounts, unless it is their last way to sign in. */
export async function disconnectExternalAccount(
  ctx: ServiceContext,
  session: ActingSession,
  externalAccountId: string,
) {
  const [row] = await ctx.db
    .select()
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.id, externalAccountId), eq(oauthIdentities.userId, session.userId)))
  if (!row) throw new TesseraError('external_account_not_found')
  await assertStillSignsIn(ctx, session.userId, { oauthIdentity: row.provider })
  await change(ctx, session, 'external_account_disconnected', SOCIAL_PROVIDERS[row.provider].name, async (tx) => {
    await tx.delete(oauthIdentities).where(eq(oauthIdentities.id, row.id))
  })
}
