import { describe, expect, it } from 'vitest'
import { passwordLength, passwordProblem } from './password.ts'

const BLOCKLIST = new Set(['password', 'password1', 'iloveyou', 'qwertyuiop'])
const context = {
  minLength: 8,
  contextWords: ['Tessera', 'ada', 'Lovelace'],
  isCommon: (value: string) => BLOCKLIST.has(value),
}

describe('passwordProblem', () => {
  it('counts code points after NFKC normalisation, not UTF-16 units', () => {
    expect(passwordLength('😀😀😀😀')).toBe(4)
    expect(passwordProblem('😀😀😀😀😀😀😀', context)?.code).toBe('password_too_short')
    expect(passwordProblem('😀😀😀😀😀😀😀😀', context)).toBeNull()
  })

  it('refuses 7 characters and accepts 8 (ASVS 6.2.1)', () => {
    expect(passwordProblem('abcdefg', context)).toEqual({ code: 'password_too_short', meta: { minLength: 8 } })
    expect(passwordProblem('zmqvkxpw', context)).toBeNull()
  })

  it('applies the single-factor minimum when asked', () => {
    expect(passwordProblem('zmqvkxpwzmqvkx', { ...context, minLength: 15 })?.code).toBe('password_too_short')
    expect(passwordProblem('zmqvkxpwzmqvkxp', { ...context, minLength: 15 })).toBeNull()
  })

  it('accepts 64- and 256-character passphrases and refuses longer ones (ASVS 6.2.9)', () => {
    expect(passwordProblem('correct horse battery staple '.repeat(3).slice(0, 64), context)).toBeNull()
    expect(passwordProblem('x7'.repeat(128), context)).toBeNull()
    expect(passwordProblem(`${'x7'.repeat(128)}y`, context)).toEqual({
      code: 'password_too_long',
      meta: { maxLength: 256 },
    })
  })

  it('has no composition rules (ASVS 6.2.5)', () => {
    expect(passwordProblem('qzjxkvbwmtrplsnd', context)).toBeNull()
    expect(passwordProblem('8302749165038271', context)).toBeNull()
  })

  it.each(['password', 'Password1', 'PASSWORD!!', '123password456', 'iloveyou'])(
    'refuses the common password %j',
    (value) => {
      expect(passwordProblem(value, context)?.code).toBe('password_too_common')
    },
  )

  it.each(['tessera2026', 'Tessera!!!', 'lovelace1815', '!!Lovelace!!'])(
    'refuses %j, built from a context word (ASVS 6.2.11)',
    (value) => {
      expect(passwordProblem(value, context)?.code).toBe('password_too_common')
    },
  )

  it('allows a context word inside a longer passphrase', () => {
    expect(passwordProblem('ada sails the tessera sea', context)).toBeNull()
  })
})
