/**
 * Managing factors from a signed-in session, on a real database. Guards: every change is in the
 * ledger and emailed (ASVS 6.3.7); identifiers are verified by a code bound to them and the
 * session; adding or removing a second factor revokes the other sessions and keeps fva honest;
 * a password change needs the current password and revokes other sessions unless told not to
 * (VULN-01); nothing can leave an account without a way in.
 */

import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { backupCodes, emailAddresses, passkeys, sessionEvents, sessions, totpCredentials } from '../../db/schema.ts'
import { authFixtures, later, newEmail, newPhone, PASSWORD, rejection, T0 } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { findSessionRow, sessionRow } from '../../test/support/sessions.ts'
import { SoftAuthenticator } from '../../test/support/soft-authenticator.ts'
import { totpCode } from '../../test/support/totp.ts'
import {
  addEmailAddress,
  addPasskey,
  addPhoneNumber,
  changePassword,
  confirmTotp,
  deleteAccount,
  disableSmsSecondFactor,
  regenerateBackupCodes,
  removeEmailAddress,
  removePasskey,
  removePhoneNumber,
  removeTotp,
  renamePasskey,
  resendEmailVerification,
  securitySettings,
  sendPhoneVerification,
  setPrimaryEmailAddress,
  setPrimaryPhoneNumber,
  startPasskeyRegistration,
  startTotp,
  verifyEmailAddress,
  verifyPhoneNumber,
} from './account.server.ts'
import {
  attemptFirstFactor,
  createSignIn,
  passkeySignInOptions,
  prepareFirstFactor,
  signInWithPasskey,
} from './sign-in.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn, lastCode, messagesTo, auth } = authFixtures(db)

/** An account signed in on two devices; `laptop` is the acting session. */
async function twoDevices(options: Parameters<typeof createAccount>[0] = {}) {
  const account = await createAccount(options)
  const laptop = await signIn({ email: account.email, totpSecret: account.totpSecret })
  const phone = await signIn({ email: account.email, totpSecret: account.totpSecret, now: later(60) })
  return {
    account,
    laptop,
    phone,
    acting: { id: laptop.session.id, userId: account.id, clientId: laptop.clientId },
  }
}

const statusOf = async (sessionId: string) => (await findSessionRow(db, sessionId))?.status

const eventsOf = (sessionId: string) =>
  db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, sessionId)).orderBy(sessionEvents.id)

/** Signs in with an emailed code (for accounts without a password). */
async function signInByEmailCode(email: string) {
  const { token } = await createSignIn(context(), { identifier: email }, { signIn: null, client: null })
  await prepareFirstFactor(context(), token, { strategy: 'email_code' })
  const { signedIn } = await attemptFirstFactor(
    context(),
    token,
    { strategy: 'email_code', code: lastCode(email) },
    null,
  )
  if (!signedIn) throw new Error('the email-code sign-in did not complete')
  return signedIn
}

