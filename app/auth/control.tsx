/**
 * The reference's control components and unstyled buttons: what to show for a signed-in, signed-out
 * or pending session, and buttons that send the browser to our sign-in and sign-up pages or sign it
 * out. They only decide what is shown; the server functions behind the children authorize themselves.
 * Contract: https://clerk.com/docs/reference/components/control/show and the `unstyled` components.
 */

import {
  Children,
  cloneElement,
  isValidElement,
  type MouseEvent,
  type MouseEventHandler,
  type ReactElement,
  type ReactNode,
  useEffect,
  useRef,
} from 'react'
import type { CheckAuthorizationParams } from '../session/authorization.ts'
import { AFTER_SIGN_IN_PATH } from '../session/redirect.ts'
import { AUTH_PAGES, type AuthPageProps, type RedirectOptions, useClerk } from './clerk.ts'
import { type PendingOption, useAuth } from './hooks.ts'

/** `<Show when>`: a state, an authorization check, or any check built from `has`. */
export type ShowWhenCondition =
  | 'signed-in'
  | 'signed-out'
  | Omit<CheckAuthorizationParams, 'reverification'>
  | ((has: (params: CheckAuthorizationParams) => boolean) => boolean)

export type ShowProps = PendingOption & {
  children?: ReactNode
  fallback?: ReactNode
  when: ShowWhenCondition
}

/**
 * Renders its children when `when` holds, else `fallback` (nothing by default); nothing at all while
 * the tab switches sessions. A pending session counts as signed out unless
 * `treatPendingAsSignedOut={false}`.
 */
export function Show({ children, fallback = null, treatPendingAsSignedOut, when }: ShowProps) {
  const { isLoaded, userId, has } = useAuth({ treatPendingAsSignedOut })
  if (!isLoaded) return null
  const authorized = <>{children}</>
  const unauthorized = <>{fallback}</>
  if (when === 'signed-out') return userId ? unauthorized : authorized
  if (!userId) return unauthorized
  if (when === 'signed-in') return authorized
  const allowed = typeof when === 'function' ? when(has) : has(when)
  return allowed ? authorized : unauthorized
}

/** Children only for a signed-in session (the reference's older form of `<Show when="signed-in">`). */
export function SignedIn({ children, treatPendingAsSignedOut }: PendingOption & { children?: ReactNode }) {
  const { isLoaded, userId } = useAuth({ treatPendingAsSignedOut })
  return isLoaded && userId ? <>{children}</> : null
}

/** Children only when signed out (a pending session counts, by default). */
export function SignedOut({ children, treatPendingAsSignedOut }: PendingOption & { children?: ReactNode }) {
  const { isLoaded, userId } = useAuth({ treatPendingAsSignedOut })
  return isLoaded && !userId ? <>{children}</> : null
}

/** Children once the tab knows who is signed in (always, except while it switches sessions). */
export function ClerkLoaded({ children }: { children?: ReactNode }) {
  return useClerk().loaded ? <>{children}</> : null
}

/** Children while the tab switches sessions. */
export function ClerkLoading({ children }: { children?: ReactNode }) {
  return useClerk().loaded ? null : <>{children}</>
}

/** Runs `action` once after mounting (the reference's redirect components do the same). */
function useOnMount(action: () => void) {
  const done = useRef(false)
  useEffect(() => {
    if (done.current) return
    done.current = true
    action()
  })
}

export type RedirectToSignInProps = RedirectOptions

/**
 * Sends the browser to the sign-in page, returning here afterwards. With no session in the tab but
 * others signed in in this browser, the reference goes to its after-sign-out URL; so do we.
 */
export function RedirectToSignIn(props: RedirectToSignInProps) {
  const clerk = useClerk()
  useOnMount(() => {
    if (clerk.session === null && clerk.client.signedInSessions.length > 0) void clerk.redirectToAfterSignOut()
    else void clerk.redirectToSignIn(props)
  })
  return null
}

export type RedirectToSignUpProps = RedirectOptions

