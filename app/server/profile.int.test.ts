/**
 * The profile, on a real database: a name change and an image are in the ledger; an image is
 * checked by its bytes, size and pixels, stripped of metadata, squared and resized, stored under
 * its content hash, and gone (with its URL) when removed or replaced. @see issue 22 ("A profile")
 */

import { crc32 } from 'node:zlib'
import { eq } from 'drizzle-orm'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { passkeys, profileImages, sessionEvents, users } from '../../db/schema.ts'
import { authFixtures, rejection } from '../../test/support/auth-fixtures.ts'
import { openTestDatabase } from '../../test/support/database.ts'
import { PROFILE_IMAGE_MAX_BYTES, PROFILE_IMAGE_SIZE_PX, USER_METADATA_MAX_BYTES } from '../session/policy.ts'
import { loadProfileImage, ownUser, removeProfileImage, setProfileImage, updateUser } from './profile.server.ts'

const { db } = await openTestDatabase()
const { context, createAccount, signIn } = authFixtures(db)

async function signedIn() {
  const account = await createAccount()
  const { session, clientId } = await signIn({ email: account.email })
  return { account, acting: { id: session.id, userId: account.id, clientId } }
}

const eventsOf = async (sessionId: string) =>
  (await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, sessionId)).orderBy(sessionEvents.id))
    .filter((event) => event.type.startsWith('profile_'))
    .map((event) => ({ type: event.type, detail: event.detail }))

