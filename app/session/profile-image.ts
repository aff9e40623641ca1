/**
 * Profile images: which files are accepted (recognised by their first bytes, never by the name or
 * the type the browser claims), and the URL an image is served at. The URL names the image's
 * content hash, so it is immutable: a new image gets a new URL, and the old one stops resolving.
 */

/** The formats accepted for upload (each decoded, then re-encoded as PROFILE_IMAGE_OUTPUT_TYPE). */
export const PROFILE_IMAGE_INPUT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const

export type ProfileImageInputType = (typeof PROFILE_IMAGE_INPUT_TYPES)[number]

/** What every stored profile image is: small, and shown by every browser in use. */
export const PROFILE_IMAGE_OUTPUT_TYPE = 'image/webp'

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) =>
  prefix.every((byte, index) => bytes[offset + index] === byte)

/** The accepted format these bytes are, from their signature, or null (SVG, HEIC, GIF, anything else). */
export function sniffImageType(bytes: Uint8Array): ProfileImageInputType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return null
}

/** base64url SHA-256: 43 characters. */
export const IMAGE_DIGEST_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** Where the user's current image is served (same origin; immutable). */
export function profileImageUrl(userId: string, digest: string): string {
  return `/images/users/${userId}/${digest}`
}
