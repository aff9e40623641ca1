import { describe, expect, it } from 'vitest'
import { BEARER_SECRET_PATTERN, bearerToken } from './transport.ts'

describe('bearerToken', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln'
  const secret = 'A'.repeat(43)

  it('reads the token after `Bearer `, made of a JWT’s characters by default', () => {
    expect(bearerToken(`Bearer ${jwt}`)).toBe(jwt)
    // Its shape is the verifier's to judge: a malformed JWT still comes through, to be refused by name.
    expect(bearerToken('Bearer not.a-jwt')).toBe('not.a-jwt')
  })

  it('is null without the scheme, with another scheme, or with anything else in the header', () => {
    for (const header of [
      null,
      undefined,
      '',
      jwt,
      `bearer ${jwt}`,
      `Basic ${jwt}`,
      `Bearer  ${jwt}`,
      `Bearer ${jwt} `,
    ]) {
      expect(bearerToken(header), String(header)).toBeNull()
    }
    expect(bearerToken(`Bearer ${jwt}\n`)).toBeNull()
    expect(bearerToken('Bearer a=b')).toBeNull()
  })

  it('takes only the shape asked for', () => {
    expect(bearerToken(`Bearer ${secret}`, BEARER_SECRET_PATTERN)).toBe(secret)
    expect(bearerToken(`Bearer ${secret}A`, BEARER_SECRET_PATTERN)).toBeNull()
    expect(bearerToken(`Bearer ${jwt}`, BEARER_SECRET_PATTERN)).toBeNull()
  })
})
