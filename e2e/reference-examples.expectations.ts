/**
 * What each of the reference's documentation examples shows on a signed-out, a signed-in and a
 * pending session, as the reference's docs say (each entry cites the page), for
 * e2e/reference-examples.spec.ts. Every example the app renders (test/reference-examples/RESULTS.md:
 * a component that compiles against ours) needs an entry, or the spec fails: when more examples
 * compile, add theirs here.
 *
 * The reference treats a pending session as signed out (its hooks' `treatPendingAsSignedOut`
 * defaults to true, https://clerk.com/docs/guides/configure/session-tasks), so its examples show a
 * pending session what they show a visitor, except where they read the client's sessions, which
 * include pending ones.
 */

export const STATES = ['signedOut', 'signedIn', 'pending'] as const
export type State = (typeof STATES)[number]

/** Text (a string is matched whole) or an element by role and accessible name, inside the example. */
export type Shows = { text: string | RegExp } | { role: 'button' | 'link' | 'heading'; name: string | RegExp }

/** The session the example is shown on: the user, when someone is signed in (active or pending). */
export interface Visit {
  userId: string | null
}

export type Expected = Shows | ((visit: Visit) => Shows)

const SIGN_IN_TO_VIEW: Shows = { text: 'Sign in to view this page' }

export const EXPECTATIONS: Record<string, Record<State, Expected>> = {
  // https://clerk.com/docs/reference/hooks/use-auth: the user and session ids once signed in.
  'reference-hooks-use-auth.1': {
    signedOut: SIGN_IN_TO_VIEW,
    signedIn: ({ userId }) => ({
      text: new RegExp(`^Hello, ${userId}! Your current active session is sess_\\w+\\.$`),
    }),
    pending: SIGN_IN_TO_VIEW,
  },
  // https://clerk.com/docs/reference/hooks/use-session: when the session was last active.
  'reference-hooks-use-session.1': {
    signedOut: SIGN_IN_TO_VIEW,
    signedIn: { text: /^This session has been active since \S.+$/ },
    pending: SIGN_IN_TO_VIEW,
  },
  // https://clerk.com/docs/reference/hooks/use-session-list: the number of the client's sessions,
  // which counts a pending one (`client.sessions`, every session of the client).
  'reference-hooks-use-session-list.1': {
    signedOut: { text: "Welcome back. You've been here 0 times before." },
    signedIn: { text: "Welcome back. You've been here 1 times before." },
    pending: { text: "Welcome back. You've been here 1 times before." },
  },
  // https://clerk.com/docs/reference/hooks/use-user: the user's id once signed in.
  'reference-hooks-use-user.1': {
    signedOut: SIGN_IN_TO_VIEW,
    signedIn: ({ userId }) => ({ text: `Hello ${userId}!` }),
    pending: SIGN_IN_TO_VIEW,
  },
  // https://clerk.com/docs/guides/secure/reverification: a button that runs the protected action
  // (asking to reverify first when needed); it is there whatever the session.
  'guides-secure-reverification.1': {
    signedOut: { role: 'button', name: 'Transfer' },
    signedIn: { role: 'button', name: 'Transfer' },
    pending: { role: 'button', name: 'Transfer' },
  },
}
