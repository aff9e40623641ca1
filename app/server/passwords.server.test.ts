import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords.server.ts'

describe('password hashing', () => {
  it('uses Argon2id at the OWASP minimum (ASVS 11.4.2)', async () => {
    expect(await hashPassword('correct horse battery staple')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('verifies exactly as typed: no truncation, no case folding (ASVS 6.2.8)', async () => {
    const base = 'a'.repeat(89)
    const hash = await hashPassword(`${base}X${'b'.repeat(10)}`)
    expect(await verifyPassword(hash, `${base}X${'b'.repeat(10)}`)).toBe(true)
    expect(await verifyPassword(hash, `${base}Y${'b'.repeat(10)}`)).toBe(false)
    expect(await verifyPassword(hash, `${base}x${'b'.repeat(10)}`)).toBe(false)
  })

  it('treats NFKC-equivalent input as the same password', async () => {
    const hash = await hashPassword('ﬁnal answer 42')
    expect(await verifyPassword(hash, 'final answer 42')).toBe(true)
  })

  it('still does the work, and says no, when there is no stored hash', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false)
  })

  it('says no to a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-phc-string', 'anything')).toBe(false)
  })
})
