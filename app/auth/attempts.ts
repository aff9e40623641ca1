/**
 * The reference's legacy `useSignIn()` and `useSignUp()` (its `/legacy` entry): this browser's
 * `SignIn` / `SignUp` resource and `setActive`. The resources call our sign-in and sign-up server
 * functions; the sign-in and sign-up pages are built on them too (components/auth/).
 */

import { type AuthenticationResponseJSON, startAuthentication } from '@simplewebauthn/browser'
import { useRef, useState, useSyncExternalStore } from 'react'
import {
  $attemptSignInFirstFactor,
  $attemptSignInSecondFactor,
  $cancelSignIn,
  $createSignIn,
  $getPasskeySignInOptions,
  $getSignIn,
  $pollSignInEmailLink,
  $prepareSignInFirstFactor,
  $prepareSignInSecondFactor,
  $resetSignInPassword,
  $signInWithPasskey,
} from '../functions/sign-in.functions.ts'
import {
  $cancelSignUp,
  $createSignUp,
  $getSignUp,
  $pollSignUpEmailLink,
  $prepareSignUpVerification,
  $updateSignUp,
  $verifySignUp,
} from '../functions/sign-up.functions.ts'
import { $startSocialSignIn } from '../functions/social.functions.ts'
import type { SignInJSON, SignUpJSON } from '../session/wire.ts'
import { type SetActiveParams, useAuthContext } from './provider.tsx'
import type { Session } from './session.ts'
import { SignIn, type SignInTransport } from './sign-in.ts'
import { SignUp, type SignUpTransport } from './sign-up.ts'

// The resources check nothing themselves: the server functions' schemas refuse what is not ours
// with a coded 400, so these pass the reference's parameters on as they are.
type Data<F> = F extends (options: { data: infer D }) => unknown ? D : never
const as = <F>(params: Record<string, unknown>) => params as Data<F>

export const serverSignInTransport: SignInTransport = {
  authenticateWithRedirect: (params) =>
    $startSocialSignIn({ data: { ...as<typeof $startSocialSignIn>(params), from: 'sign_in' } }),
  get: () => $getSignIn(),
  create: (params) => $createSignIn({ data: as<typeof $createSignIn>(params) }),
  prepareFirstFactor: (params) => $prepareSignInFirstFactor({ data: as<typeof $prepareSignInFirstFactor>(params) }),
  attemptFirstFactor: (params) => $attemptSignInFirstFactor({ data: as<typeof $attemptSignInFirstFactor>(params) }),
  prepareSecondFactor: (params) => $prepareSignInSecondFactor({ data: as<typeof $prepareSignInSecondFactor>(params) }),
  attemptSecondFactor: (params) => $attemptSignInSecondFactor({ data: as<typeof $attemptSignInSecondFactor>(params) }),
  resetPassword: (params) => $resetSignInPassword({ data: params }),
  signInWithPasskey: async ({ credential, autofill = false }) => {
    let response: AuthenticationResponseJSON | undefined = credential
    if (!response) {
      const optionsJSON = await $getPasskeySignInOptions()
      response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill })
    }
    const { sessionId } = await $signInWithPasskey({ data: { response } })
    return sessionId
  },
  cancel: async () => {
    await $cancelSignIn()
  },
  pollEmailLink: () => $pollSignInEmailLink(),
}

export const serverSignUpTransport: SignUpTransport = {
  authenticateWithRedirect: (params) =>
    $startSocialSignIn({ data: { ...as<typeof $startSocialSignIn>(params), from: 'sign_up' } }),
  get: () => $getSignUp(),
  create: (params) => $createSignUp({ data: as<typeof $createSignUp>(params) }),
  update: (params) => $updateSignUp({ data: as<typeof $updateSignUp>(params) }),
  prepareVerification: (params) => $prepareSignUpVerification({ data: as<typeof $prepareSignUpVerification>(params) }),
  attemptVerification: (params) => $verifySignUp({ data: as<typeof $verifySignUp>(params) }),
  cancel: async () => {
    await $cancelSignUp()
  },
  pollEmailLink: () => $pollSignUpEmailLink(),
}

/** `setActive` as the reference's custom flows call it: with `navigate` for where to go next. */
export interface LegacySetActiveParams extends Omit<SetActiveParams, 'session'> {
  session?: Session | string | null
  /** Called once the tab acts as the session, instead of going to `redirectUrl`. */
  navigate?: (params: { session: Session | null; decorateUrl: (url: string) => string }) => unknown
}

function useLegacySetActive() {
  const context = useAuthContext()
  const latest = useRef(context)
  latest.current = context
  return async ({ navigate, ...params }: LegacySetActiveParams): Promise<void> => {
    if (!navigate) return latest.current.setActive(params)
    await latest.current.setActive({ ...params, redirectUrl: undefined })
    const id = typeof params.session === 'string' ? params.session : (params.session?.id ?? null)
    // The client was re-read; the session is there once the tab has rendered it (else null).
    const session = id === null ? null : (latest.current.sessions.get(id) ?? null)
    await navigate({ session, decorateUrl: (url) => url })
  }
}

function useResource<R extends { subscribe: (listener: () => void) => () => void; version: number }>(make: () => R) {
  const [resource] = useState(make)
  useSyncExternalStore(
    resource.subscribe,
    () => resource.version,
    () => resource.version,
  )
  return resource
}

export interface UseSignInReturn {
  /** Always true: the page renders with the client already known (server rendering). */
  isLoaded: true
  signIn: SignIn
  setActive: (params: LegacySetActiveParams) => Promise<void>
}

export interface UseSignUpReturn {
  isLoaded: true
  signUp: SignUp
  setActive: (params: LegacySetActiveParams) => Promise<void>
}

/**
 * The sign-in resource of this component, starting from `initial` (the sign-in in progress, as a
 * page's loader read it). Every `SignIn` of the page drives the same server-side attempt.
 */
export function useSignInFrom(initial: SignInJSON | null): UseSignInReturn {
  const signIn = useResource(() => new SignIn(initial, serverSignInTransport))
  return { isLoaded: true, signIn, setActive: useLegacySetActive() }
}

export function useSignUpFrom(initial: SignUpJSON | null): UseSignUpReturn {
  const signUp = useResource(() => new SignUp(initial, serverSignUpTransport))
  return { isLoaded: true, signUp, setActive: useLegacySetActive() }
}

/**
 * The reference's legacy `useSignIn()`: a `SignIn` for a custom flow. It starts empty (`status`
 * null); `create()` starts a sign-in, and `reload()` picks up one in progress in this browser.
 */
export function useSignIn(): UseSignInReturn {
  return useSignInFrom(null)
}

/** The reference's legacy `useSignUp()`: a `SignUp` for a custom flow. */
export function useSignUp(): UseSignUpReturn {
  return useSignUpFrom(null)
}
