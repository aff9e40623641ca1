/**
 * The IdP configuration cache (metadata and the IdP's JWKS, per enterprise connection) is bounded
 * (security.md REL-06): ten times its cap of distinct connections never leave more than the cap
 * in memory, and a failed discovery is not kept.
 */

import { describe, expect, it } from 'vitest'
import { cachedConfigurationCount, configurationFor, DISCOVERY_CACHE_CAP } from './oidc.server.ts'

describe('configurationFor', () => {
  it('keeps at most its cap of connections', async () => {
    const now = new Date('2030-01-01T00:00:00Z')
    const pending: Array<Promise<unknown>> = []
    for (let index = 0; index < DISCOVERY_CACHE_CAP * 10; index++) {
      // Not a URL: discovery fails before any request is made, after the entry is cached.
      const connection = { id: `conn_${index}`, issuer: 'not a url', clientId: 'c', clientSecret: 's', updatedAt: now }
      pending.push(configurationFor(connection, now).catch(() => undefined))
      expect(cachedConfigurationCount()).toBeLessThanOrEqual(DISCOVERY_CACHE_CAP)
    }
    expect(cachedConfigurationCount()).toBeGreaterThan(0)
    await Promise.all(pending)
    expect(cachedConfigurationCount()).toBe(0)
  })
})
