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
