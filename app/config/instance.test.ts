import { describe, expect, it } from 'vitest'
import rawConfig from '../../app.config.ts'
import { PROFILE_LIMITS } from '../session/lifetime.ts'
import { ConfigError, publicEnvironment, resolveConfig, withOverrides } from './instance.ts'

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

  it('signs with RS256 on a 2048-bit modulus by default, and takes 3072 or 4096 or another algorithm (ADR 026)', () => {
    expect(resolveConfig({}).tokens).toMatchObject({ algorithm: 'RS256', rsaModulusBits: 2048 })
    expect(resolveConfig(rawConfig).tokens).toMatchObject({ algorithm: 'RS256', rsaModulusBits: 2048 })
    expect(resolveConfig({ tokens: { rsaModulusBits: 3072 } }).tokens.rsaModulusBits).toBe(3072)
    expect(resolveConfig({ tokens: { rsaModulusBits: 4096 } }).tokens.rsaModulusBits).toBe(4096)
    expect(resolveConfig({ tokens: { algorithm: 'ES256' } }).tokens.algorithm).toBe('ES256')
    expect(resolveConfig({ tokens: { algorithm: 'EdDSA' } }).tokens.algorithm).toBe('EdDSA')
    for (const rsaModulusBits of [1024, 2047, 2049, 8192, '2048'])
      expect(() => resolveConfig({ tokens: { rsaModulusBits } })).toThrow(ConfigError)
  })

  it('accepts the shipped app.config.ts', () => {
    expect(() => resolveConfig(rawConfig)).not.toThrow()
  })

  it('defaults to every factor, the reference lockout (10 failures, 1 hour) and the documented rate limits', () => {
    const config = resolveConfig({})
    expect(config.factors).toEqual({
      firstFactors: [
        'password',
        'email_code',
        'email_link',
        'phone_code',
        'passkey',
        'enterprise_sso',
        'reset_password_email_code',
        'reset_password_phone_code',
      ],
      secondFactors: ['totp', 'phone_code', 'backup_code'],
      requireMfa: false,
      emailLinkRequireSameClient: true,
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
    [{ factors: { requireMfa: true, secondFactors: ['backup_code', 'totp'] }, plans: {} }, null],
    [{ factors: { requireMfa: true, secondFactors: [] } }, /requiring a second factor/],
    [
      { organizations: { roles: { 'org:admin': { name: 'A', permissions: ['org:reports:read'] } } } },
      /org:reports:read/,
    ],
    [{ organizations: { roles: { admin: { name: 'A' } } } }, /organizations\.roles\.admin/],
    [{ organizations: { creatorRole: 'org:owner' } }, /org:owner is not one of the roles/],
    [
      { organizations: { roles: { 'org:admin': { name: 'A' }, 'org:member': { name: 'M' } } } },
      /must grant org:sys_memberships:manage/,
    ],
    [{ plans: { pro: { name: 'Pro', for: 'user', features: ['nope'] } } }, /nope is not one of the features/],
    [
      {
        plans: {
          a: { name: 'A', for: 'organization', default: true },
          b: { name: 'B', for: 'organization', default: true },
        },
      },
      /only one default plan/,
    ],
    [{ terms: { version: '1', url: 'http://insecure.example.com/terms' } }, /https URL/],
  ])('stops with a message naming the problem for %j', (input, message) => {
    if (message === null) return expect(() => resolveConfig(input)).not.toThrow()
    expect(() => resolveConfig(input)).toThrow(ConfigError)
    expect(() => resolveConfig(input)).toThrow(message)
  })

  it('turns the settings that switch tasks on into the task rules', () => {
    expect(resolveConfig({}).tasks).toEqual({
      forcePasswordReset: true,
      requireMfa: false,
      termsVersion: null,
      requireOrganization: false,
    })
    const strict = resolveConfig({
      factors: { requireMfa: true },
      organizations: { allowPersonalAccounts: false },
      terms: { version: '2026-11', url: '/terms' },
    })
    expect(strict.tasks).toEqual({
      forcePasswordReset: true,
      requireMfa: true,
      termsVersion: '2026-11',
      requireOrganization: true,
    })
    // Organizations off: nothing to choose, whatever the personal-account setting says.
    expect(
      resolveConfig({ organizations: { enabled: false, allowPersonalAccounts: false } }).tasks.requireOrganization,
    ).toBe(false)
  })

  it('lays TESSERA_CONFIG overrides over app.config.ts key by key, arrays replaced', () => {
    const base = {
      appName: 'Base',
      sessions: { lifetime: 'standard', multiSession: true },
      factors: { firstFactors: ['password', 'passkey'] },
    }
    expect(
      withOverrides(base, { sessions: { multiSession: false }, factors: { firstFactors: ['email_code'] } }),
    ).toEqual({
      appName: 'Base',
      sessions: { lifetime: 'standard', multiSession: false },
      factors: { firstFactors: ['email_code'] },
    })
    expect(withOverrides(base, {})).toEqual(base)
    expect(() => resolveConfig(withOverrides(rawConfig, { organizations: { allowPersonalAccounts: 'no' } }))).toThrow(
      /allowPersonalAccounts/,
    )
  })

  it('tells the browser only what it needs', () => {
    const environment = publicEnvironment(resolveConfig(rawConfig))
    expect(Object.keys(environment).sort()).toEqual([
      'appName',
      'maxSessionsPerClient',
      'multiSession',
      'organizations',
      'signUpPasswordMinLength',
      'socialStrategies',
      'terms',
      'usernames',
    ])
    expect(JSON.stringify(environment)).not.toMatch(/templates|rateLimits|lockout/)
  })
})
