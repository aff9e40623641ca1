/**
 * Instance secret keys: the credentials of the Backend API (`/v1`), shaped like the reference's
 * (`sk_live_…` / `sk_test_…`): a prefix that says what the string is (so secret scanners and people
 * recognise it), then 256 bits from the CSPRNG in base64url. Only a SHA-256 of a key is stored.
 */

/** `live` for an instance served over https, `test` otherwise (development, CI). */
export const SECRET_KEY_ENVIRONMENTS = ['live', 'test'] as const
export type SecretKeyEnvironment = (typeof SECRET_KEY_ENVIRONMENTS)[number]

/** A whole secret key: the prefix, then 43 base64url characters (256 bits). */
export const SECRET_KEY_PATTERN = /^sk_(?:live|test)_[A-Za-z0-9_-]{43}$/

/** How many characters of a key the console and the CLI show to tell keys apart (the prefix and 4 more). */
export const SECRET_KEY_HINT_LENGTH = 'sk_live_'.length + 4

export function formatSecretKey(environment: SecretKeyEnvironment, random: string): string {
  return `sk_${environment}_${random}`
}

/** `sk_live_AbCd…`: enough to recognise a key, nothing to use. */
export function secretKeyHint(key: string): string {
  return `${key.slice(0, SECRET_KEY_HINT_LENGTH)}…`
}

/** A key as the console and the CLI show it: never the key itself. */
export interface SecretKeyJSON {
  id: string
  name: string
  /** `sk_live_AbCd…`: the prefix and a few characters, never the key. */
  hint: string
  createdBy: string | null
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}