describe('email addresses', () => {
  // The User resource's createEmailAddress/createPhoneNumber: the code goes out with prepareVerification.
  it('adds an address or number without a code when asked, and sends one on request', async () => {
    const { acting } = await twoDevices()
    const added = newEmail()
    const number = newPhone()
    const { emailAddressId } = await addEmailAddress(context(), acting, added, { sendCode: false })
    const { phoneNumberId } = await addPhoneNumber(context(), acting, number, { sendCode: false })
    expect(messagesTo(added)).toEqual([])
    expect(messagesTo(number)).toEqual([])
    // No cooldown from a code never sent: the first request sends at once.
    await resendEmailVerification(context(), acting, emailAddressId)
    await sendPhoneVerification(context(), acting, phoneNumberId)
    await verifyEmailAddress(context(), acting, { emailAddressId, code: lastCode(added) })
    await verifyPhoneNumber(context(), acting, { phoneNumberId, code: lastCode(number), useForSecondFactor: false })
    const settings = await securitySettings(context(), acting)
    expect(settings.emailAddresses.find((email) => email.id === emailAddressId)?.verified).toBe(true)
    expect(settings.phoneNumbers.find((phone) => phone.id === phoneNumberId)?.verified).toBe(true)
  })

  it("sends no code to another user's address or number: not found", async () => {
    const owner = await twoDevices()
    const other = await twoDevices()
    const { emailAddressId } = await addEmailAddress(context(), owner.acting, newEmail(), { sendCode: false })
    const { phoneNumberId } = await addPhoneNumber(context(), owner.acting, newPhone(), { sendCode: false })
    expect(await rejection(resendEmailVerification(context(), other.acting, emailAddressId))).toBe(
      'identifier_not_found',
    )
    expect(await rejection(sendPhoneVerification(context(), other.acting, phoneNumberId))).toBe('identifier_not_found')
  })

  it('adds an address unverified, verifies it with the code sent to it, and tells the primary address', async () => {
    const { account, acting } = await twoDevices()
    const added = newEmail()
    const { emailAddressId } = await addEmailAddress(context(), acting, added)
    expect((await securitySettings(context(), acting)).emailAddresses).toContainEqual(
      expect.objectContaining({
        id: emailAddressId,
        verified: false,
        verification: expect.objectContaining({ strategy: 'email_code' }),
      }),
    )
    await verifyEmailAddress(context(), acting, { emailAddressId, code: lastCode(added) })
    const [row] = await db.select().from(emailAddresses).where(eq(emailAddresses.id, emailAddressId))
    expect(row?.verifiedAt).toEqual(T0)
    const notices = messagesTo(account.email).map((message) => message.channel === 'email' && message.subject)
    expect(notices).toEqual(['Tessera: email address added', 'Tessera: email address verified'])
    expect((await eventsOf(acting.id)).map((event) => event.type)).toEqual([
      'created',
      'email_address_added',
      'email_address_verified',
    ])
  })

  it('refuses a code sent for another address, and one sent to another session', async () => {
    const { acting, phone, account } = await twoDevices()
    const first = await addEmailAddress(context(), acting, newEmail())
    const second = newEmail()
    await addEmailAddress(context(), acting, second)
    expect(await rejection(verifyEmailAddress(context(), acting, { ...first, code: lastCode(second) }))).toMatch(
      /code_incorrect|code_not_sent/,
    )
    const other = { id: phone.session.id, userId: account.id, clientId: phone.clientId }
    expect(await rejection(verifyEmailAddress(context(), other, { ...first, code: lastCode(second) }))).toBe(
      'code_not_sent',
    )
  })

  it('lets another account claim an address only one of them has verified (no squatting)', async () => {
    const victimEmail = newEmail()
    const squatter = await twoDevices()
    await addEmailAddress(context(), squatter.acting, victimEmail)
    const victim = await createAccount({ email: victimEmail })
    expect(victim.id).toBeTruthy()
    // The squatter cannot finish: the address is verified by its owner now.
    const [row] = await db
      .select()
      .from(emailAddresses)
      .where(and(eq(emailAddresses.userId, squatter.account.id), eq(emailAddresses.email, victimEmail)))
    expect(
      await rejection(
        verifyEmailAddress(context(later(1)), squatter.acting, {
          emailAddressId: row?.id ?? '',
          code: lastCode(victimEmail),
        }),
      ),
    ).toBe('identifier_exists')
  })

  it('makes a verified address primary (telling both), and refuses to remove the primary one', async () => {
    const { account, acting } = await twoDevices()
    const added = newEmail()
    const { emailAddressId } = await addEmailAddress(context(), acting, added)
    expect(await rejection(setPrimaryEmailAddress(context(), acting, emailAddressId))).toBe('strategy_not_allowed')
    await verifyEmailAddress(context(), acting, { emailAddressId, code: lastCode(added) })
    await setPrimaryEmailAddress(context(), acting, emailAddressId)
    expect(messagesTo(account.email).at(-1)).toMatchObject({ subject: 'Tessera: primary email address changed' })
    expect(messagesTo(added).at(-1)).toMatchObject({ subject: 'Tessera: primary email address changed' })
    expect(await rejection(removeEmailAddress(context(), acting, emailAddressId))).toBe('last_identifier')
    const [old] = await db.select().from(emailAddresses).where(eq(emailAddresses.email, account.email))
    await removeEmailAddress(context(), acting, old?.id ?? '')
    expect(await db.$count(emailAddresses, eq(emailAddresses.userId, account.id))).toBe(1)
  })

  it('finds nothing for an address of another user', async () => {
    const mine = await twoDevices()
    const theirs = await twoDevices()
    const [their] = await db.select().from(emailAddresses).where(eq(emailAddresses.userId, theirs.account.id))
    expect(await rejection(removeEmailAddress(context(), mine.acting, their?.id ?? ''))).toBe('identifier_not_found')
  })
})

