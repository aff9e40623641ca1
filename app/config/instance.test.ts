import { describe, expect, it } from 'vitest'
import rawConfig from '../../app.config.ts'
import { PROFILE_LIMITS } from '../session/lifetime.ts'
import { ConfigError, resolveConfig } from './instance.ts'

describe('instance configuration', () => {
  it('fills in the documented defaults', () => {
    const config = resolveConfig({})
    expect(config.appName).toBe('Tessera')
    expect(config.sessions).toMatchObject({
      lifetime: 'standard',
      multiSession: true,
      maxSessionsPerClient: 5,
      mode: 'multi',
    })
    expect(config.sessions.limits).toEqual(PROFILE_LIMITS.standard)
    expect(config.passwords.requireSingleFactorLength).toBe(false)
  })

  it('accepts the shipped app.config.ts', () => {
    expect(() => resolveConfig(rawConfig)).not.toThrow()
  })

  it('defaults to every factor, the reference lockout (10 failures, 1 hour) and the documented rate limits', () => {
    const config = resolveConfig({})
    expect(config.factors).toEqual({
      firstFactors: ['password', 'email_code', 'phone_code', 'passkey'],
      secondFactors: ['totp', 'phone_code', 'backup_code'],
      requireMfa: false,
    })
    expect(config.lockout).toEqual({ maxFailures: 10, durationSeconds: 3600 })
    expect(config.rateLimits.sign_in_ip).toEqual({ limit: 30, windowSeconds: 60 })
    expect(resolveConfig({ rateLimits: { sign_in_ip: { limit: 5, windowSeconds: 10 } } }).rateLimits).toMatchObject({
      sign_in_ip: { limit: 5, windowSeconds: 10 },
      code_send_identifier: { limit: 10, windowSeconds: 3600 },
    })
  })

  it('turns custom minutes into limits in seconds', () => {
    const config = resolveConfig({ sessions: { lifetime: { maxLifetimeMinutes: 120, inactivityTimeoutMinutes: 30 } } })
    expect(config.sessions.limits).toEqual({ maxLifetimeSeconds: 7200, inactivityTimeoutSeconds: 1800 })
  })

  it.each([
    [{ sessions: { lifetime: { maxLifetimeMinutes: null, inactivityTimeoutMinutes: null } } }, /at least one/],
    [{ sessions: { lifetime: { maxLifetimeMinutes: 30, inactivityTimeoutMinutes: 60 } } }, /shorter than the maximum/],
    [{ sessions: { lifetime: 'forever' } }, /sessions\.lifetime/],
    [{ sessions: { maxSessionsPerClient: 0 } }, /maxSessionsPerClient/],
    [{ sessions: { multiSesion: true } }, /multiSesion/],
    [{ appName: '' }, /appName/],
    [{ factors: { firstFactors: [] } }, /firstFactors/],
    [{ factors: { secondFactors: ['email_code'] } }, /secondFactors/],
    [{ factors: { secondFactors: ['backup_code'] } }, /backup codes back up another second factor/],
    [{ lockout: { maxFailures: 3 } }, /maxFailures/],
    [{ rateLimits: { sign_in_ip: { limit: 0, windowSeconds: 60 } } }, /rateLimits/],
    [{ rateLimits: { everything: { limit: 1, windowSeconds: 60 } } }, /rateLimits/],
  ])('stops with a message naming the problem for %j', (input, message) => {
    expect(() => resolveConfig(input)).toThrow(ConfigError)
    expect(() => resolveConfig(input)).toThrow(message)
  })
})
