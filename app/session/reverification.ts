/**
 * Reverification (step-up): how recently the session's factors must have been verified for an
 * action, and whether they were. One implementation serves the browser's
 * `session.checkAuthorization({ reverification })` and the server's check, so they always agree.
 *
 * Everything fails closed: an unknown preset, a malformed custom requirement, or a missing or
 * malformed factor verification age is "not fresh".
 */

import {
  REVERIFICATION_AFTER_MINUTES_LIMIT,
  REVERIFICATION_LAX_MINUTES,
  REVERIFICATION_MODERATE_MINUTES,
  REVERIFICATION_STRICT_MINUTES,
} from './policy.ts'

export const VERIFICATION_LEVELS = ['first_factor', 'second_factor', 'multi_factor'] as const
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number]

export const REVERIFICATION_PRESETS = ['strict_mfa', 'strict', 'moderate', 'lax'] as const
export type ReverificationPreset = (typeof REVERIFICATION_PRESETS)[number]

export interface ReverificationRequirement {
  level: VerificationLevel
  afterMinutes: number
}

export type ReverificationConfig = ReverificationPreset | ReverificationRequirement

/** `[firstFactorAgeMinutes, secondFactorAgeMinutes]`; `-1` means never verified or not enrolled. */
export type FactorVerificationAge = readonly [number, number]

export const PRESET_REQUIREMENTS: Record<ReverificationPreset, ReverificationRequirement> = {
  strict_mfa: { level: 'multi_factor', afterMinutes: REVERIFICATION_STRICT_MINUTES },
  strict: { level: 'second_factor', afterMinutes: REVERIFICATION_STRICT_MINUTES },
  moderate: { level: 'second_factor', afterMinutes: REVERIFICATION_MODERATE_MINUTES },
  lax: { level: 'second_factor', afterMinutes: REVERIFICATION_LAX_MINUTES },
}

const isLevel = (value: unknown): value is VerificationLevel => VERIFICATION_LEVELS.includes(value as VerificationLevel)

const isPreset = (value: unknown): value is ReverificationPreset =>
  REVERIFICATION_PRESETS.includes(value as ReverificationPreset)

/** A preset or `{ level, afterMinutes }` as a requirement, or null when it is anything else. */
export function parseReverificationConfig(config: unknown): ReverificationRequirement | null {
  if (isPreset(config)) return PRESET_REQUIREMENTS[config]
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return null
  const { level, afterMinutes } = config as Record<string, unknown>
  if (!isLevel(level)) return null
  if (!Number.isSafeInteger(afterMinutes)) return null
  const minutes = afterMinutes as number
  if (minutes < 1 || minutes >= REVERIFICATION_AFTER_MINUTES_LIMIT) return null
  return { level, afterMinutes: minutes }
}

/** Whole, non-negative minutes, or -1. */
const isAge = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= -1

/** The age pair when well formed, else null. */
export function parseFactorVerificationAge(value: unknown): FactorVerificationAge | null {
  if (!Array.isArray(value) || value.length !== 2) return null
  const [first, second] = value
  return isAge(first) && isAge(second) ? [first, second] : null
}

/**
 * Whether the factors were verified recently enough (docs/reference.md#reverification). A factor is fresh when its
 * age is known and strictly below `afterMinutes`. Without a second factor, `second_factor` and
 * `multi_factor` are judged on the first; `second_factor` without a first factor is judged on the
 * second; `multi_factor` with a second factor and no first fails.
 */
export function isReverificationFresh(config: unknown, factorVerificationAge: unknown): boolean {
  const requirement = parseReverificationConfig(config)
  const ages = parseFactorVerificationAge(factorVerificationAge)
  if (requirement === null || ages === null) return false
  const [firstAge, secondAge] = ages
  if (firstAge === -1 && secondAge === -1) return false

  const { level, afterMinutes } = requirement
  const fresh = (age: number) => age !== -1 && age < afterMinutes
  switch (level) {
    case 'first_factor':
      return fresh(firstAge)
    case 'second_factor':
      return secondAge === -1 ? fresh(firstAge) : fresh(secondAge)
    case 'multi_factor':
      if (secondAge === -1) return fresh(firstAge)
      if (firstAge === -1) return false
      return fresh(firstAge) && fresh(secondAge)
  }
}

