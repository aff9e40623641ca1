/** Where the e2e servers listen; shared by the Playwright config and the helpers. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4300)
export const BASE_URL = `http://localhost:${E2E_PORT}`
/** The same build over HTTPS (a throwaway self-signed certificate), for the production cookie setup. */
export const E2E_TLS_PORT = E2E_PORT + 143
export const TLS_BASE_URL = `https://localhost:${E2E_TLS_PORT}`
/**
 * The same build configured strictly (TESSERA_CONFIG=e2e/support/strict-instance.json):
 * organizations required, MFA required, terms to accept. Session tasks are tested there.
 */
export const E2E_STRICT_PORT = E2E_PORT + 1
export const STRICT_BASE_URL = `http://localhost:${E2E_STRICT_PORT}`
/** The e2e server's log (JSON lines), scanned for secrets by logs.spec.ts. */
export const E2E_LOG_FILE = `.data/e2e-${E2E_PORT}.log`
/**
 * The e2e OpenID provider (oidc-provider, e2e/support/idp.ts). On 127.0.0.1, not localhost, so it
 * is another site to the browser: the SSO cookie must survive a cross-site redirect back.
 */
export const E2E_IDP_PORT = E2E_PORT + 200
export const IDP_ISSUER = `http://127.0.0.1:${E2E_IDP_PORT}`
export const IDP_CLIENT = { clientId: 'tessera-e2e', clientSecret: 'e2e-client-secret-for-the-test-idp' }
/** People at the IdP: `jane` has an address in the connection's domain. */
export const IDP_ACCOUNTS = [
  {
    sub: 'corp-jane',
    username: 'jane@corp.test',
    password: 'jane at the corp idp',
    email: 'jane@corp.test',
    emailVerified: true,
    givenName: 'Jane',
    familyName: 'Corp',
  },
]

/**
 * Social sign-in (ADR 034): the same OpenID provider stands in for Google and Microsoft (a client
 * each), and a small server speaking GitHub's OAuth endpoints (test/support/github-provider.ts)
 * for GitHub, on E2E_PORT+201. Tests add people at both through a control endpoint on E2E_PORT+202
 * (POST /accounts), as the person would have an account there.
 */
export const E2E_GITHUB_PORT = E2E_PORT + 201
export const GITHUB_URL = `http://127.0.0.1:${E2E_GITHUB_PORT}`
export const PROVIDER_CONTROL_URL = `http://127.0.0.1:${E2E_PORT + 202}`
export const SOCIAL_CLIENTS = {
  google: { clientId: 'tessera-e2e-google', clientSecret: 'e2e-google-secret-for-the-test-idp' },
  microsoft: { clientId: 'tessera-e2e-microsoft', clientSecret: 'e2e-microsoft-secret-for-the-test-idp' },
  github: { clientId: 'tessera-e2e-github', clientSecret: 'e2e-github-secret-for-the-test-server' },
} as const

/** The e2e server's social settings (TESSERA_CONFIG) and secrets (environment). */
export function socialServerSettings(): { config: unknown; env: Record<string, string> } {
  return {
    config: {
      social: {
        google: { clientId: SOCIAL_CLIENTS.google.clientId, issuer: IDP_ISSUER },
        microsoft: { clientId: SOCIAL_CLIENTS.microsoft.clientId, issuer: IDP_ISSUER },
        github: {
          clientId: SOCIAL_CLIENTS.github.clientId,
          authorizationUrl: `${GITHUB_URL}/login/oauth/authorize`,
          tokenUrl: `${GITHUB_URL}/login/oauth/access_token`,
          apiUrl: GITHUB_URL,
        },
      },
    },
    env: {
      OAUTH_GOOGLE_CLIENT_SECRET: SOCIAL_CLIENTS.google.clientSecret,
      OAUTH_MICROSOFT_CLIENT_SECRET: SOCIAL_CLIENTS.microsoft.clientSecret,
      OAUTH_GITHUB_CLIENT_SECRET: SOCIAL_CLIENTS.github.clientSecret,
    },
  }
}
