/**
 * A small local server speaking GitHub's OAuth endpoints for tests (never the internet):
 * `/login/oauth/authorize` (a page with the account's username and "Authorize" or "Cancel"),
 * `/login/oauth/access_token` (checks the client secret, the code, the redirect URI and the PKCE
 * verifier; each code works once), and the API's `/user` and `/user/emails` (Bearer token).
 * Integration tests run it in-process; Playwright starts it as a web server (e2e/support/idp.ts).
 */

import { createHash, randomBytes } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { escapeHtml, formBody } from './provider-http.ts'

export interface GitHubAccount {
  id: number
  login: string
  name?: string
  emails: { email: string; verified: boolean; primary: boolean }[]
}

export interface GitHubClientCredentials {
  clientId: string
  clientSecret: string
}

export interface TestGitHub {
  /** The base URL (authorization at `<url>/login/oauth/authorize`, the API at `<url>`). */
  url: string
  endpoints: { authorizationUrl: string; tokenUrl: string; apiUrl: string }
  setAccount: (account: GitHubAccount) => void
  /**
   * What a browser does with an authorization URL: "signs in" as `login` and authorizes (or, with
   * `deny`, cancels), returning the URL GitHub sends the browser back to, unvisited.
   */
  authorize: (url: string, login: string, options?: { deny?: boolean }) => Promise<URL>
  close: () => Promise<void>
}

interface Grant {
  login: string
  clientId: string
  redirectUri: string
  challenge: string | null
}

function authorizePage(query: URLSearchParams, error: string | null): string {
  const hidden = [...query]
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join('')
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GitHub (test) · Authorize</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f8fa;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:2rem;border-radius:12px;border:1px solid #d0d7de;width:20rem}
label{display:block;margin-top:1rem;font-size:.875rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:8px;font-weight:600}
.go{background:#1f883d;color:#fff}.no{background:#eaeef2}p[role=alert]{color:#b91c1c}</style></head>
<body><main>
<h1>GitHub (test)</h1>
<p>Authorize the application to read your profile and email addresses.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login/oauth/authorize">${hidden}
<label for="login">Username</label><input id="login" name="login" autocomplete="username" required>
<button class="go" type="submit" name="decision" value="allow">Authorize</button>
<button class="no" type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</form>
</main></body></html>`
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url')

export async function startTestGitHub(options: {
  clients: GitHubClientCredentials[]
  accounts?: GitHubAccount[]
  host?: string
  port?: number
  /** Redirect URIs must start with this. */
  redirectPrefix: string
}): Promise<TestGitHub> {
  const accounts = new Map((options.accounts ?? []).map((account) => [account.login, account]))
  const codes = new Map<string, Grant>()
  const tokens = new Map<string, string>()

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' })
    response.end(JSON.stringify(body))
  }

  /** The redirect back, or an error page when the request itself is bad (as GitHub shows one). */
  const decide = (
    query: URLSearchParams,
    login: string | null,
    deny: boolean,
  ): { location: string } | { page: string } => {
    const clientId = query.get('client_id') ?? ''
    const redirectUri = query.get('redirect_uri') ?? ''
    if (!options.clients.some((client) => client.clientId === clientId)) return { page: 'Unknown client_id' }
    if (!redirectUri.startsWith(options.redirectPrefix)) return { page: 'redirect_uri is not registered' }
    const back = new URL(redirectUri)
    const state = query.get('state')
    if (state !== null) back.searchParams.set('state', state)
    if (deny) {
      back.searchParams.set('error', 'access_denied')
      back.searchParams.set('error_description', 'The user has denied your application access.')
      return { location: back.href }
    }
    if (!login || !accounts.has(login)) return { page: authorizePage(query, 'No such user.') }
    const code = randomBytes(10).toString('hex')
    const method = query.get('code_challenge_method')
    codes.set(code, {
      login,
      clientId,
      redirectUri,
      challenge: method === 'S256' ? (query.get('code_challenge') ?? null) : null,
    })
    back.searchParams.set('code', code)
    return { location: back.href }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (url.pathname === '/login/oauth/authorize' && request.method === 'GET') {
        const decided = decide(url.searchParams, null, false)
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        // A GET shows the page (unless the request is bad): the person names themselves there.
        return response.end('page' in decided ? decided.page : authorizePage(url.searchParams, null))
      }
      if (url.pathname === '/login/oauth/authorize' && request.method === 'POST') {
        const form = await formBody(request)
        const decided = decide(form, form.get('login'), form.get('decision') === 'deny')
        if ('page' in decided) {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          return response.end(decided.page)
        }
        response.writeHead(302, { location: decided.location })
        return response.end()
      }
      if (url.pathname === '/login/oauth/access_token' && request.method === 'POST') {
        const form = await formBody(request)
        const client = options.clients.find((candidate) => candidate.clientId === form.get('client_id'))
        if (!client || client.clientSecret !== form.get('client_secret'))
          return json(response, 200, { error: 'incorrect_client_credentials' })
        const code = form.get('code') ?? ''
        const grant = codes.get(code)
        codes.delete(code)
        if (!grant || grant.clientId !== client.clientId) return json(response, 200, { error: 'bad_verification_code' })
        if (grant.redirectUri !== form.get('redirect_uri'))
          return json(response, 200, { error: 'redirect_uri_mismatch' })
        if (grant.challenge !== null && s256(form.get('code_verifier') ?? '') !== grant.challenge)
          return json(response, 200, { error: 'bad_verification_code' })
        const token = `gho_${randomBytes(16).toString('hex')}`
        tokens.set(token, grant.login)
        return json(response, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' })
      }
      if ((url.pathname === '/user' || url.pathname === '/user/emails') && request.method === 'GET') {
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
        const login = tokens.get(token)
        const account = login ? accounts.get(login) : undefined
        if (!account) return json(response, 401, { message: 'Bad credentials' })
        if (url.pathname === '/user') {
          return json(response, 200, { id: account.id, login: account.login, name: account.name ?? null })
        }
        return json(
          response,
          200,
          account.emails.map((email) => ({ ...email, visibility: null })),
        )
      }
      json(response, 404, { message: 'Not Found' })
    })().catch((error: unknown) => {
      response.writeHead(500)
      response.end(String(error))
    })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const base = `http://${host}:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    endpoints: {
      authorizationUrl: `${base}/login/oauth/authorize`,
      tokenUrl: `${base}/login/oauth/access_token`,
      apiUrl: base,
    },
    setAccount: (account) => accounts.set(account.login, account),
    async authorize(authorizationUrl, login, authorizeOptions = {}) {
      const query = new URL(authorizationUrl).searchParams
      const decided = decide(query, login, authorizeOptions.deny === true)
      if ('page' in decided) throw new Error(`the test GitHub refused the request: ${decided.page.slice(0, 80)}`)
      return new URL(decided.location)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
