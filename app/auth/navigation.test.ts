import { describe, expect, it } from 'vitest'
import { validateAuthSearch } from './navigation.ts'

describe('validateAuthSearch', () => {
  it('keeps a same-origin path', () => {
    expect(validateAuthSearch({ redirect_url: '/dashboard' })).toEqual({ redirect_url: '/dashboard' })
  })

  // The router spreads raw search params under the validated ones, so an unsafe value must be
  // overwritten with undefined, not merely left out.
  it('overwrites an unsafe value instead of omitting the key', () => {
    const validated = validateAuthSearch({ redirect_url: '//evil.example/phish' })
    expect(Object.hasOwn(validated, 'redirect_url')).toBe(true)
    expect({ redirect_url: '//evil.example/phish', ...validated }.redirect_url).toBeUndefined()
  })
})
