/**
 * GitHub sign-in: plain OAuth 2.0 (no ID token), then the user and their addresses from its REST
 * API (https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps,
 * https://docs.github.com/en/rest/users/emails). The authorization request carries `state` and a
 * PKCE S256 challenge; the code is exchanged with the client secret and the verifier. The access
 * token is used for the two reads and dropped (ASVS 10.1.1). Every call gives up after
 * SSO_HTTP_TIMEOUT_SECONDS.
 */

import * as oidc from 'openid-client'
import { TesseraError } from '../session/errors.ts'
import { NAME_MAX_LENGTH, SSO_HTTP_TIMEOUT_SECONDS } from '../session/policy.ts'
import { GITHUB_SCOPES, type GitHubEmail, pickGitHubEmail, type SocialProfile } from '../session/social.ts'
import type { RoundTrip } from './oidc.server.ts'

export interface GitHubEndpoints {
  authorizationUrl: string
  tokenUrl: string
  apiUrl: string
}

export interface GitHubClient extends GitHubEndpoints {
  clientId: string
  clientSecret: string
}

/** The authorization URL: `state`, PKCE S256, our scopes, the registered redirect URI. */
export async function githubAuthorizationUrl(
  client: GitHubClient,
  input: { redirectUri: string; trip: RoundTrip },
): Promise<string> {
  const url = new URL(client.authorizationUrl)
  url.searchParams.set('client_id', client.clientId)
  url.searchParams.set('redirect_uri', input.redirectUri)
  url.searchParams.set('scope', GITHUB_SCOPES)
  url.searchParams.set('state', input.trip.state)
  url.searchParams.set('code_challenge', await oidc.calculatePKCECodeChallenge(input.trip.codeVerifier))
  url.searchParams.set('code_challenge_method', 'S256')
  return url.href
}

/** A fetch to GitHub, with the timeout, mapped to our codes when it fails to answer. */
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(SSO_HTTP_TIMEOUT_SECONDS * 1000),
    })
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new TesseraError('sso_idp_timeout')
    }
    throw new TesseraError('sso_idp_unreachable')
  }
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    throw new TesseraError('sso_idp_unreachable')
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

const name = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, NAME_MAX_LENGTH) : null

/**
 * Exchanges the code (with the PKCE verifier) and reads the user and their addresses. GitHub
 * answers a refused code with 200 and `{ error }`: that is `sso_code_rejected`.
 */
export async function githubProfile(
  client: GitHubClient,
  input: { code: string; redirectUri: string; trip: RoundTrip },
): Promise<SocialProfile> {
  const tokenResponse = await call(client.tokenUrl, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.trip.codeVerifier,
    }),
  })
  if (tokenResponse.status >= 500) throw new TesseraError('sso_idp_unreachable')
  const token = await json(tokenResponse)
  if (!tokenResponse.ok || !isObject(token) || typeof token.access_token !== 'string' || token.access_token === '') {
    const error = isObject(token) && typeof token.error === 'string' ? token.error.slice(0, 64) : 'no_access_token'
    throw new TesseraError('sso_code_rejected', { meta: { error } })
  }
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token.access_token}`,
    'user-agent': 'Tessera',
    'x-github-api-version': '2022-11-28',
  }
  const base = client.apiUrl.replace(/\/+$/, '')
  const [userResponse, emailsResponse] = await Promise.all([
    call(`${base}/user`, { headers }),
    call(`${base}/user/emails`, { headers }),
  ])
  if (!userResponse.ok || !emailsResponse.ok) throw new TesseraError('sso_idp_unreachable')
  const user = await json(userResponse)
  const emails = await json(emailsResponse)
  if (!isObject(user) || typeof user.id !== 'number' || !Number.isSafeInteger(user.id) || !Array.isArray(emails)) {
    throw new TesseraError('sso_token_invalid')
  }
  const entries: GitHubEmail[] = emails.filter(isObject).map((entry) => ({
    email: typeof entry.email === 'string' ? entry.email : '',
    // Only the JSON boolean counts (as `email_verified` for OpenID providers, VULN-14).
    verified: entry.verified === true,
    primary: entry.primary === true,
  }))
  const chosen = pickGitHubEmail(entries)
  const fullName = name(user.name)
  const space = fullName?.indexOf(' ') ?? -1
  return {
    subject: String(user.id),
    email: chosen.email,
    emailVerified: chosen.verified,
    firstName: fullName && space > 0 ? fullName.slice(0, space) : fullName,
    lastName: fullName && space > 0 ? name(fullName.slice(space + 1)) : null,
    username: typeof user.login === 'string' ? user.login.slice(0, 100) : null,
  }
}
