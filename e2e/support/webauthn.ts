import type { Page } from '@playwright/test'

/**
 * A platform authenticator with user verification for this page, through Chromium's WebAuthn
 * domain over CDP: the browser runs the real ceremony (`navigator.credentials.create/get`), the
 * authenticator answers it as Touch ID or Windows Hello would.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  return {
    /** The credentials the authenticator holds (discoverable, with their sign counts). */
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
      return credentials
    },
  }
}
