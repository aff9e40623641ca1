/**
 * The demo users `npm run db:seed` creates in development (Ada is the instance owner, Grace does
 * support, Alan is a plain user), and the organization they share. The
 * landing page lists the users (outside production only) so a visitor can sign in at once.
 */
export const DEMO_ACCOUNTS = [
  {
    email: 'ada@example.com',
    password: 'analytical-engine-1843',
    firstName: 'Ada',
    lastName: 'Lovelace',
    plan: 'pro',
    adminRole: 'owner',
  },
  {
    email: 'grace@example.com',
    password: 'compiler-pioneer-1952',
    firstName: 'Grace',
    lastName: 'Hopper',
    plan: null,
    adminRole: 'support',
  },
  {
    email: 'alan@example.com',
    password: 'imitation-game-1950',
    firstName: 'Alan',
    lastName: 'Turing',
    plan: null,
    adminRole: null,
  },
] as const

/** An organization on the default team plan, with one member in each of app.config.ts's roles. */
export const DEMO_ORGANIZATION = {
  name: 'Analytical Engines',
  slug: 'analytical-engines',
  plan: 'team',
  members: [
    { email: 'ada@example.com', role: 'org:admin' },
    { email: 'grace@example.com', role: 'org:analyst' },
    { email: 'alan@example.com', role: 'org:member' },
  ],
} as const
