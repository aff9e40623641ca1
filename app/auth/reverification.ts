/**
 * `useReverification(fn)`: wraps a call to a sensitive server function. When the server answers
 * 403 `reverification_required` (thrown), or `fn` returns the reference's `reverificationError()`
 * hint or a 403 `Response` carrying it, it asks the person to verify (the built-in dialog, or the caller's
 * own `onNeedsReverification`), then calls `fn` again exactly once with the same arguments and
 * returns that result as it is (a `Response` read as JSON, as the reference does). Closing the
 * dialog rejects with `reverification_cancelled` (`isReverificationCancelledError`); any other
 * error passes through unchanged.
 */

import { createContext, useContext } from 'react'
import { type ErrorCode, isErrorCode, TesseraRuntimeError } from '../session/errors.ts'
import {
  hintLevel,
  isReverificationHint,
  parseVerificationLevel,
  type VerificationLevel,
} from '../session/reverification.ts'
import { toErrorPayload } from './errors.ts'

export type ReverificationOutcome = 'complete' | 'cancel'

/** Opens the verification dialog at a level; resolves when the person finishes or closes it. */
export type OpenReverification = (request: { level: VerificationLevel }) => Promise<ReverificationOutcome>

/** Provided by `<ReverificationProvider>` (rendered by the root route), which owns the dialog. */
export const ReverificationContext = createContext<OpenReverification | null>(null)

export interface NeedsReverificationProps {
  level: VerificationLevel
  /** Call once the person has verified: the original call runs again. */
  complete: () => void
  /** Call when they give up: the call rejects with `reverification_cancelled`. */
  cancel: () => void
}

export interface UseReverificationOptions {
  /** Your own UI instead of the built-in dialog. */
  onNeedsReverification?: (props: NeedsReverificationProps) => void
}

/** A fetcher's answer without the returned reverification hint (the reference's `ExcludeClerkError`). */
export type WithoutReverificationHint<T> = T extends { clerk_error: unknown } ? never : T

type Outcome<Result> = { result: Awaited<Result> } | { level: VerificationLevel | undefined }

/**
 * The reference's `resolveResult`: a `Response` is read as JSON (a 403 carrying the hint included);
 * a returned hint, or a thrown `reverification_required`, asks for verification.
 */
async function resolveOutcome<Result>(answer: Promise<Result> | Result): Promise<Outcome<Result>> {
  let result: unknown
  try {
    result = await answer
  } catch (error) {
    const payload = toErrorPayload(error)
    if (payload?.code !== 'reverification_required') throw error
    return { level: parseVerificationLevel(payload.meta?.level) }
  }
  if (result instanceof Response) result = await result.json()
  return isReverificationHint(result) ? { level: hintLevel(result) } : { result: result as Awaited<Result> }
}

/** The reverification loop itself, outside React (the hook below binds it to the dialog). */
export function withReverification<Args extends unknown[], Result>(
  fetcher: (...args: Args) => Promise<Result> | Result,
  ask: OpenReverification,
): (...args: Args) => Promise<WithoutReverificationHint<Awaited<Result>>> {
  return async (...args: Args) => {
    const first = await resolveOutcome(fetcher(...args))
    if ('result' in first) return first.result as WithoutReverificationHint<Awaited<Result>>
    // A thrown error names its level; a hint may leave it out (then a second factor, the reference's default).
    const outcome = await ask({ level: first.level ?? parseVerificationLevel(undefined) })
    if (outcome === 'cancel') throw new TesseraRuntimeError('reverification_cancelled')
    // Exactly once: whatever this answers (even another reverification error) is the answer.
    const retried = await fetcher(...args)
    return (retried instanceof Response ? await retried.json() : retried) as WithoutReverificationHint<Awaited<Result>>
  }
}

export function useReverification<Args extends unknown[], Result>(
  fetcher: (...args: Args) => Promise<Result> | Result,
  options: UseReverificationOptions = {},
): (...args: Args) => Promise<WithoutReverificationHint<Awaited<Result>>> {
  const open = useContext(ReverificationContext)
  const { onNeedsReverification } = options
  const ask: OpenReverification = onNeedsReverification
    ? ({ level }) =>
        new Promise((resolve) =>
          onNeedsReverification({ level, complete: () => resolve('complete'), cancel: () => resolve('cancel') }),
        )
    : (request) => {
        if (!open) throw new Error('useReverification needs <ReverificationProvider> (the root route renders it).')
        return open(request)
      }
  return withReverification(fetcher, ask)
}

// ---------------------------------------------------------------------------------------------
// Step-up through an enterprise IdP: the page is left, so the retry cannot happen by itself.
//
// Before leaving, the dialog remembers what was going on (this tab's sessionStorage); the SSO
// callback sends the browser back to the same page with the outcome in the URL fragment. The page
// then tells the person to do what they were doing again: the session is now fresh, so it passes.

const PENDING_SSO_KEY = 'tessera.reverification.sso'

type FragmentOutcome = { kind: 'complete' | 'continue' } | { kind: 'error'; code: ErrorCode }

export type SsoReverificationOutcome = FragmentOutcome & { connectionName: string | null }

/** The outcome the callback put in a URL fragment (`#sso_reverification=…`), or null. */
export function parseSsoReverificationFragment(hash: string): FragmentOutcome | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const outcome = params.get('sso_reverification')
  if (outcome === 'complete' || outcome === 'continue') return { kind: outcome }
  const code = params.get('sso_reverification_error')
  return isErrorCode(code) ? { kind: 'error', code } : null
}

/** Called by the dialog just before the browser leaves for the IdP. */
export function rememberSsoReverification(intent: { path: string; connectionName: string }): void {
  window.sessionStorage.setItem(PENDING_SSO_KEY, JSON.stringify(intent))
}

/**
 * On coming back from the IdP: the outcome for this page, if this tab went to the IdP from it
 * (a fragment alone, from a link someone sent, shows nothing). Clears both.
 */
export function takeSsoReverificationOutcome(): SsoReverificationOutcome | null {
  const parsed = parseSsoReverificationFragment(window.location.hash)
  const raw = window.sessionStorage.getItem(PENDING_SSO_KEY)
  if (!parsed) return null
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`)
  window.sessionStorage.removeItem(PENDING_SSO_KEY)
  let intent: { path?: unknown; connectionName?: unknown } | null = null
  try {
    intent = raw ? (JSON.parse(raw) as { path?: unknown; connectionName?: unknown }) : null
  } catch {
    intent = null
  }
  if (!intent || intent.path !== window.location.pathname) return null
  const connectionName = typeof intent.connectionName === 'string' ? intent.connectionName : null
  return { ...parsed, connectionName }
}