// ---------------------------------------------------------------------------------------------
// The verification resource: a step-up in progress for one session.

export const SESSION_VERIFICATION_STATUSES = [
  /** A first factor is next. */
  'needs_first_factor',
  /** The first factor passed (or was not needed); a second factor is next. */
  'needs_second_factor',
  /** Every needed factor passed: the session's factor times were updated. Terminal. */
  'complete',
] as const

export type SessionVerificationStatus = (typeof SESSION_VERIFICATION_STATUSES)[number]

/**
 * The factor groups a verification at `level` asks for, following the rule the freshness check
 * judges by (§6.3): `first_factor` asks for the first; `second_factor` for the second, or the first
 * when the user has none; `multi_factor` for both (the first only without a second factor),
 * skipping a first factor verified within the strict window, as the reference's UI does.
 */
export function verificationSteps(
  level: VerificationLevel,
  input: { hasSecondFactor: boolean; firstFactorAgeMinutes: number },
): { first: boolean; second: boolean } {
  if (!input.hasSecondFactor) return { first: true, second: false }
  switch (level) {
    case 'first_factor':
      return { first: true, second: false }
    case 'second_factor':
      return { first: false, second: true }
    case 'multi_factor': {
      const firstFresh =
        input.firstFactorAgeMinutes !== -1 && input.firstFactorAgeMinutes < REVERIFICATION_STRICT_MINUTES
      return { first: !firstFresh, second: true }
    }
  }
}

/** The status a verification starts in, and moves to after its first factor. */
export function initialVerificationStatus(steps: { first: boolean; second: boolean }): SessionVerificationStatus {
  return steps.first ? 'needs_first_factor' : 'needs_second_factor'
}

/** The reverification a level implies when an error gives no `afterMinutes` (the reference's modal default). */
export function parseVerificationLevel(value: unknown): VerificationLevel {
  return isLevel(value) ? value : 'second_factor'
}

// ---------------------------------------------------------------------------------------------
// The reference's returned reverification hint (`@clerk/shared/authorization-errors`): a server
// function or route may *return* `reverificationError(config)` (or answer
// `reverificationErrorResponse(config)`, a 403) instead of throwing `reverification_required`;
// `useReverification` treats both like the thrown error.

const REVERIFICATION_REASON = 'reverification-error'

export interface ReverificationHint {
  clerk_error: {
    type: 'forbidden'
    reason: typeof REVERIFICATION_REASON
    metadata?: { reverification?: ReverificationConfig }
  }
}

export function reverificationError(missingConfig?: ReverificationConfig): ReverificationHint {
  return {
    clerk_error: { type: 'forbidden', reason: REVERIFICATION_REASON, metadata: { reverification: missingConfig } },
  }
}

export function reverificationErrorResponse(missingConfig?: ReverificationConfig): Response {
  return new Response(JSON.stringify(reverificationError(missingConfig)), { status: 403 })
}

export function isReverificationHint(value: unknown): value is ReverificationHint {
  if (typeof value !== 'object' || value === null || !('clerk_error' in value)) return false
  const error = (value as { clerk_error?: { type?: unknown; reason?: unknown } | null }).clerk_error
  return error?.type === 'forbidden' && error.reason === REVERIFICATION_REASON
}

/** The level a hint asks for, when its metadata names a valid requirement; else undefined. */
export function hintLevel(hint: ReverificationHint): VerificationLevel | undefined {
  return parseReverificationConfig(hint.clerk_error.metadata?.reverification)?.level
}
