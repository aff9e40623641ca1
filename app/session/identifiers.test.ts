import { describe, expect, it } from 'vitest'
import {
  formatPublicId,
  ID_RANDOM_LENGTH,
  isPublicId,
  maskEmail,
  maskPhone,
  normalizeEmail,
  normalizePhone,
  parseIdentifier,
} from './identifiers.ts'

describe('normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com'],
    ['first+tag@sub.example.co.uk', 'first+tag@sub.example.co.uk'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected)
  })

  it.each([
    ['', 'empty'],
    ['ada', 'no @'],
    ['ada@', 'no domain'],
    ['@example.com', 'no local part'],
    ['ada@example', 'no TLD'],
    ['ada@@example.com', 'two @'],
    ['ada example@example.com', 'a space'],
    ['ada@exa_mple.com', 'an underscore in the host'],
    ['.ada@example.com', 'a leading dot'],
    ['ada..l@example.com', 'two dots'],
    ['ada\uFF20example.com', 'a fullwidth @ (U+FF20)'],
    ['ａda@example.com', 'a fullwidth letter'],
    ['ada@example.com\u0000', 'a NUL'],
    [`${'a'.repeat(250)}@example.com`, 'more than 254 characters'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizeEmail(input)).toBeNull()
  })
})

describe('public ids', () => {
  it('carry 128 random bits in lower-case Crockford base32 after a prefix', () => {
    const id = formatPublicId('session', new Uint8Array(16).fill(255))
    expect(id).toMatch(/^sess_[0-9a-hjkmnp-tv-z]{26}$/)
    expect(id.length).toBe('sess_'.length + ID_RANDOM_LENGTH)
    expect(isPublicId('session', id)).toBe(true)
  })

  it('are distinct for distinct bytes', () => {
    const a = formatPublicId('user', new Uint8Array(16).fill(0))
    const b = formatPublicId(
      'user',
      Uint8Array.from({ length: 16 }, (_, index) => (index === 15 ? 1 : 0)),
    )
    expect(a).not.toBe(b)
  })

  it.each([
    '',
    'sess_',
    'user_0000000000000000000000000',
    'sess_0000000000000000000000000i',
    "sess_'; drop table--",
    'SESS_00000000000000000000000000',
  ])('refuses %j as a session id', (value) => {
    expect(isPublicId('session', value)).toBe(false)
  })
})

describe('normalizePhone', () => {
  it.each([
    ['+14155550123', '+14155550123'],
    [' +1 (415) 555-0123 ', '+14155550123'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+33.1.23.45.67.89', '+33123456789'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected)
  })

  it.each([
    ['4155550123', 'no country code'],
    ['+0 415 555 0123', 'a country code starting with 0'],
    ['+1234567', 'fewer than 8 digits'],
    ['+1234567890123456', 'more than 15 digits'],
    ['+1 415 555 0123 ext 9', 'letters'],
    ['＋14155550123', 'a fullwidth plus'],
    ['+1４155550123', 'a fullwidth digit'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizePhone(input)).toBeNull()
  })
})

describe('parseIdentifier', () => {
  it('reads an email address or a phone number, canonicalised', () => {
    expect(parseIdentifier(' Ada@Example.com')).toEqual({ kind: 'email_address', value: 'ada@example.com' })
    expect(parseIdentifier('+1 415 555 0123')).toEqual({ kind: 'phone_number', value: '+14155550123' })
  })

  it('refuses a homoglyph @ rather than reading it as a phone number', () => {
    expect(parseIdentifier('ada＠example.com')).toBeNull()
    expect(parseIdentifier('nobody')).toBeNull()
  })
})

describe('masks', () => {
  it('keep enough to recognise an address or number, not enough to harvest it', () => {
    expect(maskEmail('ada@example.com')).toBe('a••@example.com')
    expect(maskEmail('a@example.com')).toBe('a••@example.com')
    expect(maskEmail('margaret.hamilton@example.com')).toBe('m••••••@example.com')
    expect(maskPhone('+14155550123')).toBe('+•••••••0123')
  })
})