describe('second factors keep every session honest', () => {
  it('setting up an authenticator app: fva second age starts now, backup codes come once, other devices are signed out', async () => {
    const { account, acting, phone } = await twoDevices()
    const setup = await startTotp(context(), acting)
    const uri = new URL(setup.uri)
    expect(uri.protocol).toBe('otpauth:')
    expect(decodeURIComponent(`${uri.host}${uri.pathname}`)).toBe(`totp/Tessera:${account.email}`)
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Tessera',
      secret: setup.secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    })
    expect(setup.qrCode).toMatch(/^data:image\/png;base64,/)
    const [stored] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, account.id))
    expect(stored?.secretEncrypted).not.toContain(setup.secret)

    const now = later(120)
    expect(await rejection(confirmTotp(context(now), acting, '000000'))).toBe('code_incorrect')
    const { backupCodes: codes } = await confirmTotp(context(now), acting, totpCode(setup.secret, now))
    expect(codes).toHaveLength(10)
    for (const code of codes ?? []) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{13}$/)
    const stored10 = await db.select().from(backupCodes).where(eq(backupCodes.userId, account.id))
    expect(
      stored10.every(
        (row) => row.codeHash.startsWith('$argon2id$') && !codes?.some((code) => row.codeHash.includes(code)),
      ),
    ).toBe(true)

    const laptop = await sessionRow(db, acting.id)
    expect(laptop).toMatchObject({ status: 'active', secondFactorVerifiedAt: now })
    expect(await statusOf(phone.session.id)).toBe('revoked')
    expect((await auth(phone.token, now)).session).toBeNull()
    expect(await rejection(startTotp(context(now), acting))).toBe('totp_already_enabled')
  })

  it('refuses to confirm an authenticator app after 10 minutes', async () => {
    const { acting } = await twoDevices()
    const setup = await startTotp(context(), acting)
    const late = later(601)
    expect(await rejection(confirmTotp(context(late), acting, totpCode(setup.secret, late)))).toBe('totp_not_enrolled')
  })

  it('removing the last second factor clears fva, deletes the backup codes and signs out the others', async () => {
    const { account, acting, phone } = await twoDevices({ totp: true, backupCodes: true })
    await db.update(sessions).set({ secondFactorVerifiedAt: T0 }).where(eq(sessions.userId, account.id))
    await removeTotp(context(later(200)), acting)
    const laptop = await sessionRow(db, acting.id)
    expect(laptop?.secondFactorVerifiedAt).toBeNull()
    expect(await db.$count(backupCodes, eq(backupCodes.userId, account.id))).toBe(0)
    expect(await statusOf(phone.session.id)).toBe('revoked')
    expect(await rejection(regenerateBackupCodes(context(), acting))).toBe('backup_codes_unavailable')
  })

  it('regenerating backup codes replaces the whole set', async () => {
    const { account, acting } = await twoDevices({ totp: true, backupCodes: true })
    const before = await db
      .select({ hash: backupCodes.codeHash })
      .from(backupCodes)
      .where(eq(backupCodes.userId, account.id))
    const fresh = await regenerateBackupCodes(context(), acting)
    const after = await db
      .select({ hash: backupCodes.codeHash })
      .from(backupCodes)
      .where(eq(backupCodes.userId, account.id))
    expect(fresh).toHaveLength(10)
    expect(after.some((row) => before.some((old) => old.hash === row.hash))).toBe(false)
    expect(messagesTo(account.email).at(-1)).toMatchObject({ subject: 'Tessera: new backup codes generated' })
  })

  it('turns on text-message codes only with a code sent to a verified number, and off again', async () => {
    const { account, acting, phone } = await twoDevices()
    const number = newPhone()
    const { phoneNumberId } = await addPhoneNumber(context(), acting, `${number.slice(0, 5)} ${number.slice(5)}`)
    await verifyPhoneNumber(context(later(10)), acting, {
      phoneNumberId,
      code: lastCode(number),
      useForSecondFactor: true,
    })
    const settings = await securitySettings(context(), acting)
    expect(settings).toMatchObject({ secondFactorEnabled: true })
    expect(settings.phoneNumbers).toEqual([
      expect.objectContaining({ verified: true, primary: true, secondFactor: true }),
    ])
    expect(await statusOf(phone.session.id)).toBe('revoked')
    const laptop = await sessionRow(db, acting.id)
    expect(laptop?.secondFactorVerifiedAt).toEqual(later(10))

    await disableSmsSecondFactor(context(later(20)), acting, phoneNumberId)
    expect((await securitySettings(context(), acting)).secondFactorEnabled).toBe(false)
    await removePhoneNumber(context(later(30)), acting, phoneNumberId)
    expect((await securitySettings(context(), acting)).phoneNumbers).toEqual([])
    expect(account.email).toBeTruthy()
  })

  it('refuses to verify a number with a code for another number', async () => {
    const { acting } = await twoDevices()
    const a = newPhone()
    const b = newPhone()
    const first = await addPhoneNumber(context(), acting, a)
    await addPhoneNumber(context(), acting, b)
    const wrong = lastCode(b) === lastCode(a) ? '000000' : lastCode(b)
    expect(
      await rejection(verifyPhoneNumber(context(), acting, { ...first, code: wrong, useForSecondFactor: false })),
    ).toBe('code_incorrect')
  })
})

