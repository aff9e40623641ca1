/**
 * `useClerk()`: the reference's `Clerk` object, as far as Tessera has it — the tab's session, user,
 * client and organization, `signOut`, `setActive`, and the navigation helpers. "Open" and
 * "redirect to" both go to our own pages (there are no modals): `/sign-in` and `/sign-up` with a
 * `redirect_url` the pages check again (app/session/redirect.ts).
 * Contract: https://clerk.com/docs/reference/objects/clerk
 */

import { useRouter } from '@tanstack/react-router'
import { useMemo } from 'react'
import { $getSignIn } from '../functions/sign-in.functions.ts'
import { $getSignUp } from '../functions/sign-up.functions.ts'
import { readEmailLinkStatus } from '../session/email-links.ts'
import type { FirstFactorStrategy } from '../session/factors.ts'
import { isSignedInStatus } from '../session/status.ts'
import { EmailLinkError } from './errors.ts'
import { type AuthContextValue, type SetActiveParams, type SignOutOptions, useAuthContext } from './provider.tsx'
import type { OrganizationResource, UserResource } from './resources.ts'
import { isSignedInSession, type Session } from './session.ts'
import { TASK_ROUTES } from './tasks.ts'

/** Where our pages live (the reference's `signInUrl`, `signUpUrl`, `userProfileUrl`, `createOrganizationUrl`, `afterSignOutUrl`). */
export const AUTH_PAGES = {
  signIn: '/sign-in',
  signUp: '/sign-up',
  userProfile: '/account/profile',
  createOrganization: '/create-organization',
  afterSignOut: '/',
} as const

/** The reference's redirect options (`SignInRedirectOptions`, `SignUpRedirectOptions`). */
export interface RedirectOptions {
  /** Where to come back to; default: the current page. */
  redirectUrl?: string | null
  signInForceRedirectUrl?: string | null
  signInFallbackRedirectUrl?: string | null
  signUpForceRedirectUrl?: string | null
  signUpFallbackRedirectUrl?: string | null
  /** Accepted for the reference's types; our pages do not prefill. */
  initialValues?: Record<string, string | undefined>
}
export type SignInRedirectOptions = RedirectOptions
export type SignUpRedirectOptions = RedirectOptions

/** What `openSignIn`/`openSignUp` take (the reference's `SignInProps`/`SignUpProps`, minus styling). */
export interface AuthPageProps {
  forceRedirectUrl?: string | null
  fallbackRedirectUrl?: string | null
  signInForceRedirectUrl?: string | null
  signInFallbackRedirectUrl?: string | null
  signUpForceRedirectUrl?: string | null
  signUpFallbackRedirectUrl?: string | null
  initialValues?: Record<string, string | undefined>
  /** Accepted and ignored: our pages are pages, not modals. */
  appearance?: unknown
  withSignUp?: boolean
}

/**
 * A sign-in or sign-up page's URL with where to return afterwards: a force URL wins, then
 * `redirectUrl`, then the current page; a fallback only when none of those is on this origin
 * (the reference: "if there's no `redirect_url`"). Anything off this origin is dropped.
 */
export function buildAuthPageUrl(
  page: string,
  options: { force?: string | null; redirectUrl?: string | null; fallback?: string | null },
  current: { href: string; origin: string },
): string {
  const candidates = [options.force, options.redirectUrl ?? current.href, options.fallback]
  for (const candidate of candidates) {
    const path = candidate ? sameOriginPath(candidate, current.origin) : null
    if (path !== null) return `${page}?${new URLSearchParams({ redirect_url: path })}`
  }
  return page
}

/** A same-origin path or URL reduced to its path; the page validates it again (safeRedirectPath). */
function sameOriginPath(input: string, origin: string): string | null {
  try {
    const url = new URL(input, origin)
    if (url.origin !== new URL(origin).origin) return null
    return `${url.pathname}${url.search}${url.hash}`
  } catch {
    return null
  }
}

/** The reference's `ClientResource`, as far as a browser client of ours goes. */
export interface ClientResource {
  /** Every session of this browser, most recently active first. */
  sessions: Session[]
  /** The sessions still signed in (active or pending). */
  signedInSessions: Session[]
  /** The sessions that are active (no outstanding task). */
  activeSessions: Session[]
  lastActiveSessionId: string | null
  /** The first factor of the latest sign-in or sign-up in this browser (`password`, `email_code`…), or null. */
  lastAuthenticationStrategy: FirstFactorStrategy | null
}

