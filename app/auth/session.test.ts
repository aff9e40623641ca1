import { describe, expect, it } from 'vitest'
import type { SessionJSON } from '../session/wire.ts'
import { Session, type SessionRuntime } from './session.ts'

const runtime: SessionRuntime = {
  getToken: async () => null,
  peekToken: () => null,
  refresh: async () => {},
  broadcast: () => {},
  clearTokenCache: () => {},
}

function session(factorVerificationAge: SessionJSON['factorVerificationAge']): Session {
  const at = Date.parse('2026-01-01T12:00:00Z')
  return new Session(
    {
      id: 'sess_1',
      status: 'active',
      createdAt: at,
      updatedAt: at,
      lastActiveAt: at,
      expireAt: at + 86_400_000,
      abandonAt: at + 86_400_000,
      endedAt: null,
      endReason: null,
      lastActiveOrganizationId: null,
      actor: null,
      factorVerificationAge,
      tasks: null,
      user: null,
      publicUserData: {
        userId: 'user_1',
        firstName: null,
        lastName: null,
        identifier: 'a@example.com',
        imageUrl: null,
        hasImage: false,
      },
    },
    runtime,
  )
}

describe('Session.checkAuthorization', () => {
  it('passes reverification only while the session verified recently enough', () => {
    expect(session([3, -1]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, -1]).checkAuthorization({ reverification: 'strict' })).toBe(false)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict' })).toBe(true)
    expect(session([12, 2]).checkAuthorization({ reverification: 'strict_mfa' })).toBe(false)
  })

  it('fails closed without a factor verification age, or on checks with no data yet', () => {
    expect(session(null).checkAuthorization({ reverification: 'lax' })).toBe(false)
    expect(session([0, 0]).checkAuthorization({ role: 'org:admin' })).toBe(false)
    expect(session([0, 0]).checkAuthorization({})).toBe(false)
  })
})
