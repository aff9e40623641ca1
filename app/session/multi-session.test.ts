import { describe, expect, it } from 'vitest'
import { type ClientSession, chooseSession, pickFallbackSession, planSignIn } from './multi-session.ts'
import type { SessionStatus } from './status.ts'

const session = (id: string, userId: string, status: SessionStatus, minute: number): ClientSession => ({
  id,
  userId,
  status,
  lastActiveAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
})

describe('planSignIn', () => {
  const sessions = [
    session('s1', 'u1', 'active', 1),
    session('s2', 'u2', 'pending', 2),
    session('s3', 'u3', 'ended', 3),
  ]

  it('in single-session mode replaces every signed-in session', () => {
    expect(planSignIn(sessions, 'u9', { mode: 'single', maxSessionsPerClient: 5 })).toEqual({
      allowed: true,
      replace: ['s1', 's2'],
    })
  })

  it('in multi-session mode adds a new identity beside the others', () => {
    expect(planSignIn(sessions, 'u9', { mode: 'multi', maxSessionsPerClient: 5 })).toEqual({
      allowed: true,
      replace: [],
    })
  })

  it('in multi-session mode replaces an older session of the same identity', () => {
    expect(planSignIn(sessions, 'u2', { mode: 'multi', maxSessionsPerClient: 5 })).toEqual({
      allowed: true,
      replace: ['s2'],
    })
  })

  it('refuses a new identity when the client is full (ended sessions do not count)', () => {
    expect(planSignIn(sessions, 'u9', { mode: 'multi', maxSessionsPerClient: 2 })).toEqual({
      allowed: false,
      reason: 'max_sessions_reached',
      limit: 2,
    })
  })

  it('lets an identity already on a full client sign in again, replacing itself', () => {
    expect(planSignIn(sessions, 'u1', { mode: 'multi', maxSessionsPerClient: 2 })).toEqual({
      allowed: true,
      replace: ['s1'],
    })
  })
})

describe('pickFallbackSession', () => {
  it('picks the most recently active signed-in session other than the excluded one', () => {
    const sessions = [
      session('a', 'u1', 'active', 5),
      session('b', 'u2', 'active', 9),
      session('c', 'u3', 'revoked', 10),
    ]
    expect(pickFallbackSession(sessions, 'b')?.id).toBe('a')
    expect(pickFallbackSession(sessions)?.id).toBe('b')
  })

  it('returns null when no signed-in session is left', () => {
    expect(pickFallbackSession([session('a', 'u1', 'removed', 1)])).toBeNull()
  })
})

describe('chooseSession', () => {
  const sessions = [session('a', 'u1', 'active', 5), session('b', 'u2', 'active', 9)]

  it('keeps the last active session while it is signed in', () => {
    expect(chooseSession(sessions, 'a')?.id).toBe('a')
  })

  it('falls back to the most recent signed-in session otherwise', () => {
    expect(chooseSession([{ ...session('a', 'u1', 'expired', 5) }, session('b', 'u2', 'active', 1)], 'a')?.id).toBe('b')
    expect(chooseSession(sessions, null)?.id).toBe('b')
  })
})