describe('password', () => {
  it('changes with the current password, signs the other devices out (VULN-01) and rotates nothing else', async () => {
    const { account, acting, phone, laptop } = await twoDevices()
    const result = await changePassword(context(later(100)), acting, {
      currentPassword: PASSWORD,
      newPassword: 'an entirely new passphrase',
      signOutOtherSessions: true,
    })
    expect(result).toEqual({ revokedSessions: 1 })
    expect(await statusOf(phone.session.id)).toBe('revoked')
    expect((await auth(laptop.token, later(100))).session?.id).toBe(acting.id)
    await signIn({ email: account.email, password: 'an entirely new passphrase', now: later(200) })
    expect(await rejection(signIn({ email: account.email, now: later(200) }))).toBe('invalid_credentials')
    const [event] = (await eventsOf(phone.session.id)).slice(-1)
    expect(event).toMatchObject({ reason: 'password_changed', toStatus: 'revoked' })
  })

  it('keeps the other devices signed in when asked', async () => {
    const { acting, phone } = await twoDevices()
    await changePassword(context(), acting, {
      currentPassword: PASSWORD,
      newPassword: 'an entirely new passphrase',
      signOutOtherSessions: false,
    })
    expect(await statusOf(phone.session.id)).toBe('active')
  })

  it('refuses a wrong current password (counting toward the lockout), a missing one, and a weak new one', async () => {
    const { acting } = await twoDevices()
    const change = (currentPassword: string | null, newPassword = 'an entirely new passphrase') =>
      changePassword(context(), acting, { currentPassword, newPassword, signOutOtherSessions: true })
    expect(await rejection(change('not my password'))).toBe('password_incorrect')
    expect(await rejection(change(null))).toBe('invalid_input')
    expect(await rejection(change(PASSWORD, 'password1'))).toBe('password_too_common')
    expect(await rejection(change(PASSWORD, 'short'))).toBe('password_too_short')
  })

  it('sets a first password for an account without one', async () => {
    const { id, email } = await createAccount({ password: null })
    const { session, clientId } = await signInByEmailCode(email)
    const acting = { id: session.id, userId: id, clientId }
    await changePassword(context(), acting, {
      currentPassword: null,
      newPassword: 'a first passphrase here',
      signOutOtherSessions: false,
    })
    expect((await signIn({ email, password: 'a first passphrase here' })).session.userId).toBe(id)
  })
})

