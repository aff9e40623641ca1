import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeDuration } from '../../session/durations.ts'
import { CODE_STRATEGIES, STRATEGIES } from '../../session/factors.ts'
import { ONE_TIME_CODE_DIGITS, ONE_TIME_CODE_TTL_SECONDS, TOTP_DIGITS } from '../../session/policy.ts'
import {
  CODE_LIFETIME,
  choiceLabel,
  codeStrategyOf,
  STRATEGY_COPY,
  sentCodeInstructions,
  unsentCodeInstructions,
} from './strategies.ts'

describe('STRATEGY_COPY', () => {
  it('has one entry per strategy of the domain tuple, and nothing else', () => {
    expect(Object.keys(STRATEGY_COPY).sort()).toEqual([...STRATEGIES].sort())
  })

  it('shows every code strategy as a sent code, and nothing else as one', () => {
    for (const strategy of STRATEGIES) {
      expect(STRATEGY_COPY[strategy].kind === 'sent_code', strategy).toBe(
        (CODE_STRATEGIES as readonly string[]).includes(strategy),
      )
    }
  })

  it('gives every strategy its own choice', () => {
    const choices = STRATEGIES.map((strategy) => choiceLabel({ strategy }))
    expect(new Set(choices).size).toBe(STRATEGIES.length)
  })

  it('reads code lengths from the policy', () => {
    expect(STRATEGY_COPY.totp.instructions).toBe(`Enter the ${TOTP_DIGITS}-digit code from your authenticator app.`)
    expect(STRATEGY_COPY.totp.digits).toBe(TOTP_DIGITS)
  })
})

describe('the sent-code sentences', () => {
  it('say where the code went and how long it works, from the policy', () => {
    expect(CODE_LIFETIME).toBe(describeDuration(ONE_TIME_CODE_TTL_SECONDS))
    expect(sentCodeInstructions(STRATEGY_COPY.email_code, { safeIdentifier: 'a••@example.com' })).toBe(
      `We sent a ${ONE_TIME_CODE_DIGITS}-digit code by email to a••@example.com. It works for ${CODE_LIFETIME}.`,
    )
    expect(sentCodeInstructions(STRATEGY_COPY.phone_code, null)).toBe(
      `Sending a ${ONE_TIME_CODE_DIGITS}-digit code by text message…`,
    )
    expect(unsentCodeInstructions(STRATEGY_COPY.phone_code, '+•••0123')).toBe(
      `We will send a ${ONE_TIME_CODE_DIGITS}-digit code by text message to +•••0123.`,
    )
  })
})

describe('choiceLabel', () => {
  it('names the identity provider and the masked destination', () => {
    expect(choiceLabel({ strategy: 'enterprise_sso', enterpriseConnectionName: 'Acme' })).toBe('Continue with Acme')
    expect(choiceLabel({ strategy: 'enterprise_sso' })).toBe('Continue with single sign-on')
    expect(choiceLabel({ strategy: 'phone_code', safeIdentifier: '+•••0123' })).toBe('Text me a code (+•••0123)')
  })
})

describe('codeStrategyOf', () => {
  it('passes a code strategy and refuses any other', () => {
    expect(codeStrategyOf({ strategy: 'email_code' })).toBe('email_code')
    expect(() => codeStrategyOf({ strategy: 'totp' })).toThrow()
  })
})

/** Every `.tsx`/`.ts` file under `dir`, tests aside. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

describe('durations in copy', () => {
  // "It works for 10 minutes" written out goes stale when the policy changes (issue 18 item 2).
  it('are never written out in components or error messages: they come from the policy', () => {
    const literal = /\b\d+\s?(?:seconds?|minutes?|mins?|hours?|days?)\b/i
    const files = [...sources('app/components'), 'app/session/errors.ts']
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line: line.trim(), at: `${file}:${index + 1}` }))
        // Comments may explain a value; what people read may not restate it.
        .filter(({ line }) => !/^(\/\/|\/\*|\*)/.test(line) && literal.test(line))
        .map(({ at, line }) => `${at}: ${line}`),
    )
    expect(offenders).toEqual([])
  })
})
