/**
 * The user's profile: their name, username and unsafe metadata, and their profile image. An image is checked by its bytes (JPEG,
 * PNG or WebP; never SVG), size and pixel count before it is decoded, turned upright, cropped to a
 * square, resized, re-encoded (which drops every byte of metadata: EXIF, GPS, ICC, comments) and
 * stored in Postgres under its content hash. Each change is in the session's ledger and announced
 * as `user.updated`.
 */

import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import sharp from 'sharp'
import type { Database } from '../../db/client.ts'
import { profileImages, users } from '../../db/schema.ts'
import { TesseraError } from '../session/errors.ts'
import type { ProfileEventType } from '../session/events.ts'
import {
  PROFILE_IMAGE_MAX_AGE_SECONDS,
  PROFILE_IMAGE_MAX_BYTES,
  PROFILE_IMAGE_MAX_INPUT_PIXELS,
  PROFILE_IMAGE_SIZE_PX,
  USER_METADATA_MAX_BYTES,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from '../session/policy.ts'
import { PROFILE_IMAGE_OUTPUT_TYPE, sniffImageType } from '../session/profile-image.ts'
import { type JsonObject, metadataFits, normalizeUsername } from '../session/user-profile.ts'
import type { UserJSON } from '../session/wire.ts'
import { toUserJSON } from './client-snapshot.server.ts'
import { isUniqueViolation } from './db-errors.server.ts'
import { type ActingSession, recordSecurityEvent } from './security-events.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { announceUserUpdated, loadUsers } from './users.server.ts'

// One image at a time per process, and no cache of decoded images: memory stays bounded.
sharp.cache(false)
sharp.concurrency(1)

async function change(
  ctx: ServiceContext,
  session: ActingSession,
  event: ProfileEventType,
  detail: string | null,
  work: (tx: Database) => Promise<void>,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await work(tx)
    await tx.update(users).set({ updatedAt: ctx.now }).where(eq(users.id, session.userId))
    await recordSecurityEvent(ctx, tx, session, event, detail)
    await announceUserUpdated(tx, session.userId, ctx.now)
  })
}

/** What `user.update()` may change; a field left out stays as it is. */
export interface UserUpdate {
  firstName?: string | null
  lastName?: string | null
  /** Only when the instance has usernames on; null removes it. */
  username?: string | null
  /** Replaces the whole object, as the reference's `update({ unsafeMetadata })` does. */
  unsafeMetadata?: JsonObject
}

const fullName = (value: { firstName: string | null; lastName: string | null }) =>
  [value.firstName, value.lastName].filter(Boolean).join(' ') || '(none)'

/**
 * The reference's `user.update()`: names, username and `unsafeMetadata`. Bad input is refused
 * before anything changes; an unchanged value records nothing. `publicMetadata` is not the user's
 * to write (the backend's).
 */
