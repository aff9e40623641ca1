import { describe, expect, it } from 'vitest'
import { checkAuthorization } from './authorization.ts'

const fresh = { factorVerificationAge: [1, -1] as const }
const stale = { factorVerificationAge: [30, -1] as const }

describe('checkAuthorization', () => {
  it('is false when nothing is asked', () => {
    expect(checkAuthorization({}, fresh)).toBe(false)
    expect(checkAuthorization({ reverification: undefined }, fresh)).toBe(false)
  })

  it('judges reverification alone by the factor verification age', () => {
    expect(checkAuthorization({ reverification: 'strict' }, fresh)).toBe(true)
    expect(checkAuthorization({ reverification: 'strict' }, stale)).toBe(false)
    expect(checkAuthorization({ reverification: 'strict' }, { factorVerificationAge: null })).toBe(false)
  })

  it('fails closed on organization and billing dimensions, which have no data yet', () => {
    for (const dimension of ['role', 'permission', 'feature', 'plan'])
      expect(checkAuthorization({ [dimension]: 'org:admin' }, fresh)).toBe(false)
  })

  it('fails when any asked dimension fails, even if another passes', () => {
    expect(checkAuthorization({ role: 'org:admin', reverification: 'strict' }, fresh)).toBe(false)
  })

  it.each([null, undefined, 'strict', ['strict'], 42])('fails closed on params %j', (params) => {
    expect(checkAuthorization(params, fresh)).toBe(false)
  })
})
