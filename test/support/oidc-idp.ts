/**
 * A real OpenID provider for tests: `oidc-provider` on loopback, with a login page of our own (a
 * labelled username and password form, so Playwright can sign in), accounts the test controls, and
 * grants given without a consent screen (a first-party IdP). Integration tests run it in-process;
 * Playwright starts it as a web server (e2e/support/idp.ts).
 *
 * It accepts any redirect URI under `redirectPrefix`: each connection has its own callback URL,
 * and tests make connections as they go. Nothing else about the protocol is bent.
 */

import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider'
import { escapeHtml, formBody } from './provider-http.ts'

export interface IdpAccount {
  sub: string
  username: string
  password: string
  email?: string
  /** Sent as given: a boolean, a string, or left out. */
  emailVerified?: unknown
  givenName?: string
  familyName?: string
  /** The `amr` the login reports (RFC 8176); none by default. */
  amr?: string[]
  acr?: string
}

export interface IdpClient {
  clientId: string
  clientSecret: string
}

export interface TestIdp {
  issuer: string
  /** Adds an account, or replaces the one with the same `sub` (an email change at the IdP). */
  setAccount: (account: IdpAccount) => void
  /**
   * Does what a browser does with an authorization URL: follows the IdP's redirects, signs in on
   * its login page, and returns the URL the IdP sends the browser back to (our callback), unvisited.
   * Each call is a new browser at the IdP, so it always signs in afresh.
   */
  authorize: (url: string, credentials: { username: string; password: string }) => Promise<URL>
  close: () => Promise<void>
}