/** A photo as a phone takes it: 1200×800 JPEG with EXIF (camera, GPS) and a rotation flag. */
const photo = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .jpeg()
    .withMetadata({
      orientation: 6,
      exif: { IFD0: { Make: 'PhoneCo', Model: 'Snap 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } },
    })
    .toBuffer()

describe('updateUser', () => {
  it('changes the name and records the change in the ledger; an unchanged name records nothing', async () => {
    const { account, acting } = await signedIn()
    await updateUser(context(), acting, { firstName: 'Zoë', lastName: '😀' })
    await updateUser(context(), acting, { firstName: 'Zoë', lastName: '😀' })
    const [row] = await db.select().from(users).where(eq(users.id, account.id))
    expect(row).toMatchObject({ firstName: 'Zoë', lastName: '😀' })
    expect(await eventsOf(acting.id)).toEqual([{ type: 'profile_updated', detail: 'Test → Zoë 😀' }])
  })
})

describe('updateUser: username and unsafe metadata', () => {
  const usernames = { users: { usernames: true } }
  const rowOf = async (userId: string) => (await db.select().from(users).where(eq(users.id, userId)))[0]

  it('changes only the fields given, and ownUser reads them back', async () => {
    const { account, acting } = await signedIn()
    await updateUser(context(undefined, usernames), acting, {
      username: `  Ada_${account.id.slice(-8)} `,
      unsafeMetadata: { theme: 'dark', onboarding: { step: 2 } },
    })
    await updateUser(context(), acting, { firstName: 'Ada' })
    const user = await ownUser(context(), account.id)
    expect(user).toMatchObject({
      firstName: 'Ada',
      lastName: null,
      username: `ada_${account.id.slice(-8).toLowerCase()}`,
      unsafeMetadata: { theme: 'dark', onboarding: { step: 2 } },
      publicMetadata: {},
    })
    expect((await eventsOf(acting.id)).map((event) => event.detail)).toEqual([
      `username (none) → ada_${account.id.slice(-8).toLowerCase()}; unsafe metadata`,
      'Test → Ada',
    ])
  })

  it('refuses a username while usernames are off, and changes nothing', async () => {
    const { account, acting } = await signedIn()
    const before = await rowOf(account.id)
    expect(await rejection(updateUser(context(), acting, { username: 'someone', firstName: 'Changed' }))).toBe(
      'username_not_enabled',
    )
    expect(await rowOf(account.id)).toEqual(before)
    expect(await eventsOf(acting.id)).toEqual([])
  })

  it.each(['abc', 'has space', 'ümlaut', 'a'.repeat(65), 'semi;colon'])(
    'refuses the username %j with invalid_input, and changes nothing',
    async (username) => {
      const { account, acting } = await signedIn()
      const before = await rowOf(account.id)
      expect(await rejection(updateUser(context(undefined, usernames), acting, { username }))).toBe('invalid_input')
      expect(await rowOf(account.id)).toEqual(before)
    },
  )

  it("refuses another user's username whatever its case, and changes nothing", async () => {
    const first = await signedIn()
    const second = await signedIn()
    const name = `taken_${first.account.id.slice(-8).toLowerCase()}`
    await updateUser(context(undefined, usernames), first.acting, { username: name })
    const before = await rowOf(second.account.id)
    expect(
      await rejection(
        updateUser(context(undefined, usernames), second.acting, { username: name.toUpperCase(), firstName: 'X' }),
      ),
    ).toBe('username_taken')
    expect(await rowOf(second.account.id)).toEqual(before)
    expect((await rowOf(first.account.id))?.username).toBe(name)
  })

  it('refuses unsafe metadata over the limit with metadata_too_large, and changes nothing', async () => {
    const { account, acting } = await signedIn()
    await updateUser(context(), acting, { unsafeMetadata: { kept: true } })
    const over = { blob: 'x'.repeat(USER_METADATA_MAX_BYTES) }
    expect(await rejection(updateUser(context(), acting, { unsafeMetadata: over, lastName: 'Y' }))).toBe(
      'metadata_too_large',
    )
    expect(await rowOf(account.id)).toMatchObject({ unsafeMetadata: { kept: true }, lastName: null })
    // Exactly at the limit fits (the bound is the compact JSON's UTF-8 bytes).
    const fits = { b: 'é'.repeat((USER_METADATA_MAX_BYTES - '{"b":""}'.length) / 2) }
    await updateUser(context(), acting, { unsafeMetadata: fits })
    expect((await rowOf(account.id))?.unsafeMetadata).toEqual(fits)
  })

  it("changes the acting user only: another user's row is untouched", async () => {
    const first = await signedIn()
    const second = await signedIn()
    const before = await rowOf(second.account.id)
    await updateUser(context(), first.acting, { firstName: 'Only', unsafeMetadata: { mine: 1 } })
    expect(await rowOf(second.account.id)).toEqual(before)
  })
})

describe("ownUser: the User resource's factor fields", () => {
  it('says which factors are enrolled, for this user only', async () => {
    const plain = await createAccount()
    const strong = await createAccount({ password: null, totp: true, backupCodes: true })
    await db.insert(passkeys).values({
      id: `pk_${strong.id.slice(-12)}`,
      userId: strong.id,
      name: 'Laptop',
      credentialId: `cred-${strong.id}`,
      publicKey: 'pk',
      counter: 0,
      transports: [],
      deviceType: 'multiDevice',
      backedUp: true,
      createdAt: new Date(0),
    })
    expect(await ownUser(context(), plain.id)).toMatchObject({
      passwordEnabled: true,
      totpEnabled: false,
      backupCodeEnabled: false,
      twoFactorEnabled: false,
      passkeys: [],
    })
    expect(await ownUser(context(), strong.id)).toMatchObject({
      passwordEnabled: false,
      totpEnabled: true,
      backupCodeEnabled: true,
      twoFactorEnabled: true,
      passkeys: [{ id: `pk_${strong.id.slice(-12)}`, name: 'Laptop', createdAt: 0, lastUsedAt: null, synced: true }],
    })
  })

  it('refuses an unknown user with user_not_found', async () => {
    expect(await rejection(ownUser(context(), 'user_doesnotexist000000000000'))).toBe('user_not_found')
  })
})

describe('setProfileImage', () => {
  it('stores a square WebP without metadata under its content hash, and records it', async () => {
    const { account, acting } = await signedIn()
    const input = await photo()
    expect((await sharp(input).metadata()).exif).toBeDefined()

    const digest = await setProfileImage(context(), acting, input)
    const [user] = await db.select().from(users).where(eq(users.id, account.id))
    expect(user?.imageDigest).toBe(digest)
    const stored = await loadProfileImage(db, account.id, digest)
    expect(stored?.contentType).toBe('image/webp')
    const metadata = await sharp(stored?.bytes).metadata()
    expect(metadata).toMatchObject({ format: 'webp', width: PROFILE_IMAGE_SIZE_PX, height: PROFILE_IMAGE_SIZE_PX })
    expect(metadata.exif).toBeUndefined()
    expect(metadata.icc).toBeUndefined()
    expect(metadata.xmp).toBeUndefined()
    expect(metadata.orientation).toBeUndefined()
    expect(await eventsOf(acting.id)).toEqual([{ type: 'profile_image_set', detail: null }])
  })

  it('replaces the image: the old URL no longer resolves', async () => {
    const { account, acting } = await signedIn()
    const first = await setProfileImage(context(), acting, await photo())
    const png = await sharp({ create: { width: 64, height: 300, channels: 4, background: '#0af' } })
      .png()
      .toBuffer()
    const second = await setProfileImage(context(), acting, png)
    expect(second).not.toBe(first)
    expect(await loadProfileImage(db, account.id, first)).toBeNull()
    expect(await loadProfileImage(db, account.id, second)).not.toBeNull()
  })

  it.each([
    [
      'an SVG (scripts run in it)',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['HTML named .png', Buffer.from('<html><body>hi</body></html>')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;')],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])],
  ])('refuses %s with image_invalid and changes nothing', async (_, bytes) => {
    const { account, acting } = await signedIn()
    expect(await rejection(setProfileImage(context(), acting, bytes))).toBe('image_invalid')
    expect((await db.select().from(profileImages).where(eq(profileImages.userId, account.id))).length).toBe(0)
    expect(await eventsOf(acting.id)).toEqual([])
  })

  it('refuses a file over the size limit, and an image with too many pixels, with image_too_large', async () => {
    const { acting } = await signedIn()
    const huge = Buffer.alloc(PROFILE_IMAGE_MAX_BYTES + 1, 0xff)
    expect(await rejection(setProfileImage(context(), acting, huge))).toBe('image_too_large')
    // A tiny PNG whose header claims 60,000 × 60,000 pixels (a decompression bomb): refused before decoding.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    bomb.writeUInt32BE(60_000, 16)
    bomb.writeUInt32BE(60_000, 20)
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29)
    expect(await rejection(setProfileImage(context(), acting, bomb))).toBe('image_too_large')
  })
})

describe('removeProfileImage', () => {
  it('deletes the image and its URL, and records it; with no image it does nothing', async () => {
    const { account, acting } = await signedIn()
    const digest = await setProfileImage(context(), acting, await photo())
    await removeProfileImage(context(), acting)
    await removeProfileImage(context(), acting)
    const [user] = await db.select().from(users).where(eq(users.id, account.id))
    expect(user?.imageDigest).toBeNull()
    expect(await loadProfileImage(db, account.id, digest)).toBeNull()
    expect((await eventsOf(acting.id)).map((event) => event.type)).toEqual([
      'profile_image_set',
      'profile_image_removed',
    ])
  })
})
