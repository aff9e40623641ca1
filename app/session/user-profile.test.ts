import { describe, expect, it } from 'vitest'
import { USER_METADATA_MAX_BYTES } from './policy.ts'
import {
  isJsonObject,
  type JsonObject,
  jsonByteLength,
  mergeMetadata,
  metadataFits,
  normalizeUsername,
} from './user-profile.ts'

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

describe('mergeMetadata', () => {
  it('merges objects at every depth, replaces anything else, and removes keys set to null', () => {
    const current = { role: 'member', plan: { tier: 'free', seats: 1 }, tags: ['a'], gone: 1 }
    expect(mergeMetadata(current, { plan: { tier: 'pro' }, tags: ['b'], gone: null, added: true })).toEqual({
      role: 'member',
      plan: { tier: 'pro', seats: 1 },
      tags: ['b'],
      added: true,
    })
    expect(mergeMetadata({ a: { b: 1 } }, { a: { b: null } })).toEqual({ a: {} })
    expect(current.plan).toEqual({ tier: 'free', seats: 1 })
  })

  it('keeps a key named __proto__ a key, never a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject
    const merged = mergeMetadata({}, patch)
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(Object.keys(merged)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('isJsonObject', () => {
  it('takes plain JSON objects only', () => {
    expect(isJsonObject({ a: [1, 'x', null, { b: false }] })).toBe(true)
    for (const value of [null, [], 'x', { at: new Date(0) }, { n: Number.NaN }, { f: () => 1 }, new Map()]) {
      expect(isJsonObject(value)).toBe(false)
    }
  })
})