/** The reference's `HandleOAuthCallbackParams`, as far as they mean something here. */
export interface AuthenticateWithRedirectCallbackProps {
  /** Where a sign-in that needs more (a second factor), or failed, continues; default the sign-in page. */
  signInUrl?: string
  signUpUrl?: string
  /** Where a completed sign-in lands (the provider's callback usually sent it to `redirectUrlComplete` already). */
  signInForceRedirectUrl?: string | null
  signInFallbackRedirectUrl?: string | null
  signUpForceRedirectUrl?: string | null
  signUpFallbackRedirectUrl?: string | null
  /** Where the second factor is asked; default `signInUrl` (our sign-in page resumes at it). */
  secondFactorUrl?: string
  firstFactorUrl?: string
  /** Accepted: a new person gets an account at the callback, so there is nothing to continue. */
  continueSignUpUrl?: string | null
  verifyEmailAddressUrl?: string | null
  verifyPhoneNumberUrl?: string | null
  resetPasswordUrl?: string
  transferable?: boolean
  redirectUrl?: string | null
  afterSignInUrl?: string | null
  afterSignUpUrl?: string | null
}

/**
 * The page a social provider's trip comes back to when it needs more than the callback could do
 * (the `redirectUrl` of `authenticateWithRedirect`, ADR 034): signed in, on to where the sign-in
 * lands; a failure (`?sso_error=<code>`), to the sign-in page showing it; a second factor owed, to
 * the sign-in page, which resumes the attempt at that step.
 */
export function AuthenticateWithRedirectCallback(props: AuthenticateWithRedirectCallbackProps) {
  const clerk = useClerk()
  useOnMount(() => {
    const signInUrl = props.signInUrl ?? AUTH_PAGES.signIn
    const error = new URLSearchParams(window.location.search).get('sso_error')
    if (error) {
      void clerk.navigate(`${signInUrl}?${new URLSearchParams({ sso_error: error })}`)
    } else if (clerk.session) {
      void clerk.navigate(
        props.signInForceRedirectUrl ?? props.redirectUrl ?? props.signInFallbackRedirectUrl ?? AFTER_SIGN_IN_PATH,
      )
    } else {
      void clerk.navigate(props.secondFactorUrl ?? signInUrl)
    }
  })
  return null
}

export function RedirectToSignUp(props: RedirectToSignUpProps) {
  const clerk = useClerk()
  useOnMount(() => void clerk.redirectToSignUp(props))
  return null
}

/** Sends the browser to the user's profile page (`/account/profile`). */
export function RedirectToUserProfile() {
  const clerk = useClerk()
  useOnMount(() => void clerk.redirectToUserProfile())
  return null
}

/** Sends the browser to the active organization's settings; renders nothing, and stays, without one. */
export function RedirectToOrganizationProfile() {
  const clerk = useClerk()
  useOnMount(() => void clerk.redirectToOrganizationProfile())
  return null
}

/** Sends the browser to the create-organization page (`/create-organization`). */
export function RedirectToCreateOrganization() {
  const clerk = useClerk()
  useOnMount(() => void clerk.redirectToCreateOrganization())
  return null
}

/** Sends a pending session to its current task's page; nothing for a session that owes none. */
export function RedirectToTasks() {
  const clerk = useClerk()
  useOnMount(() => void clerk.redirectToTasks())
  return null
}

/**
 * The one child the button components wrap: a string (or nothing) becomes a `<button>` with that
 * text, an element keeps its own markup and gets the click handler; anything else is refused, as
 * the reference refuses it.
 */
function singleChild(children: ReactNode, defaultText: string, name: string): ReactElement<{ onClick?: unknown }> {
  const normalized = !children ? defaultText : children
  if (typeof normalized === 'string') return <button type="button">{normalized}</button>
  const elements = Children.toArray(normalized)
  const [only] = elements
  if (elements.length !== 1 || !isValidElement(only))
    throw new Error(`<${name}/> can only accept a single child component.`)
  return only as ReactElement<{ onClick?: unknown }>
}

