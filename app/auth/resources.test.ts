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

  it('refuses an email link (Tessera sends codes only) without calling the server', async () => {
    const [email] = toUserResource(base, runtime).emailAddresses
    const error = await email?.prepareVerification({ strategy: 'email_link' } as never).then(
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
})
