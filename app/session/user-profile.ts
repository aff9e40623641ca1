/**
 * The user's own profile fields beyond the name: the username (when the instance turns usernames
 * on) and the two metadata objects the reference exposes on its User — `publicMetadata` (written
 * by the backend, read by the user) and `unsafeMetadata` (written by the user from the browser,
 * so never trusted for authorization). Both are bounded by their compact JSON size.
 * Contract: https://clerk.com/docs/reference/objects/user
 */

import type { JsonValue } from './json.ts'
import { USER_METADATA_MAX_BYTES, USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from './policy.ts'

export type JsonObject = { [key: string]: JsonValue }

/** Lower-case letters, digits, `_` and `-`, as the reference allows (it folds case too). */
export const USERNAME_PATTERN = new RegExp(`^[a-z0-9_-]{${USERNAME_MIN_LENGTH},${USERNAME_MAX_LENGTH}}$`)

/** The stored form of a username (trimmed, lower-case), or null when it cannot be one. */
export function normalizeUsername(input: string): string | null {
  const username = input.trim().toLowerCase()
  return USERNAME_PATTERN.test(username) ? username : null
}

/** The UTF-8 size of a value's compact JSON, as it is stored and sent. */
export function jsonByteLength(value: JsonValue): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength
}

/** Whether a metadata object fits its bound. */
export function metadataFits(value: JsonObject): boolean {
  return jsonByteLength(value) <= USER_METADATA_MAX_BYTES
}