/** The reference's `HandleEmailLinkVerificationParams`. */
export interface HandleEmailLinkVerificationParams {
  /** Where to go when the flow goes on in this browser (a sign-in that needs its second factor). */
  redirectUrl?: string
  /** Where to go once the link signed this browser in. */
  redirectUrlComplete?: string
  /** Called when the link was verified here but the flow completes in the browser that asked for it. */
  onVerifiedOnOtherDevice?: () => void
}

export interface TesseraClerk {
  /** False only while the tab switches sessions. */
  loaded: boolean
  status: 'loading' | 'ready'
  /** The tab's signed-in session (active or pending), null when signed out, undefined while loading. */
  session: Session | null | undefined
  user: UserResource | null | undefined
  client: ClientResource
  /** The organization the tab's session acts for, or null (personal account). */
  organization: OrganizationResource | null | undefined
  signOut: (options?: SignOutOptions) => Promise<void>
  setActive: (params: SetActiveParams) => Promise<void>
  openSignIn: (props?: AuthPageProps) => Promise<void>
  openSignUp: (props?: AuthPageProps) => Promise<void>
  redirectToSignIn: (options?: SignInRedirectOptions) => Promise<void>
  redirectToSignUp: (options?: SignUpRedirectOptions) => Promise<void>
  redirectToUserProfile: () => Promise<void>
  redirectToAfterSignOut: () => Promise<void>
  /** To the page of the session's current task; nothing when it owes none. */
  redirectToTasks: () => Promise<void>
  /** To the active organization's settings; nothing without one (the personal account has none). */
  redirectToOrganizationProfile: () => Promise<void>
  /** To the create-organization page. */
  redirectToCreateOrganization: () => Promise<void>
  buildSignInUrl: (options?: SignInRedirectOptions) => string
  buildSignUpUrl: (options?: SignUpRedirectOptions) => string
  buildUserProfileUrl: () => string
  buildAfterSignOutUrl: () => string
  /** The current task's page, or '' when the session owes none (as the reference's). */
  buildTasksUrl: () => string
  /** The active organization's settings page, or '' without one. */
  buildOrganizationProfileUrl: () => string
  buildCreateOrganizationUrl: () => string
  /** Client-side navigation to a path of this app (the reference's `navigate`). */
  navigate: (to: string) => Promise<void>
  /**
   * On the page an email link went on to (its flow's `redirectUrl`): reads what opening it came to
   * (the reference's `__clerk_status` and `__clerk_created_session` parameters) and finishes here —
   * the session it created becomes this tab's; a sign-in that needs its second factor goes to
   * `redirectUrl`; verified for a flow of another browser, `onVerifiedOnOtherDevice`. Rejects with
   * an `EmailLinkError` (`expired`, `failed`, `client_mismatch`) when the link did not verify.
   */
  handleEmailLinkVerification: (
    params: HandleEmailLinkVerificationParams,
    customNavigate?: (to: string) => Promise<unknown>,
  ) => Promise<unknown>
}

