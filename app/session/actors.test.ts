import { describe, expect, it } from 'vitest'
import { actorSessionLimits, actorTokenState, agentSubject, isAgent, isImpersonation } from './actors.ts'
import {
  AGENT_SESSION_DEFAULT_SECONDS,
  AGENT_SESSION_MAX_SECONDS,
  IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS,
  IMPERSONATION_MAX_LIFETIME_SECONDS,
} from './policy.ts'

const T0 = new Date('2026-03-01T09:00:00Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

describe('an actor token', () => {
  it('is expired from its expiry on while pending; used and revoked ones stay what they are', () => {
    const pending = { status: 'pending' as const, expiresAt: at(300) }
    expect(actorTokenState(pending, at(299))).toBe('pending')
    expect(actorTokenState(pending, at(300))).toBe('expired')
    expect(actorTokenState({ ...pending, status: 'accepted' }, at(900))).toBe('accepted')
    expect(actorTokenState({ ...pending, status: 'revoked' }, at(900))).toBe('revoked')
  })
})

describe('the session an actor token opens', () => {
  it('is impersonation: 10 minutes idle, 30 in all, whatever the token asked for', () => {
    const limits = {
      maxLifetimeSeconds: IMPERSONATION_MAX_LIFETIME_SECONDS,
      inactivityTimeoutSeconds: IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS,
    }
    expect(actorSessionLimits('impersonation', null)).toEqual(limits)
    expect(actorSessionLimits('impersonation', 24 * 3600)).toEqual(limits)
  })

  it("is an agent's: what it asked for, between a minute and an hour, never idle-limited", () => {
    const agent = (asked: number | null) => actorSessionLimits('agent', asked)
    expect(agent(null)).toEqual({ maxLifetimeSeconds: AGENT_SESSION_DEFAULT_SECONDS, inactivityTimeoutSeconds: null })
    expect(agent(900).maxLifetimeSeconds).toBe(900)
    expect(agent(10).maxLifetimeSeconds).toBe(60)
    expect(agent(10 * 3600).maxLifetimeSeconds).toBe(AGENT_SESSION_MAX_SECONDS)
  })
})

describe('actors', () => {
  it('tell an impersonator from an agent, and nobody from either', () => {
    expect(isImpersonation({ sub: 'user_1' })).toBe(true)
    expect(isAgent({ sub: 'user_1' })).toBe(false)
    expect(isImpersonation({ sub: 'agent_x', type: 'agent' })).toBe(false)
    expect(isAgent({ sub: 'agent_x', type: 'agent' })).toBe(true)
    expect(isImpersonation(null)).toBe(false)
    expect(isAgent(undefined)).toBe(false)
  })

  it('name an agent by a stable, plain subject', () => {
    expect(agentSubject('Inbox Assistant')).toBe('agent_inbox_assistant')
    expect(agentSubject('  Ünïcode — Bot!! ')).toBe('agent_unicode_bot')
    expect(agentSubject('!!!')).toBe('agent_unnamed')
    expect(agentSubject('a'.repeat(100))).toHaveLength('agent_'.length + 40)
  })
})
