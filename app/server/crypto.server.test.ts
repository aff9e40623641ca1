import { describe, expect, it } from 'vitest'
import { isPublicId } from '../session/identifiers.ts'
import { BEARER_SECRET_PATTERN } from '../session/transport.ts'
import { newClientToken, newId, pseudonym, safeEqual, sha256Hex } from './crypto.server.ts'

describe('client tokens', () => {
  it('are 256-bit base64url strings', () => {
    const token = newClientToken()
    expect(token).toMatch(BEARER_SECRET_PATTERN)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
  })

  // ASVS 7.2.3: unique, from a CSPRNG.
  it('do not repeat in 100k draws', () => {
    const seen = new Set(Array.from({ length: 100_000 }, newClientToken))
    expect(seen.size).toBe(100_000)
    // A CPU-bound loop: on a shared 2-core box it can take several times its quiet ~1 s.
  }, 30_000)
})

describe('hashing and comparison', () => {
  it('hashes with SHA-256 in hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('compares secrets of any length without throwing', () => {
    expect(safeEqual('secret', 'secret')).toBe(true)
    expect(safeEqual('secret', 'secreT')).toBe(false)
    expect(safeEqual('short', 'a much longer value')).toBe(false)
  })

  it('derives stable, keyed pseudonyms', () => {
    expect(pseudonym('k1', 'sess_x')).toBe(pseudonym('k1', 'sess_x'))
    expect(pseudonym('k1', 'sess_x')).not.toBe(pseudonym('k2', 'sess_x'))
    expect(pseudonym('k1', 'sess_x')).not.toContain('sess_x')
  })

  it('makes ids of the requested kind', () => {
    expect(isPublicId('session', newId('session'))).toBe(true)
    expect(isPublicId('client', newId('client'))).toBe(true)
  })
})
