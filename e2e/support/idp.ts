/**
 * The e2e identity providers: the real `oidc-provider` on 127.0.0.1:E2E_PORT+200 (see env.ts), with
 * a labelled login page, the client of enterprise SSO and those standing in for Google and
 * Microsoft; and the local GitHub (test/support/github-provider.ts) on E2E_PORT+201. A control
 * endpoint on E2E_PORT+202 adds people at either (POST /accounts). Playwright starts this script
 * as a web server and stops it with SIGTERM.
 */

import { createServer } from 'node:http'
import { type GitHubAccount, startTestGitHub } from '../../test/support/github-provider.ts'
import { type IdpAccount, startTestIdp } from '../../test/support/oidc-idp.ts'
import { BASE_URL, E2E_GITHUB_PORT, E2E_IDP_PORT, E2E_PORT, IDP_ACCOUNTS, IDP_CLIENT, SOCIAL_CLIENTS } from './env.ts'

const github = await startTestGitHub({
  port: E2E_GITHUB_PORT,
  redirectPrefix: `${BASE_URL}/oauth/callback/`,
  clients: [SOCIAL_CLIENTS.github],
})
const idp = await startTestIdp({
  port: E2E_IDP_PORT,
  // Enterprise connections' callbacks and the social ones.
  redirectPrefix: `${BASE_URL}/`,
  clients: [IDP_CLIENT, SOCIAL_CLIENTS.google, SOCIAL_CLIENTS.microsoft],
  accounts: IDP_ACCOUNTS,
})

type Added = { provider: 'oidc'; account: IdpAccount } | { provider: 'github'; account: GitHubAccount }

const control = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    if (request.method !== 'POST' || request.url !== '/accounts') {
      response.writeHead(404)
      return response.end()
    }
    const added = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Added
    if (added.provider === 'github') github.setAccount(added.account)
    else idp.setAccount(added.account)
    response.writeHead(204)
    response.end()
  })
})
await new Promise<void>((resolve) => control.listen(E2E_PORT + 202, '127.0.0.1', resolve))
console.log(`[e2e] OpenID provider at ${idp.issuer}, GitHub at ${github.url}`)

const stop = async () => {
  control.close()
  await github.close()
  await idp.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
