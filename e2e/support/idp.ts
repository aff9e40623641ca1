/**
 * The e2e OpenID provider: the real `oidc-provider` on 127.0.0.1:E2E_PORT+200 (see env.ts), with a
 * labelled login page and one client whose redirect URIs are the e2e server's SSO callbacks.
 * Playwright starts this script as a web server and stops it with SIGTERM.
 */

import { startTestIdp } from '../../test/support/oidc-idp.ts'
import { BASE_URL, E2E_IDP_PORT, IDP_ACCOUNTS, IDP_CLIENT } from './env.ts'

const idp = await startTestIdp({
  port: E2E_IDP_PORT,
  redirectPrefix: `${BASE_URL}/sso/callback/`,
  clients: [IDP_CLIENT],
  accounts: IDP_ACCOUNTS,
})
console.log(`[e2e] OpenID provider at ${idp.issuer}`)

const stop = async () => {
  await idp.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
