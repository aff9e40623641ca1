/**
 * What the User resource's second-factor and password methods (app/auth/second-factors.ts,
 * phone-numbers.ts) rest on, on a real database: the user JSON says which numbers receive
 * second-factor codes and which is the default (the one a second-factor step offers first), making
 * a number the default makes it primary, another user's number is not found, and input the
 * services refuse changes nothing. Which sensitive action (and so which reverification) each
 * server function declares is app/architecture.test.ts's to prove.
 */

import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { backupCodes, passwordCredentials, phoneNumbers, totpCredentials } from '../../db/schema.ts'
import { authFixtures, newPhone, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import {
  addPhoneNumber,
  changePassword,
  confirmTotp,
  disableSmsSecondFactor,
  regenerateBackupCodes,
  removeTotp,
  setPrimaryPhoneNumber,
  startTotp,
  verifyPhoneNumber,
} from './account.server.ts'
import { getUser } from './backend-api.server.ts'
import { toUserJSON } from './client-snapshot.server.ts'
import { secondFactorsOf } from './factors.server.ts'
import { loadUsers } from './users.server.ts'

const { db } = await openTestDatabase()
const { context, signUp, lastCode } = authFixtures(db)

async function person() {
  const signed = await signUp()
  return { ...signed, acting: { id: signed.session.id, userId: signed.userId, clientId: signed.clientId } }
}
type Person = Awaited<ReturnType<typeof person>>

/** A verified number; with `reserve`, receiving second-factor codes (the code texted to it came back). */
async function number(who: Person, reserve: boolean) {
  const phone = newPhone()
  const { phoneNumberId } = await addPhoneNumber(context(), who.acting, phone)
  await verifyPhoneNumber(context(), who.acting, { phoneNumberId, code: lastCode(phone), useForSecondFactor: reserve })
  return phoneNumberId
}

async function userJSON(userId: string) {
  const loaded = (await loadUsers(db, context().config.access, [userId])).get(userId)
  if (!loaded) throw new Error('no such user')
  return toUserJSON(loaded)
}

const phonesOf = async (userId: string) =>
  (await userJSON(userId)).phoneNumbers.map((p) => [p.id, p.reservedForSecondFactor, p.defaultSecondFactor])

describe('phone numbers as second factors', () => {
  it('say which receive codes and which is the default; making one the default makes it primary', async () => {
    const ada = await person()
    const first = await number(ada, true)
    const second = await number(ada, true)
    const plain = await number(ada, false)
    // The first verified number became primary: it is the default.
    expect(await phonesOf(ada.userId)).toEqual(
      expect.arrayContaining([
        [first, true, true],
        [second, true, false],
        [plain, false, false],
      ]),
    )
    const backend = await getUser(db, ada.userId)
    expect(backend.phone_numbers.find((p) => p.id === second)?.default_second_factor).toBe(false)

    // makeDefaultSecondFactor()
    await setPrimaryPhoneNumber(context(), ada.acting, second)
    expect(await phonesOf(ada.userId)).toEqual(
      expect.arrayContaining([
        [first, true, false],
        [second, true, true],
      ]),
    )
    // The default is the number a second-factor step offers first.
    const offered = await secondFactorsOf(context(), ada.userId)
    expect(offered.find((factor) => factor.strategy === 'phone_code')).toMatchObject({ phoneNumberId: second })
    expect((await getUser(db, ada.userId)).phone_numbers.find((p) => p.id === second)?.default_second_factor).toBe(true)

    // setReservedForSecondFactor({ reserved: false })
    await disableSmsSecondFactor(context(), ada.acting, second)
    expect(await phonesOf(ada.userId)).toEqual(
      expect.arrayContaining([
        [first, true, true],
        [second, false, false],
      ]),
    )
  })

  it("another user's number is not found, and nothing of it changes", async () => {
    const ada = await person()
    const eve = await person()
    const adas = await number(ada, true)
    await number(ada, false)
    const before = await db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, ada.userId))
    expect(await rejection(disableSmsSecondFactor(context(), eve.acting, adas))).toBe('identifier_not_found')
    expect(await rejection(setPrimaryPhoneNumber(context(), eve.acting, adas))).toBe('identifier_not_found')
    expect(
      await rejection(
        verifyPhoneNumber(context(), eve.acting, { phoneNumberId: adas, code: '123456', useForSecondFactor: true }),
      ),
    ).toBe('identifier_not_found')
    expect(await db.select().from(phoneNumbers).where(eq(phoneNumbers.userId, ada.userId))).toEqual(before)
  })
})

describe('the authenticator app, backup codes and password', () => {
  it('refuse what they cannot do with a coded 4xx, changing nothing', async () => {
    const ada = await person()
    // createBackupCode() with no second factor to back up.
    expect(await rejection(regenerateBackupCodes(context(), ada.acting))).toBe('backup_codes_unavailable')
    expect(await db.select().from(backupCodes).where(eq(backupCodes.userId, ada.userId))).toEqual([])
    // disableTOTP() without one.
    expect(await rejection(removeTotp(context(), ada.acting))).toBe('totp_not_enrolled')
    // verifyTOTP() before createTOTP(), then with a wrong code.
    expect(await rejection(confirmTotp(context(), ada.acting, '123456'))).toBe('totp_not_enrolled')
    await startTotp(context(), ada.acting)
    expect(await rejection(confirmTotp(context(), ada.acting, '000000'))).toMatch(/^code_/)
    const [pending] = await db.select().from(totpCredentials).where(eq(totpCredentials.userId, ada.userId))
    expect(pending?.verifiedAt).toBeNull()
    // updatePassword() with a wrong current password, or a too short new one.
    const [hash] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, ada.userId))
    const change = (currentPassword: string | null, newPassword: string) =>
      changePassword(context(), ada.acting, { currentPassword, newPassword, signOutOtherSessions: true })
    expect(await rejection(change('not the password', 'a brand new passphrase'))).toBe('password_incorrect')
    expect(await rejection(change(null, 'a brand new passphrase'))).toBe('invalid_input')
    expect(await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, ada.userId))).toEqual([
      hash,
    ])
  })

  it("act on the signed-in user only: another user's app and codes are untouched", async () => {
    const ada = await person()
    const eve = await person()
    await number(ada, true)
    const codes = await regenerateBackupCodes(context(), ada.acting)
    expect(codes.length).toBeGreaterThan(0)
    // Eve acting: her own (missing) second factors answer, never Ada's.
    expect(await rejection(regenerateBackupCodes(context(), eve.acting))).toBe('backup_codes_unavailable')
    expect(await rejection(removeTotp(context(), eve.acting))).toBe('totp_not_enrolled')
    expect(await db.select().from(backupCodes).where(eq(backupCodes.userId, ada.userId))).toHaveLength(codes.length)
  })
})
