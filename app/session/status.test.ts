import { describe, expect, it } from 'vitest'
import {
  ALLOWED_TRANSITIONS,
  canTransition,
  isSignedInStatus,
  SESSION_STATUSES,
  type SessionStatus,
  sourcesFor,
  TRANSITION_REASONS,
  TRANSITIONS,
} from './status.ts'

// The expected table, written out independently of the implementation: rows are sources, the
// listed statuses are the only allowed targets.
const EXPECTED: Record<SessionStatus, SessionStatus[]> = {
  active: ['pending', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned'],
  pending: ['active', 'ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned'],
  ended: ['removed'],
  expired: [],
  removed: [],
  replaced: [],
  revoked: [],
  abandoned: [],
}

describe('session statuses', () => {
  it('are exactly the eight statuses of the reference', () => {
    expect([...SESSION_STATUSES].sort()).toEqual(
      ['abandoned', 'active', 'ended', 'expired', 'pending', 'removed', 'replaced', 'revoked'].sort(),
    )
  })

  it('count only active and pending as signed in', () => {
    expect(SESSION_STATUSES.filter(isSignedInStatus)).toEqual(['active', 'pending'])
  })
})

describe('the transition table', () => {
  for (const from of SESSION_STATUSES) {
    for (const to of SESSION_STATUSES) {
      const allowed = EXPECTED[from].includes(to)
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(allowed)
      })
    }
  }

  it('never allows a status to transition to itself', () => {
    for (const status of SESSION_STATUSES) expect(ALLOWED_TRANSITIONS[status]).not.toContain(status)
  })

  it('makes every status reachable from another (active from pending, the rest from signed-in sessions)', () => {
    const reachable = new Set(SESSION_STATUSES.flatMap((status) => ALLOWED_TRANSITIONS[status]))
    expect([...reachable].sort()).toEqual([...SESSION_STATUSES].sort())
  })
})

describe('transition reasons', () => {
  it('lead each to one status that some status can move to', () => {
    for (const reason of TRANSITION_REASONS) expect(sourcesFor(reason).length).toBeGreaterThan(0)
  })

  it('cover every target status, so each status has a cause', () => {
    const targets = new Set(Object.values(TRANSITIONS).map((transition) => transition.target))
    for (const status of SESSION_STATUSES) expect(targets.has(status), status).toBe(true)
  })

  it.each([
    ['tasks_resolved', 'active', ['pending']],
    ['task_required', 'pending', ['active']],
    ['ended_by_user', 'ended', ['active', 'pending']],
    ['removed_by_user', 'removed', ['active', 'pending', 'ended']],
    ['signed_out', 'removed', ['active', 'pending', 'ended']],
    ['revoked_by_user', 'revoked', ['active', 'pending']],
    ['revoked_by_admin', 'revoked', ['active', 'pending']],
    ['password_changed', 'revoked', ['active', 'pending']],
    ['factors_changed', 'revoked', ['active', 'pending']],
    ['user_banned', 'revoked', ['active', 'pending']],
    ['max_lifetime_reached', 'expired', ['active', 'pending']],
    ['inactivity_timeout', 'abandoned', ['active', 'pending']],
    ['replaced_by_sign_in', 'replaced', ['active', 'pending']],
  ] as const)('%s moves %s sessions from %j', (reason, target, sources) => {
    expect(TRANSITIONS[reason].target).toBe(target)
    expect(sourcesFor(reason)).toEqual(sources)
  })
})