export async function updateUser(ctx: ServiceContext, session: ActingSession, input: UserUpdate): Promise<void> {
  let username: string | null | undefined = input.username
  if (username !== undefined) {
    if (!ctx.config.users.usernames) throw new TesseraError('username_not_enabled')
    if (username !== null) {
      username = normalizeUsername(username)
      if (username === null) throw new TesseraError('invalid_input', { meta: { issues: [USERNAME_ISSUE] } })
    }
  }
  if (input.unsafeMetadata !== undefined && !metadataFits(input.unsafeMetadata))
    throw new TesseraError('metadata_too_large', { meta: { maxBytes: USER_METADATA_MAX_BYTES } })

  const [current] = await ctx.db
    .select({
      firstName: users.firstName,
      lastName: users.lastName,
      username: users.username,
      unsafeMetadata: users.unsafeMetadata,
    })
    .from(users)
    .where(eq(users.id, session.userId))
  if (!current) throw new TesseraError('user_not_found')
  const next = {
    firstName: input.firstName === undefined ? current.firstName : input.firstName,
    lastName: input.lastName === undefined ? current.lastName : input.lastName,
    username: username === undefined ? current.username : username,
    unsafeMetadata: input.unsafeMetadata ?? current.unsafeMetadata,
  }
  const changes: string[] = []
  if (next.firstName !== current.firstName || next.lastName !== current.lastName)
    changes.push(`${fullName(current)} → ${fullName(next)}`)
  if (next.username !== current.username)
    changes.push(`username ${current.username ?? '(none)'} → ${next.username ?? '(none)'}`)
  if (JSON.stringify(next.unsafeMetadata) !== JSON.stringify(current.unsafeMetadata)) changes.push('unsafe metadata')
  if (changes.length === 0) return
  try {
    await change(ctx, session, 'profile_updated', changes.join('; '), async (tx) => {
      await tx.update(users).set(next).where(eq(users.id, session.userId))
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw new TesseraError('username_taken')
    throw error
  }
}

const USERNAME_ISSUE = {
  path: 'username',
  message: `Use ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} letters, digits, _ or -.`,
}

/** The signed-in user as the browser's User resource reads it (`user.reload()`). */
export async function ownUser(ctx: ServiceContext, userId: string): Promise<UserJSON> {
  const user = (await loadUsers(ctx.db, ctx.config.access, [userId])).get(userId)
  if (!user) throw new TesseraError('user_not_found')
  return toUserJSON(user)
}

/** A square WebP of PROFILE_IMAGE_SIZE_PX, upright, with no metadata; refuses anything else with a coded error. */
export async function normalizeProfileImage(input: Uint8Array): Promise<Uint8Array> {
  if (input.byteLength > PROFILE_IMAGE_MAX_BYTES)
    throw new TesseraError('image_too_large', { meta: { maxBytes: PROFILE_IMAGE_MAX_BYTES } })
  if (sniffImageType(input) === null) throw new TesseraError('image_invalid', { meta: { reason: 'type' } })
  const image = sharp(input, { limitInputPixels: PROFILE_IMAGE_MAX_INPUT_PIXELS, pages: 1, failOn: 'error' })
  try {
    return await image
      .rotate()
      .resize(PROFILE_IMAGE_SIZE_PX, PROFILE_IMAGE_SIZE_PX, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer()
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message))
      throw new TesseraError('image_too_large', { meta: { maxPixels: PROFILE_IMAGE_MAX_INPUT_PIXELS } })
    throw new TesseraError('image_invalid', { meta: { reason: 'undecodable' } })
  }
}

export async function setProfileImage(ctx: ServiceContext, session: ActingSession, input: Uint8Array): Promise<string> {
  const bytes = await normalizeProfileImage(input)
  const digest = createHash('sha256').update(bytes).digest('base64url')
  const row = { digest, contentType: PROFILE_IMAGE_OUTPUT_TYPE, bytes: Buffer.from(bytes), createdAt: ctx.now }
  await change(ctx, session, 'profile_image_set', null, async (tx) => {
    await tx
      .insert(profileImages)
      .values({ userId: session.userId, ...row })
      .onConflictDoUpdate({ target: profileImages.userId, set: row })
    await tx.update(users).set({ imageDigest: digest }).where(eq(users.id, session.userId))
  })
  return digest
}

export async function removeProfileImage(ctx: ServiceContext, session: ActingSession): Promise<void> {
  const [current] = await ctx.db
    .select({ imageDigest: users.imageDigest })
    .from(users)
    .where(eq(users.id, session.userId))
  if (!current?.imageDigest) return
  await change(ctx, session, 'profile_image_removed', null, async (tx) => {
    await tx.delete(profileImages).where(eq(profileImages.userId, session.userId))
    await tx.update(users).set({ imageDigest: null }).where(eq(users.id, session.userId))
  })
}

/** The image stored under this user and digest, or null (another digest is an old URL: gone). */
export async function loadProfileImage(
  db: Database,
  userId: string,
  digest: string,
): Promise<{ contentType: string; bytes: Uint8Array } | null> {
  const [row] = await db
    .select({ contentType: profileImages.contentType, bytes: profileImages.bytes })
    .from(profileImages)
    .where(and(eq(profileImages.userId, userId), eq(profileImages.digest, digest)))
  return row ?? null
}

/**
 * The answer to `GET /images/users/:userId/:digest`: public like the reference's image URLs (the
 * URL holds an unguessable content hash). The URL never changes meaning, so browsers and proxies
 * keep it for a year; a new image has a new URL, and an old URL answers 404.
 */
export async function profileImageResponse(
  db: Database,
  request: Request,
  { userId, digest }: { userId: string; digest: string },
): Promise<Response> {
  const image = await loadProfileImage(db, userId, digest)
  if (!image) throw new TesseraError('not_found')
  const etag = `"${digest}"`
  const cacheControl = `public, max-age=${PROFILE_IMAGE_MAX_AGE_SECONDS}, immutable`
  if (request.headers.get('if-none-match') === etag)
    return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } })
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      'content-type': image.contentType,
      'content-length': String(image.bytes.byteLength),
      'cache-control': cacheControl,
      etag,
      'cross-origin-resource-policy': 'same-origin',
      'content-security-policy': "default-src 'none'; sandbox",
    },
  })
}
