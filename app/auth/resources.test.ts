import { beforeEach, describe, expect, it, vi } from 'vitest'
import { isTesseraError } from '../session/errors.ts'
import { PROFILE_IMAGE_MAX_BYTES } from '../session/policy.ts'
import type { UserJSON } from '../session/wire.ts'
import { toUserResource, type UserRuntime } from './resources.ts'

const { calls, server, record } = vi.hoisted(() => {
  const calls: Array<[string, unknown]> = []
  const server: { user: unknown } = { user: null }
  const record =
    (name: string, answer: () => unknown = () => ({ ok: true })) =>
    async (input?: { data?: unknown }) => {
      calls.push([name, input?.data])
      return answer()
    }
  return { calls, server, record }
})

vi.mock('../functions/profile.functions.ts', () => ({
  $getUser: record('$getUser', () => server.user),
  $updateUser: record('$updateUser', () => server.user),
  $setProfileImage: record('$setProfileImage', () => ({ digest: 'd' })),
  $removeProfileImage: record('$removeProfileImage'),
}))
vi.mock('../functions/account.functions.ts', () => ({
  $addEmailAddress: record('$addEmailAddress', () => ({ emailAddressId: 'idn_new' })),
  $addPhoneNumber: record('$addPhoneNumber', () => ({ phoneNumberId: 'idn_phone' })),
  $resendEmailVerification: record('$resendEmailVerification'),
  $verifyEmailAddress: record('$verifyEmailAddress'),
  $removeEmailAddress: record('$removeEmailAddress'),
  $sendPhoneVerification: record('$sendPhoneVerification'),
  $verifyPhoneNumber: record('$verifyPhoneNumber'),
  $removePhoneNumber: record('$removePhoneNumber'),
  $renamePasskey: record('$renamePasskey'),
  $removePasskey: record('$removePasskey'),
  $disableSmsSecondFactor: record('$disableSmsSecondFactor'),
  $setPrimaryPhoneNumber: record('$setPrimaryPhoneNumber'),
  $changePassword: record('$changePassword', () => ({ revokedSessions: 2 })),
  $startTotpSetup: record('$startTotpSetup', () => ({
    secret: 'JBSWY3DPEHPK3PXP',
    uri: 'otpauth://totp/x',
    qrCode: 'data:image/png;base64,',
  })),
  $confirmTotpSetup: record('$confirmTotpSetup', () => ({ backupCodes: ['aaaa-bbbb'] })),
  $removeTotp: record('$removeTotp'),
  $regenerateBackupCodes: record('$regenerateBackupCodes', () => ({ backupCodes: ['cccc-dddd', 'eeee-ffff'] })),
}))

const at = Date.parse('2026-01-01T12:00:00Z')
const base: UserJSON = {
  id: 'user_1',
  firstName: 'Ada',
  lastName: null,
  primaryEmailAddressId: 'idn_1',
  emailAddresses: [{ id: 'idn_1', emailAddress: 'ada@example.com', verified: true }],
  primaryPhoneNumberId: null,
  phoneNumbers: [],
  organizationMemberships: [],
  adminRole: null,
  imageUrl: null,
  hasImage: false,
  username: null,
  publicMetadata: { plan: 'gold' },
  unsafeMetadata: {},
  passwordEnabled: true,
  totpEnabled: true,
  backupCodeEnabled: true,
  twoFactorEnabled: true,
  passkeys: [{ id: 'pk_1', name: 'Laptop', createdAt: at, lastUsedAt: null, synced: true }],
  externalAccounts: [],
  createdAt: at,
  updatedAt: at,
}

const phone = (id: string, reserved: boolean, isDefault: boolean) => ({
  id,
  phoneNumber: `+1415555${id.slice(-4)}`,
  verified: true,
  reservedForSecondFactor: reserved,
  defaultSecondFactor: isDefault,
})

const failure = (promise: Promise<unknown> | undefined) =>
  promise?.then(
    () => null,
    (reason: unknown) => (isTesseraError(reason) ? reason.code : reason),
  )

const runtimeCalls: string[] = []
const runtime: UserRuntime = {
  refresh: async () => {
    runtimeCalls.push('refresh')
  },
  broadcast: () => runtimeCalls.push('broadcast'),
  clearTokenCache: () => runtimeCalls.push('clearTokenCache'),
}

beforeEach(() => {
  calls.length = 0
  runtimeCalls.length = 0
  server.user = base
})

