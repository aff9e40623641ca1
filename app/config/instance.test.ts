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
  ])('stops with a message naming the problem for %j', (input, message) => {
    expect(() => resolveConfig(input)).toThrow(ConfigError)
    expect(() => resolveConfig(input)).toThrow(message)
  })
})
