import { describe, expect, it } from 'vitest'
import {
  authObjectFor,
  parseAuthOptions,
  parseServerGetTokenOptions,
  signedInAuthObject,
  signedOutAuthObject,
} from './auth-object.ts'
import type { SessionClaims } from './tokens.ts'

const claims: SessionClaims = {
  iss: 'https://app.example.com',
  sub: 'user_1',
  sid: 'sess_1',
  azp: 'https://app.example.com',
  iat: 1,
  nbf: 1,
  exp: 61,
  jti: 'j',
  v: 2,
  fva: [3, -1],
  o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read', fpm: '1' },
  fea: 'o:reports',
}

const dependencies = {
  token: 'the.session.jwt',
  has: () => true,
  orgPermissions: ['org:reports:read'],
  mintTemplate: async (template: string) => `minted:${template}`,
}

describe('signedInAuthObject', () => {
  it("reads the token's claims as the reference does", async () => {
    const object = signedInAuthObject(claims, dependencies)
    expect(object).toMatchObject({
      isAuthenticated: true,
      tokenType: 'session_token',
      userId: 'user_1',
      sessionId: 'sess_1',
      sessionStatus: null,
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      orgPermissions: ['org:reports:read'],
      factorVerificationAge: [3, -1],
      actor: undefined,
    })
    expect(await object.getToken()).toBe('the.session.jwt')
    expect(await object.getToken({ template: 'supabase' })).toBe('minted:supabase')
  })

  it('leaves the organization fields undefined without an organization', () => {
    const { o: _, ...personal } = claims
    expect(signedInAuthObject(personal, dependencies)).toMatchObject({
      orgId: undefined,
      orgRole: undefined,
      orgSlug: undefined,
      orgPermissions: undefined,
    })
  })
})

describe('authObjectFor', () => {
  it('is signed out without a token, and for a pending session unless opted in', () => {
    expect(authObjectFor(null, { treatPendingAsSignedOut: true })).toMatchObject({
      isAuthenticated: false,
      userId: null,
      sessionStatus: null,
    })
    const pending = { claims: { ...claims, sts: 'pending' as const }, dependencies }
    expect(authObjectFor(pending, { treatPendingAsSignedOut: true })).toMatchObject({
      isAuthenticated: false,
      userId: null,
      sessionStatus: 'pending',
    })
    expect(authObjectFor(pending, { treatPendingAsSignedOut: false })).toMatchObject({
      isAuthenticated: true,
      sessionStatus: 'pending',
    })
  })

  it('answers no to every check and null for every token when signed out', async () => {
    const signedOut = signedOutAuthObject()
    expect(signedOut.has({ role: 'org:admin' })).toBe(false)
    expect(await signedOut.getToken()).toBeNull()
  })
})

describe('option parsing', () => {
  it.each([
    [{ template: 'Bad Name' }, 'template'],
    [{ template: 7 }, 'template'],
    [{ expiresInSeconds: 60 }, 'expiresInSeconds'],
    [{ skipCache: true }, 'skipCache'],
    ['supabase', ''],
  ])('refuses getToken(%j) with invalid_input on %s', (options, path) => {
    expect(() => parseServerGetTokenOptions(options)).toThrow(
      expect.objectContaining({ code: 'invalid_input', meta: { issues: [expect.objectContaining({ path })] } }),
    )
  })

  it('accepts no options, an empty template and a template name', () => {
    expect(parseServerGetTokenOptions(undefined)).toEqual({ template: null })
    expect(parseServerGetTokenOptions({ template: '' })).toEqual({ template: null })
    expect(parseServerGetTokenOptions({ template: 'supabase' })).toEqual({ template: 'supabase' })
  })

  it("accepts session tokens only, and a boolean pending rule (auth()'s options)", () => {
    expect(parseAuthOptions(undefined)).toEqual({ treatPendingAsSignedOut: true })
    expect(parseAuthOptions({ treatPendingAsSignedOut: false, acceptsToken: 'session_token' })).toEqual({
      treatPendingAsSignedOut: false,
    })
    expect(() => parseAuthOptions({ acceptsToken: 'm2m_token' })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    )
    expect(() => parseAuthOptions({ treatPendingAsSignedOut: 1 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    )
  })
})
