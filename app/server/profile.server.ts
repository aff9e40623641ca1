/**
 * The user's profile: their name and their profile image. An image is checked by its bytes (JPEG,
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
} from '../session/policy.ts'
import { PROFILE_IMAGE_OUTPUT_TYPE, sniffImageType } from '../session/profile-image.ts'
import { type ActingSession, recordSecurityEvent } from './security-events.server.ts'
import type { ServiceContext } from './service-context.server.ts'
import { announceUserUpdated } from './users.server.ts'

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

export async function updateProfile(
  ctx: ServiceContext,
  session: ActingSession,
  input: { firstName: string | null; lastName: string | null },
): Promise<void> {
  const [current] = await ctx.db
    .select({ firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(eq(users.id, session.userId))
  if (!current) throw new TesseraError('user_not_found')
  if (current.firstName === input.firstName && current.lastName === input.lastName) return
  const name = (value: { firstName: string | null; lastName: string | null }) =>
    [value.firstName, value.lastName].filter(Boolean).join(' ') || '(none)'
  await change(ctx, session, 'profile_updated', `${name(current)} → ${name(input)}`, async (tx) => {
    await tx
      .update(users)
      .set({ firstName: input.firstName, lastName: input.lastName })
      .where(eq(users.id, session.userId))
  })
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
