import { describe, expect, it } from 'vitest'
import { validateAuthSearch } from './navigation.ts'

describe('validateAuthSearch', () => {
  it('keeps a same-origin path', () => {
    expect(validateAuthSearch({ redirect_url: '/dashboard' })).toEqual({ redirect_url: '/dashboard' })
  })

  it('keeps an SSO error only when it is one of our codes (nothing else is shown to the user)', () => {
    expect(validateAuthSearch({ sso_error: 'sso_state_used' }).sso_error).toBe('sso_state_used')
    const forged = validateAuthSearch({ sso_error: '<b>Call this number</b>' })
    expect(Object.hasOwn(forged, 'sso_error')).toBe(true)
    expect(forged.sso_error).toBeUndefined()
  })

  // The router spreads raw search params under the validated ones, so an unsafe value must be
  // overwritten with undefined, not merely left out.
  it('overwrites an unsafe value instead of omitting the key', () => {
    const validated = validateAuthSearch({ redirect_url: '//evil.example/phish' })
    expect(Object.hasOwn(validated, 'redirect_url')).toBe(true)
    expect({ redirect_url: '//evil.example/phish', ...validated }.redirect_url).toBeUndefined()
  })
})