/** The child's own onClick first (awaited), then the button's action. */
function wrapClick(child: ReactElement<{ onClick?: unknown }>, action: () => Promise<unknown>): MouseEventHandler {
  return async (event: MouseEvent) => {
    const own = child.props.onClick
    if (typeof own === 'function') await own(event)
    await action()
  }
}

type ButtonMode = { mode?: 'redirect' | 'modal' }

export type SignInButtonProps = ButtonMode &
  Pick<
    AuthPageProps,
    | 'forceRedirectUrl'
    | 'fallbackRedirectUrl'
    | 'signUpForceRedirectUrl'
    | 'signUpFallbackRedirectUrl'
    | 'initialValues'
    | 'withSignUp'
    | 'appearance'
  > & { children?: ReactNode; [prop: string]: unknown }

/**
 * A button to our sign-in page; `mode="modal"` goes there too (Tessera has no modals). Its own
 * child may be any single element (a custom button).
 */
export function SignInButton({
  children,
  mode: _mode,
  forceRedirectUrl,
  fallbackRedirectUrl,
  signUpForceRedirectUrl: _signUpForce,
  signUpFallbackRedirectUrl: _signUpFallback,
  initialValues: _initialValues,
  withSignUp: _withSignUp,
  appearance: _appearance,
  ...rest
}: SignInButtonProps) {
  const clerk = useClerk()
  const child = singleChild(children, 'Sign in', 'SignInButton')
  const onClick = wrapClick(child, () =>
    clerk.redirectToSignIn({
      signInForceRedirectUrl: forceRedirectUrl,
      signInFallbackRedirectUrl: fallbackRedirectUrl,
    }),
  )
  return cloneElement(child, { ...rest, onClick })
}

export type SignUpButtonProps = ButtonMode &
  Pick<
    AuthPageProps,
    | 'forceRedirectUrl'
    | 'fallbackRedirectUrl'
    | 'signInForceRedirectUrl'
    | 'signInFallbackRedirectUrl'
    | 'initialValues'
    | 'appearance'
  > & { children?: ReactNode; unsafeMetadata?: unknown; [prop: string]: unknown }

/** A button to our sign-up page (also for `mode="modal"`). */
export function SignUpButton({
  children,
  mode: _mode,
  forceRedirectUrl,
  fallbackRedirectUrl,
  signInForceRedirectUrl: _signInForce,
  signInFallbackRedirectUrl: _signInFallback,
  initialValues: _initialValues,
  appearance: _appearance,
  unsafeMetadata: _unsafeMetadata,
  ...rest
}: SignUpButtonProps) {
  const clerk = useClerk()
  const child = singleChild(children, 'Sign up', 'SignUpButton')
  const onClick = wrapClick(child, () =>
    clerk.redirectToSignUp({
      signUpForceRedirectUrl: forceRedirectUrl,
      signUpFallbackRedirectUrl: fallbackRedirectUrl,
    }),
  )
  return cloneElement(child, { ...rest, onClick })
}

export type SignOutButtonProps = {
  /** Where to go afterwards (default `/`). */
  redirectUrl?: string
  /** Sign out of this session only; without it, of every session in this browser. */
  sessionId?: string
  /** @deprecated The reference's older form: use `redirectUrl` and `sessionId`. */
  signOutOptions?: { redirectUrl?: string; sessionId?: string }
  children?: ReactNode
  [prop: string]: unknown
}

/** Signs out (of every session, or of `sessionId`), then goes to `redirectUrl`. */
export function SignOutButton({ children, redirectUrl = '/', sessionId, signOutOptions, ...rest }: SignOutButtonProps) {
  const clerk = useClerk()
  const child = singleChild(children, 'Sign out', 'SignOutButton')
  const onClick = wrapClick(child, () =>
    clerk.signOut({ redirectUrl, ...(sessionId !== undefined && { sessionId }), ...signOutOptions }),
  )
  return cloneElement(child, { ...rest, onClick })
}
