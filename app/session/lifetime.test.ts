import { describe, expect, it } from 'vitest'
import {
  computeAbandonAt,
  effectiveStatus,
  initialTimes,
  LIFETIME_PROFILES,
  limitsProblem,
  PROFILE_LIMITS,
  type SessionLimits,
  timeoutReason,
} from './lifetime.ts'

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const T0 = new Date('2026-01-01T00:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

describe('lifetime profiles', () => {
  it('pin the documented limits (docs/reference.md#lifetimes, NIST SP 800-63B-4)', () => {
    expect(PROFILE_LIMITS).toEqual({
      standard: { maxLifetimeSeconds: 7 * DAY, inactivityTimeoutSeconds: null },
      aal2: { maxLifetimeSeconds: 24 * HOUR, inactivityTimeoutSeconds: 1 * HOUR },
      aal3: { maxLifetimeSeconds: 12 * HOUR, inactivityTimeoutSeconds: 15 * MINUTE },
    })
  })

  it('are all valid', () => {
    for (const profile of LIFETIME_PROFILES) expect(limitsProblem(PROFILE_LIMITS[profile])).toBeNull()
  })

  // N-01: the session ends at limit + 1 s and survives at limit − 1 s, for every profile.
  describe.each(LIFETIME_PROFILES)('%s', (profile) => {
    const limits = PROFILE_LIMITS[profile]
    const session = { status: 'active' as const, ...initialTimes(T0, limits) }
    const max = limits.maxLifetimeSeconds ?? 0
    const idle = limits.inactivityTimeoutSeconds

    if (idle === null) {
      it('survives just under the absolute limit without activity', () => {
        expect(effectiveStatus(session, at(max - 1))).toBe('active')
      })
    } else {
      it('survives just under the inactivity timeout', () => {
        expect(effectiveStatus(session, at(idle - 1))).toBe('active')
      })
      it('is abandoned just past the inactivity timeout', () => {
        expect(effectiveStatus(session, at(idle + 1))).toBe('abandoned')
      })
    }

    it('is expired just past the absolute limit, however active', () => {
      const alwaysActive = { ...session, abandonAt: session.expireAt }
      expect(effectiveStatus(alwaysActive, at(max - 1))).toBe('active')
      expect(effectiveStatus(alwaysActive, at(max + 1))).toBe('expired')
    })
  })
})

describe('expireAt and abandonAt', () => {
  const aal2 = PROFILE_LIMITS.aal2

  it('fix expireAt at createdAt + maximum lifetime', () => {
    expect(initialTimes(T0, aal2).expireAt).toEqual(at(24 * HOUR))
  })

  it('put abandonAt one inactivity timeout after the last activity', () => {
    expect(initialTimes(T0, aal2).abandonAt).toEqual(at(1 * HOUR))
  })

  it('slide abandonAt with activity', () => {
    const { expireAt } = initialTimes(T0, aal2)
    expect(computeAbandonAt(at(59 * MINUTE), expireAt, aal2.inactivityTimeoutSeconds)).toEqual(at(119 * MINUTE))
  })

  it('never move abandonAt past expireAt', () => {
    const { expireAt } = initialTimes(T0, aal2)
    expect(computeAbandonAt(at(23.5 * HOUR), expireAt, aal2.inactivityTimeoutSeconds)).toEqual(expireAt)
  })

  it('make abandonAt equal expireAt when the inactivity timeout is off', () => {
    const times = initialTimes(T0, PROFILE_LIMITS.standard)
    expect(times.abandonAt).toEqual(times.expireAt)
  })

  it('cap a session without a maximum lifetime at the 400-day cookie ceiling', () => {
    const limits: SessionLimits = { maxLifetimeSeconds: null, inactivityTimeoutSeconds: HOUR }
    expect(initialTimes(T0, limits).expireAt).toEqual(at(400 * DAY))
  })
})

describe('timeouts', () => {
  const session = { status: 'active' as const, expireAt: at(100), abandonAt: at(50) }

  it('report inactivity when abandonAt passes first', () => {
    expect(timeoutReason(session, at(50))).toBe('inactivity_timeout')
  })

  it('report inactivity when it came first, however late it is noticed', () => {
    expect(timeoutReason(session, at(1000))).toBe('inactivity_timeout')
  })

  it('report the absolute limit when abandonAt reached expireAt', () => {
    expect(timeoutReason({ ...session, abandonAt: at(100) }, at(100))).toBe('max_lifetime_reached')
  })

  it('do not apply to sessions that are no longer signed in', () => {
    expect(timeoutReason({ ...session, status: 'revoked' }, at(1000))).toBeNull()
    expect(effectiveStatus({ ...session, status: 'revoked' }, at(1000))).toBe('revoked')
  })

  it('apply to pending sessions as to active ones', () => {
    expect(effectiveStatus({ ...session, status: 'pending' }, at(60))).toBe('abandoned')
  })
})

describe('limitsProblem', () => {
  it.each([
    [{ maxLifetimeSeconds: null, inactivityTimeoutSeconds: null }, /at least one/],
    [{ maxLifetimeSeconds: HOUR, inactivityTimeoutSeconds: HOUR }, /shorter than the maximum/],
    [{ maxLifetimeSeconds: HOUR, inactivityTimeoutSeconds: 2 * HOUR }, /shorter than the maximum/],
    [{ maxLifetimeSeconds: 0, inactivityTimeoutSeconds: null }, /positive whole seconds/],
    [{ maxLifetimeSeconds: 1.5, inactivityTimeoutSeconds: null }, /positive whole seconds/],
    [{ maxLifetimeSeconds: 401 * DAY, inactivityTimeoutSeconds: null }, /400 days/],
  ])('refuses %j', (limits, message) => {
    expect(limitsProblem(limits)).toMatch(message)
  })

  it('accepts an inactivity timeout alone', () => {
    expect(limitsProblem({ maxLifetimeSeconds: null, inactivityTimeoutSeconds: HOUR })).toBeNull()
  })
})
