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

/** Whether a value is JSON as it would survive the wire unchanged (finite numbers, plain objects). */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 32) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1))
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false
  return Object.values(value).every((item) => isJsonValue(item, depth + 1))
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isJsonValue(value)
}

/**
 * The reference's `updateUserMetadata` merge: objects merge key by key at every depth, any other
 * value replaces, and a key set to null is removed.
 * Contract: https://clerk.com/docs/reference/backend/user/update-user-metadata
 */
export function mergeMetadata(current: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined
    if (value === null) {
      delete merged[key]
      continue
    }
    // Defined, not assigned: a key named `__proto__` stays a key (no prototype is ever set).
    Object.defineProperty(merged, key, {
      value: isJsonObject(value) && isJsonObject(existing) ? mergeMetadata(existing, value) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return merged
}
