/**
 * Password rules (NIST SP 800-63B-4 §3.1.1.2): a length range counted in code points after NFKC
 * normalisation, no composition rules, and no common or context-specific passwords.
 */

import type { ErrorCode } from './errors.ts'
import { PASSWORD_MAX_LENGTH } from './policy.ts'

export interface PasswordContext {
  minLength: number
  /** Words a password must not be built from: the app's name, the email's local part, the user's names. */
  contextWords: readonly string[]
  /** True when a lower-cased candidate is on the common-password blocklist. */
  isCommon: (lowerCased: string) => boolean
}

export interface PasswordProblem {
  code: Extract<ErrorCode, 'password_too_short' | 'password_too_long' | 'password_too_common'>
  meta?: Record<string, number>
}

/** Passwords are compared exactly as typed, after the one normalisation NIST recommends. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length
}

/** Strips the digits and symbols people wrap around a word ("Tessera2024!" → "tessera"). */
function core(lowerCased: string): string {
  return lowerCased.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
}

export function passwordProblem(password: string, context: PasswordContext): PasswordProblem | null {
  const length = passwordLength(password)
  if (length < context.minLength) return { code: 'password_too_short', meta: { minLength: context.minLength } }
  if (length > PASSWORD_MAX_LENGTH) return { code: 'password_too_long', meta: { maxLength: PASSWORD_MAX_LENGTH } }
  const lower = normalizePassword(password).toLowerCase()
  const stripped = core(lower)
  const words = context.contextWords.map((word) => word.toLowerCase()).filter((word) => word.length >= 3)
  if (context.isCommon(lower) || context.isCommon(stripped) || words.includes(stripped)) {
    return { code: 'password_too_common' }
  }
  return null
}