/** The object behind `useClerk()`, from the provider's state and a way to navigate. */
export function createClerk(
  context: Pick<AuthContextValue, 'snapshot' | 'switching' | 'sessions' | 'signOut' | 'setActive'>,
  location: () => { href: string; origin: string },
  navigate: (href: string) => Promise<void>,
): TesseraClerk {
  const all = [...context.sessions.values()]
  const current = context.snapshot.sessionId ? context.sessions.get(context.snapshot.sessionId) : undefined
  const session = context.switching ? undefined : isSignedInSession(current) ? current : null
  const signIn = (options: RedirectOptions = {}) =>
    buildAuthPageUrl(
      AUTH_PAGES.signIn,
      {
        force: options.signInForceRedirectUrl,
        redirectUrl: options.redirectUrl,
        fallback: options.signInFallbackRedirectUrl,
      },
      location(),
    )
  const signUp = (options: RedirectOptions = {}) =>
    buildAuthPageUrl(
      AUTH_PAGES.signUp,
      {
        force: options.signUpForceRedirectUrl,
        redirectUrl: options.redirectUrl,
        fallback: options.signUpFallbackRedirectUrl,
      },
      location(),
    )
  const task = session?.currentTask
  const tasksUrl = task ? TASK_ROUTES[task.key] : ''
  const organization = session === undefined ? undefined : (session?.activeMembership?.organization ?? null)
  const organizationProfileUrl = organization ? `/orgs/${encodeURIComponent(organization.slug)}/settings` : ''
  return {
    loaded: !context.switching,
    status: context.switching ? 'loading' : 'ready',
    session,
    user: session === undefined ? undefined : (session?.user ?? null),
    client: {
      sessions: all,
      signedInSessions: all.filter((candidate) => isSignedInStatus(candidate.status)),
      activeSessions: all.filter((candidate) => candidate.status === 'active'),
      lastActiveSessionId: context.snapshot.client?.lastActiveSessionId ?? null,
      lastAuthenticationStrategy: context.snapshot.client?.lastAuthenticationStrategy ?? null,
    },
    organization,
    signOut: context.signOut,
    setActive: context.setActive,
    openSignIn: (props = {}) =>
      navigate(
        signIn({
          signInForceRedirectUrl: props.forceRedirectUrl ?? props.signInForceRedirectUrl,
          signInFallbackRedirectUrl: props.fallbackRedirectUrl ?? props.signInFallbackRedirectUrl,
        }),
      ),
    openSignUp: (props = {}) =>
      navigate(
        signUp({
          signUpForceRedirectUrl: props.forceRedirectUrl ?? props.signUpForceRedirectUrl,
          signUpFallbackRedirectUrl: props.fallbackRedirectUrl ?? props.signUpFallbackRedirectUrl,
        }),
      ),
    redirectToSignIn: (options) => navigate(signIn(options)),
    redirectToSignUp: (options) => navigate(signUp(options)),
    redirectToUserProfile: () => navigate(AUTH_PAGES.userProfile),
    redirectToAfterSignOut: () => navigate(AUTH_PAGES.afterSignOut),
    redirectToTasks: async () => {
      if (tasksUrl) await navigate(tasksUrl)
    },
    redirectToOrganizationProfile: async () => {
      if (organizationProfileUrl) await navigate(organizationProfileUrl)
    },
    redirectToCreateOrganization: () => navigate(AUTH_PAGES.createOrganization),
    buildSignInUrl: signIn,
    buildSignUpUrl: signUp,
    buildUserProfileUrl: () => AUTH_PAGES.userProfile,
    buildAfterSignOutUrl: () => AUTH_PAGES.afterSignOut,
    buildTasksUrl: () => tasksUrl,
    buildOrganizationProfileUrl: () => organizationProfileUrl,
    buildCreateOrganizationUrl: () => AUTH_PAGES.createOrganization,
    navigate,
    handleEmailLinkVerification: async (params, customNavigate) => {
      const { status, createdSessionId } = readEmailLinkStatus(new URL(location().href, location().origin).search)
      if (status !== 'verified') throw new EmailLinkError(status)
      const go = (to: string) => (customNavigate ? customNavigate(to) : navigate(to))
      // The session is this browser's only if the landing request created it here (the server checks again).
      if (createdSessionId)
        return context.setActive({ session: createdSessionId, redirectUrl: params.redirectUrlComplete })
      const [signIn, signUp] = await Promise.all([$getSignIn(), $getSignUp()])
      if (signIn?.status === 'needs_second_factor' || signUp?.status === 'needs_verification') {
        return params.redirectUrl ? go(params.redirectUrl) : undefined
      }
      params.onVerifiedOnOtherDevice?.()
      return null
    },
  }
}

/** The reference's `useClerk()`: the tab's `Clerk` object. */
export function useClerk(): TesseraClerk {
  const context = useAuthContext()
  const router = useRouter()
  return useMemo(
    () =>
      createClerk(
        context,
        () => ({
          href: router.state.location.href,
          origin: typeof window === 'undefined' ? 'http://localhost' : window.location.origin,
        }),
        async (href) => {
          await router.navigate({ href })
        },
      ),
    [context, router],
  )
}