describe('the User resource', () => {
  it('exposes the reference fields', () => {
    const user = toUserResource(base, runtime)
    expect(user).toMatchObject({
      fullName: 'Ada',
      primaryEmailAddress: { emailAddress: 'ada@example.com', verification: { status: 'verified' } },
      publicMetadata: { plan: 'gold' },
      twoFactorEnabled: true,
      totpEnabled: true,
      backupCodeEnabled: true,
    })
    expect(user.passkeys[0]?.createdAt).toEqual(new Date(at))
    expect(String(user.primaryEmailAddress)).toBe('ada@example.com')
  })

  it('reload() re-reads the user in place, as the reference docs rely on', async () => {
    const user = toUserResource(base, runtime)
    server.user = { ...base, firstName: 'Grace', unsafeMetadata: { step: 2 } }
    const same = await user.reload()
    expect(same).toBe(user)
    expect([user.firstName, user.fullName, user.unsafeMetadata]).toEqual(['Grace', 'Grace', { step: 2 }])
  })

  it('update() sends only the given fields, applies the answer and has every tab re-read', async () => {
    const user = toUserResource(base, runtime)
    server.user = { ...base, username: 'ada' }
    await user.update({ username: 'Ada', unsafeMetadata: { a: 1 } })
    expect(calls).toEqual([['$updateUser', { username: 'Ada', unsafeMetadata: { a: 1 } }]])
    expect(user.username).toBe('ada')
    expect(runtimeCalls).toEqual(['clearTokenCache', 'broadcast', 'refresh'])
  })

  it('createEmailAddress() adds without a code; the code goes out with prepareVerification()', async () => {
    const user = toUserResource(base, runtime)
    server.user = {
      ...base,
      emailAddresses: [...base.emailAddresses, { id: 'idn_new', emailAddress: 'new@example.com', verified: false }],
    }
    const created = await user.createEmailAddress({ email: 'new@example.com' })
    expect(created).toMatchObject({ id: 'idn_new', verification: { status: 'unverified', strategy: 'email_code' } })
    expect(user.emailAddresses.map((email) => email.id)).toEqual(['idn_1', 'idn_new'])
    await created.prepareVerification({ strategy: 'email_code' })
    const verified = await created.attemptVerification({ code: '123456' })
    expect(verified.verification.status).toBe('verified')
    expect(calls.map(([name, data]) => [name, data])).toEqual([
      ['$addEmailAddress', { email: 'new@example.com', sendCode: false }],
      ['$getUser', undefined],
      ['$resendEmailVerification', { emailAddressId: 'idn_new' }],
      ['$verifyEmailAddress', { emailAddressId: 'idn_new', code: '123456' }],
    ])
  })

  it('asks for an email link with the page it goes on to', async () => {
    const [email] = toUserResource(base, runtime).emailAddresses
    await email?.prepareVerification({ strategy: 'email_link', redirectUrl: '/account/add-email/verify' })
    expect(calls).toEqual([
      [
        '$resendEmailVerification',
        { emailAddressId: email?.id, strategy: 'email_link', redirectUrl: '/account/add-email/verify' },
      ],
    ])
  })

  it('refuses a strategy that is not ours without calling the server', async () => {
    const [email] = toUserResource(base, runtime).emailAddresses
    const error = await email?.prepareVerification({ strategy: 'phone_code' } as never).then(
      () => null,
      (reason: unknown) => reason,
    )
    expect(isTesseraError(error) && error.code).toBe('strategy_not_allowed')
    expect(calls).toEqual([])
  })

  it('createPhoneNumber() adds without a code; prepareVerification() texts one', async () => {
    const user = toUserResource(base, runtime)
    const created = await user.createPhoneNumber({ phoneNumber: '+14155550123' })
    await created.prepareVerification()
    expect(calls.map(([name]) => name)).toEqual(['$addPhoneNumber', '$getUser', '$sendPhoneVerification'])
    expect(calls[0]?.[1]).toEqual({ phoneNumber: '+14155550123', sendCode: false })
  })

  it('setProfileImage() uploads a Blob as base64, removes with null, and refuses an oversized file locally', async () => {
    const user = toUserResource(base, runtime)
    await user.setProfileImage({ file: new Blob([new Uint8Array([1, 2, 3])]) })
    await user.setProfileImage({ file: null })
    expect(calls.filter(([name]) => name !== '$getUser')).toEqual([
      ['$setProfileImage', { image: 'AQID' }],
      ['$removeProfileImage', undefined],
    ])
    calls.length = 0
    const error = await user.setProfileImage({ file: new Blob([new Uint8Array(PROFILE_IMAGE_MAX_BYTES + 1)]) }).then(
      () => null,
      (reason: unknown) => reason,
    )
    expect(isTesseraError(error) && error.code).toBe('image_too_large')
    expect(calls).toEqual([])
  })

  it('passkeys rename and delete through their server functions', async () => {
    const [passkey] = toUserResource(base, runtime).passkeys
    const renamed = await passkey?.update({ name: 'Work laptop' })
    await passkey?.delete()
    expect(renamed?.name).toBe('Work laptop')
    expect(calls).toEqual([
      ['$renamePasskey', { passkeyId: 'pk_1', name: 'Work laptop' }],
      ['$removePasskey', { passkeyId: 'pk_1' }],
    ])
  })

  it('updatePassword() sends the reference parameters under ours, then re-reads the user', async () => {
    const user = toUserResource(base, runtime)
    const same = await user.updatePassword({ currentPassword: 'old one', newPassword: 'a new passphrase' })
    await user.updatePassword({ newPassword: 'first', signOutOfOtherSessions: false })
    expect(same).toBe(user)
    expect(calls.filter(([name]) => name !== '$getUser')).toEqual([
      ['$changePassword', { currentPassword: 'old one', newPassword: 'a new passphrase', signOutOtherSessions: true }],
      ['$changePassword', { currentPassword: null, newPassword: 'first', signOutOtherSessions: false }],
    ])
    expect(runtimeCalls).toContain('clearTokenCache')
  })

  it('createTOTP(), verifyTOTP() and disableTOTP() set up and remove the authenticator app', async () => {
    const user = toUserResource(base, runtime)
    const totp = await user.createTOTP()
    expect(totp).toMatchObject({ id: 'user_1', secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/x', verified: false })
    const verified = await user.verifyTOTP({ code: '123456' })
    expect(verified).toMatchObject({ verified: true, backupCodes: ['aaaa-bbbb'] })
    const deleted = await user.disableTOTP()
    expect(deleted).toEqual({ object: 'totp', id: 'user_1', deleted: true })
    expect(calls.filter(([name]) => name !== '$getUser')).toEqual([
      ['$startTotpSetup', undefined],
      ['$confirmTotpSetup', { code: '123456' }],
      ['$removeTotp', undefined],
    ])
  })

  it('createBackupCode() answers the new set, shown once', async () => {
    const codes = await toUserResource(base, runtime).createBackupCode()
    expect(codes).toMatchObject({ id: 'user_1', codes: ['cccc-dddd', 'eeee-ffff'] })
    expect(calls[0]).toEqual(['$regenerateBackupCodes', undefined])
  })

  it('phone numbers say whether they receive second-factor codes, and which is the default', async () => {
    const user = toUserResource(
      {
        ...base,
        phoneNumbers: [phone('idn_p001', true, false), phone('idn_p002', true, true), phone('idn_p003', false, false)],
      },
      runtime,
    )
    const [first, second, third] = user.phoneNumbers
    expect([first, second, third].map((p) => [p?.reservedForSecondFactor, p?.defaultSecondFactor])).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ])
    const unreserved = await first?.setReservedForSecondFactor({ reserved: false })
    expect(unreserved).toMatchObject({ reservedForSecondFactor: false, defaultSecondFactor: false })
    const made = await first?.makeDefaultSecondFactor()
    expect(made?.defaultSecondFactor).toBe(true)
    // Already as asked: nothing is called.
    expect(await second?.setReservedForSecondFactor({ reserved: true })).toBe(second)
    expect(await second?.makeDefaultSecondFactor()).toBe(second)
    expect(calls).toEqual([
      ['$disableSmsSecondFactor', { phoneNumberId: 'idn_p001' }],
      ['$setPrimaryPhoneNumber', { phoneNumberId: 'idn_p001' }],
    ])
  })

  it('a number starts receiving second-factor codes only with a code sent to it now', async () => {
    const [number] = toUserResource({ ...base, phoneNumbers: [phone('idn_p003', false, false)] }, runtime).phoneNumbers
    expect(await failure(number?.setReservedForSecondFactor({ reserved: true }))).toBe('second_factor_code_required')
    expect(await failure(number?.makeDefaultSecondFactor())).toBe('second_factor_code_required')
    expect(calls).toEqual([])
    await number?.prepareVerification()
    const reserved = await number?.attemptVerification({ code: '123456', reserveForSecondFactor: true })
    expect(reserved?.reservedForSecondFactor).toBe(true)
    expect(calls).toEqual([
      ['$sendPhoneVerification', { phoneNumberId: 'idn_p003' }],
      ['$verifyPhoneNumber', { phoneNumberId: 'idn_p003', code: '123456', useForSecondFactor: true }],
    ])
  })
})
