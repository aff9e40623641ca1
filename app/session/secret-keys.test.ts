import { describe, expect, it } from 'vitest'
import { formatSecretKey, SECRET_KEY_PATTERN, secretKeyHint } from './secret-keys.ts'

const RANDOM = 'AbCd'.padEnd(43, 'x-_')

describe('secret keys', () => {
  it('are sk_live_ or sk_test_ and 43 base64url characters, nothing else', () => {
    expect(formatSecretKey('live', RANDOM)).toMatch(SECRET_KEY_PATTERN)
    expect(formatSecretKey('test', RANDOM)).toMatch(SECRET_KEY_PATTERN)
    for (const key of [
      `sk_prod_${RANDOM}`,
      `sk_test_${RANDOM}x`,
      `sk_test_${RANDOM.slice(1)}`,
      `sk_test_${RANDOM.slice(1)}=`,
      `pk_test_${RANDOM}`,
      ` sk_test_${RANDOM}`,
    ]) {
      expect(key).not.toMatch(SECRET_KEY_PATTERN)
    }
  })

  it('are shown by a hint of the prefix and four characters', () => {
    expect(secretKeyHint(formatSecretKey('test', RANDOM))).toBe('sk_test_AbCd…')
  })
})