/** oidc-provider's storage, in memory (its own in-memory adapter warns on every start). */
function memoryAdapter() {
  const rows = new Map<string, { payload: AdapterPayload; expiresAt: number | null }>()
  const live = (key: string) => {
    const row = rows.get(key)
    if (row?.expiresAt && row.expiresAt < Date.now()) rows.delete(key)
    return rows.get(key)?.payload
  }
  return (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`
    const findBy = (match: (payload: AdapterPayload) => boolean) =>
      [...rows.keys()]
        .filter((candidate) => candidate.startsWith(`${name}:`))
        .map((candidate) => live(candidate))
        .find((payload) => payload !== undefined && match(payload))
    return {
      async upsert(id, payload, expiresIn) {
        rows.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null })
      },
      async find(id) {
        return live(key(id))
      },
      async findByUserCode(userCode) {
        return findBy((payload) => payload.userCode === userCode)
      },
      async findByUid(uid) {
        return findBy((payload) => payload.uid === uid)
      },
      async consume(id) {
        const payload = live(key(id))
        if (payload) payload.consumed = Math.floor(Date.now() / 1000)
      },
      async destroy(id) {
        rows.delete(key(id))
      },
      async revokeByGrantId(grantId) {
        for (const [candidate, row] of rows) if (row.payload.grantId === grantId) rows.delete(candidate)
      },
    }
  }
}

function loginPage(uid: string, error: string | null): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Corp IdP · Sign in</title>
<style>body{font-family:system-ui,sans-serif;background:#f4f4f5;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 1px 3px #0002;width:20rem}
label{display:block;margin-top:1rem;font-size:.875rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}
button{margin-top:1.5rem;width:100%;padding:.6rem;background:#0f766e;color:#fff;border:0;border-radius:8px;font-weight:600}
p[role=alert]{color:#b91c1c}</style></head>
<body><main>
<h1>Corp IdP</h1>
<p>Sign in to continue to your application.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
</main></body></html>`
}

/** Starts the IdP on `host:port` (port 0: any free port); its issuer is `http://host:port`. */
export async function startTestIdp(options: {
  redirectPrefix: string
  clients: IdpClient[]
  accounts?: IdpAccount[]
  host?: string
  port?: number
}): Promise<TestIdp> {
  const host = options.host ?? '127.0.0.1'
  const accounts = new Map((options.accounts ?? []).map((account) => [account.sub, account]))
  let handle: ((request: IncomingMessage, response: ServerResponse) => void) | null = null
  const server = createServer((request, response) => {
    if (handle) return handle(request, response)
    // Listening before the provider exists (its issuer needs the port): not ready yet.
    response.writeHead(503, { 'retry-after': '1' })
    response.end()
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`

  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-idp-1', alg: 'RS256', use: 'sig' }

  const configuration: Configuration = {
    adapter: memoryAdapter(),
    acrValues: ['urn:corp:loa:1', 'urn:corp:loa:2'],
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [`${options.redirectPrefix}placeholder`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name'],
    },
    // Put the scopes' claims in the ID token itself: the relying party reads nothing else.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, claimsParameter: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    clientBasedCORS: () => false,
    ttl: { AuthorizationCode: 60, AccessToken: 300, IdToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub)
      if (!account) return undefined
      return {
        accountId: sub,
        async claims() {
          const claims: Record<string, unknown> = { sub }
          if (account.email !== undefined) claims.email = account.email
          if (account.emailVerified !== undefined) claims.email_verified = account.emailVerified
          if (account.givenName) claims.given_name = account.givenName
          if (account.familyName) claims.family_name = account.familyName
          return claims as { sub: string }
        },
      }
    },
    // A first-party IdP: whoever signs in grants the scopes asked for, without a consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '')
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId)
        if (existing) return existing
      }
      if (!ctx.oidc.client || !ctx.oidc.session?.accountId) return undefined
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
    async renderError(ctx, out) {
      ctx.type = 'html'
      ctx.body = `<!doctype html><title>IdP error</title><h1>IdP error</h1><pre>${escapeHtml(JSON.stringify(out))}</pre>`
    },
  }
  const provider = new Provider(issuer, configuration)
  // Each connection has its own callback URL, made as the tests go: allow any under the prefix.
  provider.Client.prototype.redirectUriAllowed = (uri: string) => uri.startsWith(options.redirectPrefix)
  const callback = provider.callback()

  handle = (request, response) => {
    const url = new URL(request.url ?? '/', issuer)
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname)
    if (!interaction) {
      callback(request, response)
      return
    }
    const uid = interaction[1] ?? ''
    const html = (status: number, body: string) => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      response.end(body)
    }
    void (async () => {
      try {
        await provider.interactionDetails(request, response)
        if (!interaction[2]) return html(200, loginPage(uid, null))
        const form = await formBody(request)
        const account = [...accounts.values()].find(
          (candidate) => candidate.username === form.get('username') && candidate.password === form.get('password'),
        )
        if (!account) return html(200, loginPage(uid, 'Wrong username or password.'))
        const login: { accountId: string; amr?: string[]; acr?: string } = { accountId: account.sub }
        if (account.amr) login.amr = account.amr
        if (account.acr) login.acr = account.acr
        await provider.interactionFinished(request, response, { login }, { mergeWithLastSubmission: false })
      } catch (error) {
        html(400, `<!doctype html><title>IdP error</title><p>${escapeHtml(String(error))}</p>`)
      }
    })()
  }

  async function authorize(start: string, credentials: { username: string; password: string }): Promise<URL> {
    const cookies = new Map<string, string>()
    let next = new URL(start)
    let post: string | null = null
    for (let hop = 0; hop < 12; hop++) {
      if (next.href.startsWith(options.redirectPrefix)) return next
      const response = await fetch(next, {
        method: post === null ? 'GET' : 'POST',
        body: post ?? undefined,
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(post === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
      })
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const at = pair.indexOf('=')
        cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        next = new URL(location, next)
        post = null
        continue
      }
      const body = await response.text()
      if (response.status === 200 && post === null && /^\/interaction\/[\w-]+$/.test(next.pathname)) {
        next = new URL(`${next.pathname}/login`, next)
        post = new URLSearchParams(credentials).toString()
        continue
      }
      throw new Error(`the IdP answered ${response.status} at ${next.pathname}: ${body.slice(0, 500)}`)
    }
    throw new Error('the IdP redirected too many times')
  }

  return {
    issuer,
    setAccount: (account) => accounts.set(account.sub, account),
    authorize,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
