import { describe, expect, it } from 'vitest'
import {
  initialVerificationStatus,
  isReverificationFresh,
  parseFactorVerificationAge,
  parseReverificationConfig,
  parseVerificationLevel,
  REVERIFICATION_PRESETS,
  type VerificationLevel,
  verificationSteps,
} from './reverification.ts'

const requirement = (level: VerificationLevel, afterMinutes = 10) => ({ level, afterMinutes })

describe('presets (docs/reference.md#reverification)', () => {
  it.each([
    ['strict_mfa', 'multi_factor', 10],
    ['strict', 'second_factor', 10],
    ['moderate', 'second_factor', 60],
    ['lax', 'second_factor', 1440],
  ] as const)('%s requires %s within %i minutes', (preset, level, afterMinutes) => {
    expect(parseReverificationConfig(preset)).toEqual({ level, afterMinutes })
  })

  it('covers every preset', () => {
    for (const preset of REVERIFICATION_PRESETS) expect(parseReverificationConfig(preset)).not.toBeNull()
  })
})

describe('freshness is strict: age < afterMinutes', () => {
  it.each([
    [9, true],
    [10, false],
    [0, true],
  ])('first factor %i minutes old against 10 → %s', (age, fresh) => {
    expect(isReverificationFresh(requirement('first_factor'), [age, -1])).toBe(fresh)
  })
})

// Every case of the evaluation rule (docs/reference.md#reverification), with "fresh" = 1 minute old
// and "stale" = 30 minutes old against 10.
const FRESH = 1
const STALE = 30
const NONE = -1

describe('§6.3 evaluation table', () => {
  it.each([
    // both ages -1 → fail, whatever the level
    ['first_factor', NONE, NONE, false],
    ['second_factor', NONE, NONE, false],
    ['multi_factor', NONE, NONE, false],
    // first_factor: the first factor alone decides
    ['first_factor', FRESH, NONE, true],
    ['first_factor', STALE, NONE, false],
    ['first_factor', FRESH, STALE, true],
    ['first_factor', STALE, FRESH, false],
    ['first_factor', NONE, FRESH, false],
    // second_factor: no second factor → judge the first
    ['second_factor', FRESH, NONE, true],
    ['second_factor', STALE, NONE, false],
    // second_factor: no first factor → judge the second
    ['second_factor', NONE, FRESH, true],
    ['second_factor', NONE, STALE, false],
    // second_factor: both exist → the second alone decides
    ['second_factor', STALE, FRESH, true],
    ['second_factor', FRESH, STALE, false],
    ['second_factor', FRESH, FRESH, true],
    // multi_factor: no second factor → graceful downgrade to the first
    ['multi_factor', FRESH, NONE, true],
    ['multi_factor', STALE, NONE, false],
    // multi_factor: a second factor but no first → fail
    ['multi_factor', NONE, FRESH, false],
    // multi_factor: both must be fresh
    ['multi_factor', FRESH, FRESH, true],
    ['multi_factor', STALE, FRESH, false],
    ['multi_factor', FRESH, STALE, false],
    ['multi_factor', STALE, STALE, false],
  ] as const)('%s with fva [%i, %i] → %s', (level, first, second, expected) => {
    expect(isReverificationFresh(requirement(level), [first, second])).toBe(expected)
  })

  it('applies to presets the same way', () => {
    expect(isReverificationFresh('strict', [STALE, FRESH])).toBe(true)
    expect(isReverificationFresh('strict_mfa', [STALE, FRESH])).toBe(false)
    expect(isReverificationFresh('lax', [STALE, NONE])).toBe(true)
  })
})

describe('fails closed on malformed input', () => {
  it.each([
    ['an unknown preset', 'paranoid'],
    ['a preset in another case', 'STRICT'],
    ['an unknown level', { level: 'third_factor', afterMinutes: 10 }],
    ['a missing level', { afterMinutes: 10 }],
    ['zero minutes', requirement('first_factor', 0)],
    ['negative minutes', requirement('first_factor', -5)],
    ['fractional minutes', requirement('first_factor', 1.5)],
    ['minutes at the limit', requirement('first_factor', 99_999)],
    ['minutes as a string', { level: 'first_factor', afterMinutes: '10' }],
    ['infinite minutes', requirement('first_factor', Number.POSITIVE_INFINITY)],
    ['NaN minutes', requirement('first_factor', Number.NaN)],
    ['null', null],
    ['undefined', undefined],
    ['an array', ['first_factor', 10]],
  ])('%s', (_label, config) => {
    expect(parseReverificationConfig(config)).toBeNull()
    expect(isReverificationFresh(config, [FRESH, FRESH])).toBe(false)
  })

  it.each([
    ['null (instance not opted in)', null],
    ['a single age', [1]],
    ['three ages', [1, 1, 1]],
    ['ages below -1', [-2, 1]],
    ['fractional ages', [0.5, 1]],
    ['string ages', ['1', '1']],
    ['an object', { 0: 1, 1: 1, length: 2 }],
  ])('a factor verification age that is %s', (_label, ages) => {
    expect(parseFactorVerificationAge(ages)).toBeNull()
    expect(isReverificationFresh('lax', ages)).toBe(false)
  })

  it('accepts the largest custom window below the limit', () => {
    expect(isReverificationFresh(requirement('first_factor', 99_998), [99_997, NONE])).toBe(true)
  })
})

describe('verificationSteps: what a step-up asks for', () => {
  const mfa = (firstFactorAgeMinutes: number) => ({ hasSecondFactor: true, firstFactorAgeMinutes })
  const single = { hasSecondFactor: false, firstFactorAgeMinutes: 30 }

  it.each([
    ['first_factor', mfa(30), { first: true, second: false }],
    ['second_factor', mfa(30), { first: false, second: true }],
    ['multi_factor', mfa(30), { first: true, second: true }],
    ['multi_factor', mfa(9), { first: false, second: true }],
    ['multi_factor', mfa(10), { first: true, second: true }],
    ['multi_factor', mfa(-1), { first: true, second: true }],
    ['first_factor', single, { first: true, second: false }],
    ['second_factor', single, { first: true, second: false }],
    ['multi_factor', single, { first: true, second: false }],
  ] as const)('%s for %j asks %j', (level, input, steps) => {
    expect(verificationSteps(level, input)).toEqual(steps)
  })

  it('starts at the first step that is needed', () => {
    expect(initialVerificationStatus({ first: true, second: true })).toBe('needs_first_factor')
    expect(initialVerificationStatus({ first: false, second: true })).toBe('needs_second_factor')
  })

  it('reads a level from an error, defaulting to second_factor for anything else', () => {
    expect(parseVerificationLevel('multi_factor')).toBe('multi_factor')
    expect(parseVerificationLevel('everything')).toBe('second_factor')
    expect(parseVerificationLevel(undefined)).toBe('second_factor')
  })
})
