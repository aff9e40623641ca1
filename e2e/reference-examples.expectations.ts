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

/**
 * Text (a string is matched whole) or an element by role and accessible name, inside the example;
 * `nothing`: the example renders nothing (its component returns null); `url`: it navigated away
 * (a redirect component), to a page whose address matches.
 */
export type Shows =
  | { text: string | RegExp }
  | { role: 'button' | 'link' | 'heading'; name: string | RegExp }
  | { nothing: true }
  | { url: RegExp }

/** The session the example is shown on: the user, when someone is signed in (active or pending). */
export interface Visit {
  userId: string | null
}

export type Expected = Shows | ((visit: Visit) => Shows)

const SIGN_IN_TO_VIEW: Shows = { text: 'Sign in to view this page' }

/** `<AuthenticateWithRedirectCallback />` visited with no trip in progress. */
const REDIRECT_CALLBACK: Record<State, Expected> = {
  signedOut: { url: /\/sign-in$/ },
  signedIn: { url: /\/dashboard$/ },
  pending: { url: /\/tasks\/[\w-]+\?redirect_url=%2Fdashboard$/ },
}

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
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-password: the sign-up form, whatever the session
  'guides-development-custom-flows-authentication-legacy-email-password.1': {
    signedOut: { role: 'heading', name: 'Sign up' },
    signedIn: { role: 'heading', name: 'Sign up' },
    pending: { role: 'heading', name: 'Sign up' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-password: the sign-in form, whatever the session
  'guides-development-custom-flows-authentication-legacy-email-password.2': {
    signedOut: { role: 'heading', name: 'Sign in' },
    signedIn: { role: 'heading', name: 'Sign in' },
    pending: { role: 'heading', name: 'Sign in' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-password-mfa: the sign-in form (its second step asks for the code)
  'guides-development-custom-flows-authentication-legacy-email-password-mfa.1': {
    signedOut: { role: 'heading', name: 'Sign in' },
    signedIn: { role: 'heading', name: 'Sign in' },
    pending: { role: 'heading', name: 'Sign in' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-sms-otp: the sign-up form asking for a phone number
  'guides-development-custom-flows-authentication-legacy-email-sms-otp.1': {
    signedOut: { role: 'heading', name: 'Sign up' },
    signedIn: { role: 'heading', name: 'Sign up' },
    pending: { role: 'heading', name: 'Sign up' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/oauth-connections: a button per provider, whatever the session
  'guides-development-custom-flows-authentication-legacy-oauth-connections.1': {
    signedOut: { role: 'button', name: 'Sign in with Google' },
    signedIn: { role: 'button', name: 'Sign in with Google' },
    pending: { role: 'button', name: 'Sign in with Google' },
  },
  // https://clerk.com/docs/reference/components/authentication/authenticate-with-redirect-callback:
  // the page a trip to a provider comes back to; visited with no trip, it goes on to sign in, or
  // (signed in) to where a sign-in lands, which sends a pending session to its tasks.
  'guides-development-custom-flows-authentication-legacy-oauth-connections.2': REDIRECT_CALLBACK,
  'guides-development-custom-flows-authentication-legacy-oauth-connections.4': REDIRECT_CALLBACK,
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/forgot-password: the
  // address (or number) form under its heading, whatever the session (the guide gates nothing)
  'guides-development-custom-flows-authentication-legacy-forgot-password.1': {
    signedOut: { role: 'heading', name: 'Forgot Password?' },
    signedIn: { role: 'heading', name: 'Forgot Password?' },
    pending: { role: 'heading', name: 'Forgot Password?' },
  },
  'guides-development-custom-flows-authentication-legacy-forgot-password.2': {
    signedOut: { role: 'heading', name: 'Forgot Password?' },
    signedIn: { role: 'heading', name: 'Forgot Password?' },
    pending: { role: 'heading', name: 'Forgot Password?' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/last-authentication-strategy:
  // a button per provider; none is marked "(Last used)" for a person who last signed in with a password
  'guides-development-custom-flows-authentication-legacy-last-authentication-strategy.1': {
    signedOut: { role: 'button', name: 'Sign in with Google' },
    signedIn: { role: 'button', name: 'Sign in with Google' },
    pending: { role: 'button', name: 'Sign in with Google' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/enterprise-connections: the address form, whatever the session
  'guides-development-custom-flows-authentication-legacy-enterprise-connections.1': {
    signedOut: { role: 'button', name: 'Sign in with Enterprise SSO' },
    signedIn: { role: 'button', name: 'Sign in with Enterprise SSO' },
    pending: { role: 'button', name: 'Sign in with Enterprise SSO' },
  },
  'guides-development-custom-flows-authentication-legacy-enterprise-connections.2': REDIRECT_CALLBACK,
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-sms-otp: the sign-in form asking for a phone number
  'guides-development-custom-flows-authentication-legacy-email-sms-otp.2': {
    signedOut: { role: 'heading', name: 'Sign in' },
    signedIn: { role: 'heading', name: 'Sign in' },
    pending: { role: 'heading', name: 'Sign in' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/legal-acceptance: the sign-up form with the terms checkbox
  'guides-development-custom-flows-authentication-legacy-legal-acceptance.1': {
    signedOut: { role: 'heading', name: 'Sign up' },
    signedIn: { role: 'heading', name: 'Sign up' },
    pending: { role: 'heading', name: 'Sign up' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/sign-in-or-up: one form for both
  'guides-development-custom-flows-authentication-legacy-sign-in-or-up.1': {
    signedOut: { role: 'heading', name: 'Sign up/sign in' },
    signedIn: { role: 'heading', name: 'Sign up/sign in' },
    pending: { role: 'heading', name: 'Sign up/sign in' },
  },
  // https://clerk.com/docs/reference/hooks/legacy/use-sign-in: the status of the sign-in in progress (none: null)
  'reference-hooks-legacy-use-sign-in.1': {
    signedOut: { text: 'The current sign-in attempt status is .' },
    signedIn: { text: 'The current sign-in attempt status is .' },
    pending: { text: 'The current sign-in attempt status is .' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/add-email: the form for a signed-in user
  'guides-development-custom-flows-account-updates-add-email.1': {
    signedOut: { text: 'You must be signed in to access this page' },
    signedIn: { role: 'heading', name: 'Add Email' },
    pending: { text: 'You must be signed in to access this page' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/add-email (email link): the
  // form; its signed-out check is a statement with no effect (`if (!isSignedIn) <p>…</p>`), so it shows in every state.
  'guides-development-custom-flows-account-updates-add-email.2': {
    signedOut: { role: 'heading', name: 'Add email' },
    signedIn: { role: 'heading', name: 'Add email' },
    pending: { role: 'heading', name: 'Add email' },
  },
  // The same guide's verification page, opened without an email link's status: the verification failed.
  'guides-development-custom-flows-account-updates-add-email.3': {
    signedOut: { text: 'The email link verification failed.' },
    signedIn: { text: 'The email link verification failed.' },
    pending: { text: 'The email link verification failed.' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/email-links: the
  // sign-up and sign-in forms (shown whoever is signed in), and their verification pages, which
  // without an email link's status say the verification failed.
  'guides-development-custom-flows-authentication-legacy-email-links.1': {
    signedOut: { role: 'heading', name: 'Sign up' },
    signedIn: { role: 'heading', name: 'Sign up' },
    pending: { role: 'heading', name: 'Sign up' },
  },
  'guides-development-custom-flows-authentication-legacy-email-links.2': {
    signedOut: { text: 'The email link verification failed.' },
    signedIn: { text: 'The email link verification failed.' },
    pending: { text: 'The email link verification failed.' },
  },
  'guides-development-custom-flows-authentication-legacy-email-links.3': {
    signedOut: { role: 'heading', name: 'Sign in' },
    signedIn: { role: 'heading', name: 'Sign in' },
    pending: { role: 'heading', name: 'Sign in' },
  },
  'guides-development-custom-flows-authentication-legacy-email-links.4': {
    signedOut: { text: 'The email link verification failed.' },
    signedIn: { text: 'The email link verification failed.' },
    pending: { text: 'The email link verification failed.' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/embedded-email-links:
  // the page a sign-in token lands on; without `?token=` it says so (a token is refused: ADR 036).
  'guides-development-custom-flows-authentication-legacy-embedded-email-links.1': {
    signedOut: { text: 'No token provided.' },
    signedIn: { text: 'No token provided.' },
    pending: { text: 'No token provided.' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/organizations/manage-membership-requests: the table of requests (we have none: always empty)
  'guides-development-custom-flows-organizations-manage-membership-requests.1': {
    signedOut: { role: 'heading', name: 'Membership requests' },
    signedIn: { role: 'heading', name: 'Membership requests' },
    pending: { role: 'heading', name: 'Membership requests' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/organizations/manage-user-org-invitations: the user's invitations; without a user the list never loads (isLoaded stays false)
  'guides-development-custom-flows-organizations-manage-user-org-invitations.1': {
    signedOut: { text: 'Loading' },
    signedIn: { role: 'heading', name: 'Organization invitations' },
    pending: { text: 'Loading' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/organizations/organization-switcher: the user's organizations; without a user, not loaded
  'guides-development-custom-flows-organizations-organization-switcher.1': {
    signedOut: { text: 'Loading...' },
    signedIn: { role: 'heading', name: 'Joined organizations' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/organizations/organization-switcher: the user's organizations; without a user, not loaded
  'guides-development-custom-flows-organizations-organization-switcher.2': {
    signedOut: { text: 'Loading...' },
    signedIn: { role: 'heading', name: 'Joined organizations' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/organizations/update-organizations: nothing without an active organization
  'guides-development-custom-flows-organizations-update-organizations.1': {
    signedOut: { nothing: true },
    signedIn: { nothing: true },
    pending: { nothing: true },
  },
  // https://clerk.com/docs/guides/organizations/getting-started: the active organization's name and the role in it (none here)
  'guides-organizations-getting-started.2': {
    signedOut: { role: 'heading', name: 'Welcome to the Organization' },
    signedIn: { role: 'heading', name: 'Welcome to the Organization' },
    pending: { role: 'heading', name: 'Welcome to the Organization' },
  },
  // https://clerk.com/docs/guides/organizations/getting-started: a page for admins of the active organization
  'guides-organizations-getting-started.4': {
    signedOut: { text: 'You must be signed in to access this page.' },
    signedIn: { text: 'Set an Active Organization to access this page.' },
    pending: { text: 'You must be signed in to access this page.' },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-sign-in: the account menu, or off to sign in
  'reference-components-control-redirect-to-sign-in.1': {
    signedOut: { url: /\/sign-in\?redirect_url=/ },
    signedIn: { role: 'button', name: /^Account: / },
    pending: { url: /\/sign-in\?redirect_url=/ },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-sign-up: the account menu, or off to sign up
  'reference-components-control-redirect-to-sign-up.1': {
    signedOut: { url: /\/sign-up\?redirect_url=/ },
    signedIn: { role: 'button', name: /^Account: / },
    pending: { url: /\/sign-up\?redirect_url=/ },
  },
  // https://clerk.com/docs/reference/components/control/show: what signed-in and signed-out users see
  'reference-components-control-show.1': {
    signedOut: { text: 'Users that are signed-out can see this.' },
    signedIn: { text: 'Users that are signed-in can see this.' },
    pending: { text: 'Users that are signed-out can see this.' },
  },
  // https://clerk.com/docs/reference/components/control/show: the fallback without the permission (no active organization here)
  'reference-components-control-show.2': {
    signedOut: { text: 'You do not have the Permissions to create an invoice.' },
    signedIn: { text: 'You do not have the Permissions to create an invoice.' },
    pending: { text: 'You do not have the Permissions to create an invoice.' },
  },
  // https://clerk.com/docs/reference/components/control/show: the fallback without the role
  'reference-components-control-show.3': {
    signedOut: { text: 'Only a member of the Billing department can access this content.' },
    signedIn: { text: 'Only a member of the Billing department can access this content.' },
    pending: { text: 'Only a member of the Billing department can access this content.' },
  },
  // https://clerk.com/docs/reference/components/control/show: the fallback without the plan
  'reference-components-control-show.4': {
    signedOut: { text: 'Sorry, only subscribers to the Bronze plan can access this content.' },
    signedIn: { text: 'Sorry, only subscribers to the Bronze plan can access this content.' },
    pending: { text: 'Sorry, only subscribers to the Bronze plan can access this content.' },
  },
  // https://clerk.com/docs/reference/components/control/show: the fallback without the feature
  'reference-components-control-show.5': {
    signedOut: { text: 'Sorry, only subscribers with the Premium Access feature can access this content.' },
    signedIn: { text: 'Sorry, only subscribers with the Premium Access feature can access this content.' },
    pending: { text: 'Sorry, only subscribers with the Premium Access feature can access this content.' },
  },
  // https://clerk.com/docs/reference/components/control/show: the fallback without either role
  'reference-components-control-show.6': {
    signedOut: { text: 'Only an Admin or Billing Manager can access this content.' },
    signedIn: { text: 'Only an Admin or Billing Manager can access this content.' },
    pending: { text: 'Only an Admin or Billing Manager can access this content.' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-in-button: the default button
  'reference-components-unstyled-sign-in-button.1': {
    signedOut: { role: 'button', name: 'Sign in' },
    signedIn: { role: 'button', name: 'Sign in' },
    pending: { role: 'button', name: 'Sign in' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-in-button: a custom child button
  'reference-components-unstyled-sign-in-button.2': {
    signedOut: { role: 'button', name: 'Custom sign in button' },
    signedIn: { role: 'button', name: 'Custom sign in button' },
    pending: { role: 'button', name: 'Custom sign in button' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-out-button: the default button
  'reference-components-unstyled-sign-out-button.1': {
    signedOut: { role: 'button', name: 'Sign out' },
    signedIn: { role: 'button', name: 'Sign out' },
    pending: { role: 'button', name: 'Sign out' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-out-button: a custom child button
  'reference-components-unstyled-sign-out-button.2': {
    signedOut: { role: 'button', name: 'Custom sign out button' },
    signedIn: { role: 'button', name: 'Custom sign out button' },
    pending: { role: 'button', name: 'Custom sign out button' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-out-button: sign out of this session, or sign in
  'reference-components-unstyled-sign-out-button.3': {
    signedOut: { role: 'button', name: 'Sign in' },
    signedIn: { role: 'button', name: 'Sign out' },
    pending: { role: 'button', name: 'Sign in' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-up-button: the default button
  'reference-components-unstyled-sign-up-button.1': {
    signedOut: { role: 'button', name: 'Sign up' },
    signedIn: { role: 'button', name: 'Sign up' },
    pending: { role: 'button', name: 'Sign up' },
  },
  // https://clerk.com/docs/reference/components/unstyled/sign-up-button: a custom child button
  'reference-components-unstyled-sign-up-button.2': {
    signedOut: { role: 'button', name: 'Custom sign up button' },
    signedIn: { role: 'button', name: 'Custom sign up button' },
    pending: { role: 'button', name: 'Custom sign up button' },
  },
  // https://clerk.com/docs/reference/components/user/user-button: the account menu when signed in, else a sign-in button
  'reference-components-user-user-button.1': {
    signedOut: { role: 'button', name: 'Sign in' },
    signedIn: { role: 'button', name: /^Account: / },
    pending: { role: 'button', name: 'Sign in' },
  },
  // https://clerk.com/docs/reference/hooks/use-clerk: a button that opens sign-in
  'reference-hooks-use-clerk.1': {
    signedOut: { role: 'button', name: 'Sign in' },
    signedIn: { role: 'button', name: 'Sign in' },
    pending: { role: 'button', name: 'Sign in' },
  },
  // https://clerk.com/docs/reference/hooks/use-organization-list: the user's memberships, paged; without a user, not loaded
  'reference-hooks-use-organization-list.1': {
    signedOut: { text: 'Loading...' },
    signedIn: { role: 'button', name: 'Load more' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/reference/hooks/use-organization-list: the user's invitations, paged
  'reference-hooks-use-organization-list.2': {
    signedOut: { text: 'Loading...' },
    signedIn: { role: 'button', name: 'Next' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/reference/hooks/use-organization: members of the active organization; with none active, `memberships` is null, which the example shows as loading
  'reference-hooks-use-organization.1': {
    signedOut: { text: 'Loading...' },
    signedIn: { text: 'Loading...' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/reference/hooks/use-organization: members of the active organization; with none active, `memberships` is null, which the example shows as loading
  'reference-hooks-use-organization.2': {
    signedOut: { text: 'Loading...' },
    signedIn: { text: 'Loading...' },
    pending: { text: 'Loading...' },
  },
  // https://clerk.com/docs/reference/hooks/use-reverification: a custom step-up UI asking for the code sent to the session's first factor (none signed out)
  'reference-hooks-use-reverification.4': {
    signedOut: { nothing: true },
    signedIn: { text: /^Enter verification code sent to \S+@example\.com$/ },
    pending: { text: /^Enter verification code sent to \S+@example\.com$/ },
  },
  // https://clerk.com/docs/reference/hooks/use-user: a button updating the user's name
  'reference-hooks-use-user.2': {
    signedOut: SIGN_IN_TO_VIEW,
    signedIn: { role: 'button', name: 'Update your name' },
    pending: SIGN_IN_TO_VIEW,
  },
  // https://clerk.com/docs/guides/organizations/getting-started: the active organization's name, read
  // with clerkClient() in a server function; a visitor (and a pending session) is sent to sign in
  'guides-organizations-getting-started.1': {
    signedOut: { url: /\/sign-in/ },
    signedIn: { text: 'Set an Active Organization to access this page.' },
    pending: { url: /\/sign-in/ },
  },
  // https://clerk.com/docs/guides/organizations/getting-started: a page for admins of the 'Acme Corp' organization
  'guides-organizations-getting-started.3': {
    signedOut: { url: /\/sign-in/ },
    signedIn: { text: 'Set an Active Organization to access this page.' },
    pending: { url: /\/sign-in/ },
  },
  // https://clerk.com/docs/guides/users/reading: the user's id (and first name, read with
  // clerkClient().users.getUser()) from a server function; a visitor is sent to sign in
  'guides-users-reading-tanstack-react-start.1': {
    signedOut: { url: /\/sign-in/ },
    signedIn: ({ userId }) => ({ text: `Your ID is ${userId}` }),
    pending: { url: /\/sign-in/ },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-organization-profile: off to the
  // active organization's profile; with none active (the personal account) it stays and shows nothing
  'reference-components-control-redirect-to-organization-profile.1': {
    signedOut: { text: 'You need to sign in to view your Organization profile.' },
    signedIn: { nothing: true },
    pending: { text: 'You need to sign in to view your Organization profile.' },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-tasks: a pending session goes to its
  // current task; any other stays, and the example shows nothing
  'reference-components-control-redirect-to-tasks.1': {
    signedOut: { nothing: true },
    signedIn: { nothing: true },
    pending: { url: /\/tasks\/reset-password/ },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-user-profile: off to the user's profile
  'reference-components-control-redirect-to-user-profile.1': {
    signedOut: { text: 'You need to sign in to view your user profile.' },
    signedIn: { url: /\/account\/profile$/ },
    pending: { text: 'You need to sign in to view your user profile.' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/manage-mfa: the MFA settings
  // (numbers reserved for MFA, backup codes); a pending session owing another task than setup-mfa counts as signed out
  'guides-development-custom-flows-account-updates-manage-mfa.1': {
    signedOut: { text: 'You must be signed in to access this page' },
    signedIn: { role: 'heading', name: 'User MFA Settings' },
    pending: { text: 'You must be signed in to access this page' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/manage-mfa: the MFA settings (authenticator app, backup codes)
  'guides-development-custom-flows-account-updates-manage-mfa.2': {
    signedOut: { text: 'You must be signed in to access this page' },
    signedIn: { role: 'heading', name: 'User MFA Settings' },
    pending: { text: 'You must be signed in to access this page' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/manage-mfa: adding an
  // authenticator app (createTOTP() on mount; the session has just signed in, so no reverification)
  'guides-development-custom-flows-account-updates-manage-mfa.3': {
    signedOut: { text: 'You must be signed in to access this page' },
    signedIn: { role: 'heading', name: 'Add TOTP MFA' },
    pending: { text: 'You must be signed in to access this page' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/account-updates/update-password: the form
  'guides-development-custom-flows-account-updates-update-password.1': {
    signedOut: { text: 'You must be signed in to access this page' },
    signedIn: { role: 'heading', name: 'Update password' },
    pending: { text: 'You must be signed in to access this page' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/application-invitations:
  // without an invitation's `__clerk_ticket` the page says so; a signed-in user is sent home
  'guides-development-custom-flows-authentication-legacy-application-invitations.1': {
    signedOut: { text: 'No invitation token found.' },
    signedIn: { url: /^https?:\/\/[^/]+\/$/ },
    pending: { text: 'No invitation token found.' },
  },
  // https://clerk.com/docs/guides/development/custom-flows/authentication/legacy/oauth-connections: the
  // page that completes a sign-up's missing fields; without a sign-up in progress it sends the visitor to sign in
  'guides-development-custom-flows-authentication-legacy-oauth-connections.3': {
    signedOut: { url: /\/sign-in/ },
    signedIn: { url: /\/sign-in/ },
    pending: { url: /\/sign-in/ },
  },
  // https://clerk.com/docs/reference/components/control/redirect-to-create-organization: off to the create-organization page
  'reference-components-control-redirect-to-create-organization.1': {
    signedOut: { text: 'You need to sign in to create an Organization.' },
    signedIn: { url: /\/create-organization$/ },
    pending: { text: 'You need to sign in to create an Organization.' },
  },
}
