import { describe, expect, it } from 'vitest'
import {
  BACKUP_CODE_BYTES,
  displayBackupCode,
  formatBackupCode,
  formatOneTimeCode,
  parseBackupCode,
  parseOneTimeCode,
} from './codes.ts'
import { BACKUP_CODE_LENGTH } from './policy.ts'

describe('parseOneTimeCode', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['000000', '000000'],
  ])('reads %j as %j', (input, expected) => {
    expect(parseOneTimeCode(input)).toBe(expected)
  })

  it.each([
    ['letters', 'abcdef'],
    ['5 digits', '12345'],
    ['7 digits', '1234567'],
    ['fullwidth digits', '１２３４５６'],
    ['10 KB', '1'.repeat(10_240)],
    ['a number, not a string', 123456],
    ['nothing', undefined],
  ])('refuses %s', (_, input) => {
    expect(parseOneTimeCode(input)).toBeNull()
  })
})

describe('formatOneTimeCode', () => {
  it('keeps leading zeros: every value in [0, 10^6) is a 6-digit code', () => {
    expect(formatOneTimeCode(0)).toBe('000000')
    expect(formatOneTimeCode(42)).toBe('000042')
    expect(formatOneTimeCode(999_999)).toBe('999999')
  })
})

describe('backup codes', () => {
  it('carry at least 64 bits: 13 base32 characters from 9 random bytes', () => {
    expect(BACKUP_CODE_LENGTH * 5).toBeGreaterThanOrEqual(64)
    expect(BACKUP_CODE_BYTES * 8).toBeGreaterThanOrEqual(BACKUP_CODE_LENGTH * 5)
    const code = formatBackupCode(new Uint8Array(BACKUP_CODE_BYTES).fill(0xff))
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{13}$/)
  })

  it('read back as typed: any case, with dashes, with the letters people confuse for digits', () => {
    const code = 'ab1cd0efghjkm'
    expect(parseBackupCode(displayBackupCode(code))).toBe(code)
    expect(parseBackupCode('AB1CD-0EFG-HJKM')).toBe(code)
    expect(parseBackupCode('abicdoefghjkm')).toBe(code)
    expect(parseBackupCode('ablcd0efghjkm')).toBe(code)
  })

  it('refuse anything else', () => {
    for (const input of ['', 'abc', 'ab1cd0efghjkmn', 'ab1cd0efghjk!', 'u'.repeat(13), 42]) {
      expect(parseBackupCode(input)).toBeNull()
    }
  })
})
