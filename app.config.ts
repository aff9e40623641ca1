import { defineConfig } from './app/config/instance.ts'
import { SYSTEM_PERMISSIONS } from './app/session/organizations.ts'

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
    // RS256 on a 2048-bit modulus: what the reference's SDK verifies with a PEM key (112-bit
    // security; 3072 or 4096 for 128 bits or more, ES256 or EdDSA for smaller keys — ADR 026).
    algorithm: 'RS256',
    rsaModulusBits: 2048,
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
  organizations: {
    enabled: true,
    allowPersonalAccounts: true,
    roles: {
      'org:admin': {
        name: 'Admin',
        description: 'Manages the organization, its members and its settings.',
        permissions: [...SYSTEM_PERMISSIONS, 'org:reports:read', 'org:reports:manage'],
      },
      // An example custom role: reads reports, sees members, changes nothing.
      'org:analyst': {
        name: 'Analyst',
        description: 'Reads reports and sees the members.',
        permissions: ['org:sys_memberships:read', 'org:reports:read'],
      },
      'org:member': {
        name: 'Member',
        description: 'Sees the organization and its members.',
        permissions: ['org:sys_memberships:read', 'org:sys_billing:read'],
      },
    },
  },
  // Social sign-in (ADR 034; the README says how to register each). The client ids are yours at
  // each provider; each secret comes from the environment (OAUTH_GOOGLE_CLIENT_SECRET,
  // OAUTH_GITHUB_CLIENT_SECRET, OAUTH_MICROSOFT_CLIENT_SECRET), and a provider without its secret
  // is not offered.
  social: {
    google: { clientId: 'your-client-id.apps.googleusercontent.com' },
    github: { clientId: 'your-github-oauth-app-client-id' },
    // Personal Microsoft accounts; a work tenant: issuer 'https://login.microsoftonline.com/<tenant id>/v2.0'.
    microsoft: { clientId: '00000000-0000-0000-0000-000000000000' },
  },
  // Features and plans (no payments): what `has({ feature })`, `has({ plan })` and the fea/pla
  // claims answer. A custom permission counts while its feature is in the organization's plan.
  features: {
    reports: { name: 'Reports', permissions: ['read', 'manage'] },
    api_access: { name: 'API access' },
  },
  plans: {
    free: { name: 'Free', for: 'user', default: true },
    pro: { name: 'Pro', for: 'user', features: ['api_access'] },
    team: { name: 'Team', for: 'organization', features: ['reports'], default: true },
  },
})
