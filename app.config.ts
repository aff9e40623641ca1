import { defineConfig } from './app/config/instance.ts'

/**
 * Tessera's instance settings (see app/config/instance.ts for every option and its default).
 * A bad value stops the server at start-up with a message naming it.
 */
export default defineConfig({
  appName: 'Tessera',
  sessions: {
    lifetime: 'standard',
    multiSession: true,
    maxSessionsPerClient: 5,
  },
  tokens: {
    algorithm: 'RS256',
    lifetimeSeconds: 60,
    templates: {
      // An example template for a third-party backend: getToken({ template: 'supabase' }).
      supabase: {
        lifetimeSeconds: 300,
        claims: { aud: 'authenticated', role: 'authenticated', email: '{{user.primary_email_address}}' },
      },
    },
  },
  passwords: {
    requireSingleFactorLength: false,
  },
})
