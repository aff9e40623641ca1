/**
 * The demo users `npm run db:seed` creates in development. The landing page lists them (outside
 * production only) so a visitor can sign in at once.
 */
export const DEMO_ACCOUNTS = [
  { email: 'ada@example.com', password: 'analytical-engine-1843', firstName: 'Ada', lastName: 'Lovelace' },
  { email: 'grace@example.com', password: 'compiler-pioneer-1952', firstName: 'Grace', lastName: 'Hopper' },
  { email: 'alan@example.com', password: 'imitation-game-1950', firstName: 'Alan', lastName: 'Turing' },
] as const
