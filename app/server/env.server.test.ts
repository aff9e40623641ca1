import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.server.ts'

const SECRET = Buffer.alloc(32, 7).toString('base64url')

describe('parseEnv', () => {
  it('refuses to start in production without APP_URL and TESSERA_SECRET', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/APP_URL, TESSERA_SECRET/)
  })

  it('accepts a complete production environment', () => {
    const env = parseEnv({ NODE_ENV: 'production', APP_URL: 'https://app.example.com/', TESSERA_SECRET: SECRET })
    expect(env.appOrigin).toBe('https://app.example.com')
    expect(env.TRUSTED_PROXY_HOPS).toBe(0)
  })

  it.each([
    [{ TESSERA_SECRET: 'too-short' }, /TESSERA_SECRET/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL/],
    [{ APP_URL: 'ftp://example.com' }, /APP_URL/],
    [{ TRUSTED_PROXY_HOPS: 'two' }, /TRUSTED_PROXY_HOPS/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('names the bad variable in %j', (source, message) => {
    expect(() => parseEnv({ TESSERA_SECRET: SECRET, ...source })).toThrow(EnvError)
    expect(() => parseEnv({ TESSERA_SECRET: SECRET, ...source })).toThrow(message)
  })

  it('reads TESSERA_SECRET_PREVIOUS as a list separated by commas or white space, each checked', () => {
    const other = Buffer.alloc(32, 8).toString('base64url')
    const third = Buffer.alloc(40, 9).toString('base64url')
    expect(parseEnv({ TESSERA_SECRET: SECRET }).TESSERA_SECRET_PREVIOUS).toEqual([])
    expect(
      parseEnv({ TESSERA_SECRET: SECRET, TESSERA_SECRET_PREVIOUS: ` ${other},\n${third} ` }).TESSERA_SECRET_PREVIOUS,
    ).toEqual([other, third])
    expect(() => parseEnv({ TESSERA_SECRET: SECRET, TESSERA_SECRET_PREVIOUS: `${other},too-short` })).toThrow(
      /TESSERA_SECRET_PREVIOUS/,
    )
    // The message names the variable, never the value.
    expect(() => parseEnv({ TESSERA_SECRET: SECRET, TESSERA_SECRET_PREVIOUS: 'too-short' })).not.toThrow(/too-short/)
  })
})