describe('passkeys', () => {
  it('registers, signs in (both factors), renames and removes, each in the ledger', async () => {
    const { account, acting } = await twoDevices({ totp: true })
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    const options = await startPasskeyRegistration(context(), acting)
    expect(options).toMatchObject({
      rp: { id: 'localhost', name: 'Tessera' },
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    })
    const { passkeyId } = await addPasskey(context(), acting, { response: authenticator.register(options), name: null })
    const [stored] = await db.select().from(passkeys).where(eq(passkeys.id, passkeyId))
    expect(stored).toMatchObject({ userId: account.id, name: 'Unknown browser', lastUsedAt: null })

    const now = later(300)
    const signedIn = await signInWithPasskey(
      context(now),
      { response: authenticator.assert(await passkeySignInOptions(context(now))) },
      { signIn: null, client: null },
    )
    // A user-verifying passkey is multi-factor: no second step, and both ages start now.
    expect(signedIn.session).toMatchObject({
      userId: account.id,
      firstFactorVerifiedAt: now,
      secondFactorVerifiedAt: now,
    })
    const [used] = await db.select().from(passkeys).where(eq(passkeys.id, passkeyId))
    expect(used).toMatchObject({ lastUsedAt: now, counter: 1 })

    await renamePasskey(context(), acting, { passkeyId, name: 'Work laptop' })
    await removePasskey(context(), acting, passkeyId)
    expect((await eventsOf(acting.id)).map((event) => event.type).slice(-3)).toEqual([
      'passkey_added',
      'passkey_renamed',
      'passkey_removed',
    ])
  })

  it('refuses an assertion without user verification, a replayed challenge, and a registration for another session', async () => {
    const { acting, phone, account } = await twoDevices()
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    const options = await startPasskeyRegistration(context(), acting)
    const other = { id: phone.session.id, userId: account.id, clientId: phone.clientId }
    expect(
      await rejection(addPasskey(context(), other, { response: authenticator.register(options), name: null })),
    ).toBe('passkey_challenge_invalid')

    const fresh = await startPasskeyRegistration(context(), acting)
    await addPasskey(context(), acting, { response: authenticator.register(fresh), name: 'Key' })
    const challenge = await passkeySignInOptions(context())
    const response = authenticator.assert(challenge)
    await signInWithPasskey(context(), { response }, { signIn: null, client: null })
    expect(await rejection(signInWithPasskey(context(), { response }, { signIn: null, client: null }))).toBe(
      'passkey_challenge_invalid',
    )

    const noPin = new SoftAuthenticator('http://localhost:3000', false)
    const noPinOptions = await startPasskeyRegistration(context(), acting)
    expect(await rejection(addPasskey(context(), acting, { response: noPin.register(noPinOptions), name: null }))).toBe(
      'passkey_verification_failed',
    )
  })

  it('refuses a challenge older than 5 minutes, and a response from another origin', async () => {
    const { acting } = await twoDevices()
    const authenticator = new SoftAuthenticator('http://localhost:3000')
    await addPasskey(context(), acting, {
      response: authenticator.register(await startPasskeyRegistration(context(), acting)),
      name: 'Key',
    })
    const stale = authenticator.assert(await passkeySignInOptions(context()))
    expect(
      await rejection(signInWithPasskey(context(later(301)), { response: stale }, { signIn: null, client: null })),
    ).toBe('passkey_challenge_invalid')
    const phishing = new SoftAuthenticator('http://localhost.evil.example')
    const foreign = await startPasskeyRegistration(context(), acting)
    expect(await rejection(addPasskey(context(), acting, { response: phishing.register(foreign), name: null }))).toBe(
      'passkey_verification_failed',
    )
  })
})

describe('the account', () => {
  it('is deleted with every session, identifier and factor, and its primary address is told', async () => {
    const { account, acting, phone } = await twoDevices({ totp: true, backupCodes: true })
    await deleteAccount(context(), acting)
    expect(await db.$count(sessions, eq(sessions.userId, account.id))).toBe(0)
    expect(await db.$count(emailAddresses, eq(emailAddresses.userId, account.id))).toBe(0)
    expect(await db.$count(backupCodes, eq(backupCodes.userId, account.id))).toBe(0)
    expect((await auth(phone.token)).session).toBeNull()
    expect(messagesTo(account.email).at(-1)).toMatchObject({ subject: 'Your Tessera account was deleted' })
    expect(await rejection(signIn({ email: account.email }))).toBe('invalid_credentials')
  })

  it('makes a verified phone number primary', async () => {
    const { acting } = await twoDevices()
    const [a, b] = [newPhone(), newPhone()]
    for (const number of [a, b]) {
      const { phoneNumberId } = await addPhoneNumber(context(), acting, number)
      await verifyPhoneNumber(context(), acting, { phoneNumberId, code: lastCode(number), useForSecondFactor: false })
    }
    const second = (await securitySettings(context(), acting)).phoneNumbers.find((row) => row.phoneNumber === b)
    expect(second?.primary).toBe(false)
    await setPrimaryPhoneNumber(context(), acting, second?.id ?? '')
    const after = (await securitySettings(context(), acting)).phoneNumbers
    expect(after.map((row) => [row.phoneNumber, row.primary])).toEqual([
      [a, false],
      [b, true],
    ])
  })
})

describe('ways in', () => {
  it('refuses removing the last first factor an account could sign in with', async () => {
    const { id, email } = await createAccount({ password: null })
    const { session, clientId } = await signInByEmailCode(email)
    const acting = { id: session.id, userId: id, clientId }
    const config = { factors: { firstFactors: ['passkey' as const, 'phone_code' as const] } }
    const number = newPhone()
    const { phoneNumberId } = await addPhoneNumber(context(), acting, number)
    await verifyPhoneNumber(context(), acting, { phoneNumberId, code: lastCode(number), useForSecondFactor: false })
    expect(await rejection(removePhoneNumber(context(T0, config), acting, phoneNumberId))).toBe('factor_required')
    await removePhoneNumber(context(), acting, phoneNumberId)
  })
})
