import { describe, expect, it } from 'vitest'
import { candidateSteps, isStepUnused, totpStep } from './totp.ts'

describe('TOTP time steps (RFC 6238)', () => {
  it('are 30-second windows of Unix time', () => {
    expect(totpStep(new Date(59_000))).toBe(1)
    expect(totpStep(new Date(60_000))).toBe(2)
  })

  it('accept one step of drift either way, the current one first', () => {
    expect(candidateSteps(new Date(3_000_000))).toEqual([100, 99, 101])
  })

  it('accept each step once, and nothing at or below the last one used', () => {
    expect(isStepUnused(null, 100)).toBe(true)
    expect(isStepUnused(99, 100)).toBe(true)
    expect(isStepUnused(100, 100)).toBe(false)
    expect(isStepUnused(101, 100)).toBe(false)
  })
})
