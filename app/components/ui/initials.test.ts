import { describe, expect, it } from 'vitest'
import { initials } from './initials.ts'

/** @see issue 22 item 1: initials are whole graphemes, never half a surrogate pair, and never punctuation. */
describe('initials', () => {
  it('takes the first letter of the first two words', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('grace hopper')).toBe('GH')
  })

  it('takes the first two letters of a single word, or of an email address', () => {
    expect(initials('Ada')).toBe('AD')
    expect(initials('ada@example.com')).toBe('AE')
  })

  it('never splits an emoji (a surrogate pair) or a flag', () => {
    expect(initials('Zoë 😀')).toBe('Z😀')
    expect(initials('😀')).toBe('😀')
    expect(initials('🇫🇷 Paris')).toBe('🇫🇷P')
    expect(initials('👩‍💻 Dev')).toBe('👩‍💻D')
  })

  it('keeps combining marks with their letter', () => {
    expect(initials('E\u0301mile Zola')).toBe('E\u0301Z')
    expect(initials('e\u0301')).toBe('E\u0301')
  })

  it('ignores punctuation and symbols that are not pictures', () => {
    expect(initials('<Script>')).toBe('SC')
    expect(initials('Bob & Alice')).toBe('BA')
    expect(initials('B&')).toBe('B')
    expect(initials('"Quoted" Name')).toBe('QN')
    expect(initials('(Ada) [Lovelace]')).toBe('AL')
  })

  it('reads right-to-left names in their own order', () => {
    expect(initials('שרה לוי')).toBe('של')
    expect(initials('محمد')).toBe('مح')
  })

  it('falls back to a question mark when nothing is left', () => {
    expect(initials('')).toBe('?')
    expect(initials('   ')).toBe('?')
    expect(initials('<>&')).toBe('?')
  })

  it('stays short for a hundred characters without spaces', () => {
    expect(initials('x'.repeat(100))).toBe('XX')
  })
})
