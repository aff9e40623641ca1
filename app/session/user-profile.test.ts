import { describe, expect, it } from 'vitest'
import { USER_METADATA_MAX_BYTES } from './policy.ts'
import { jsonByteLength, metadataFits, normalizeUsername } from './user-profile.ts'

describe('normalizeUsername', () => {
  it('folds case and trims, as the reference does', () => {
    expect(normalizeUsername('  Ada_Lovelace-1 ')).toBe('ada_lovelace-1')
  })

  it.each(['abc', 'a'.repeat(65), 'has space', 'dot.ted', 'ümlaut', '', 'x\u0000yz'])('refuses %j', (input) => {
    expect(normalizeUsername(input)).toBeNull()
  })
})

describe('metadataFits', () => {
  it('counts UTF-8 bytes of the compact JSON, up to the limit inclusive', () => {
    expect(jsonByteLength({ a: 'é' })).toBe('{"a":"é"}'.length + 1)
    const at = { b: 'x'.repeat(USER_METADATA_MAX_BYTES - '{"b":""}'.length) }
    expect(jsonByteLength(at)).toBe(USER_METADATA_MAX_BYTES)
    expect(metadataFits(at)).toBe(true)
    expect(metadataFits({ b: `${at.b}x` })).toBe(false)
  })
})
