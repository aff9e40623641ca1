/**
 * The reference's email-link flows (`createEmailLinkFlow()` on `SignIn`, `SignUp` and an email
 * address): `startEmailLinkFlow` asks for the link, then re-reads the resource every
 * EMAIL_LINK_POLL_INTERVAL_SECONDS until the link was opened (or ran out), and resolves with it;
 * `cancelEmailLinkFlow` stops the polling (the promise then never settles, as the reference's).
 * docs/decisions/036-email-links.md
 */

import { EMAIL_LINK_POLL_INTERVAL_SECONDS } from '../session/policy.ts'

export interface CreateEmailLinkFlowReturn<Params, Resource> {
  startEmailLinkFlow: (params: Params) => Promise<Resource>
  cancelEmailLinkFlow: () => void
}

/** `redirectUrl`: the page the link goes on to once opened (this origin; its `handleEmailLinkVerification` reads the outcome). */
export interface StartEmailLinkFlowParams {
  redirectUrl: string
}

export interface SignInStartEmailLinkFlowParams extends StartEmailLinkFlowParams {
  /** The reference's: which address. A sign-in's link always goes to its identifier, so this names nothing more. */
  emailAddressId: string
}

/**
 * One flow: `prepare` sends the link, `reload` re-reads the resource, `settled` says when to stop.
 * A failed re-read stops the polling and rejects.
 */
export function emailLinkFlow<Params, Resource>(
  prepare: (params: Params) => Promise<unknown>,
  reload: () => Promise<Resource>,
  settled: (resource: Resource) => boolean,
  intervalMs = EMAIL_LINK_POLL_INTERVAL_SECONDS * 1000,
): CreateEmailLinkFlowReturn<Params, Resource> {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  const stop = () => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
    timer = null
  }
  const startEmailLinkFlow = async (params: Params): Promise<Resource> => {
    stopped = false
    await prepare(params)
    return new Promise<Resource>((resolve, reject) => {
      const tick = () => {
        if (stopped) return
        reload().then(
          (resource) => {
            if (stopped) return
            if (settled(resource)) {
              stop()
              resolve(resource)
            } else timer = setTimeout(tick, intervalMs)
          },
          (error: unknown) => {
            stop()
            reject(error)
          },
        )
      }
      timer = setTimeout(tick, intervalMs)
    })
  }
  return { startEmailLinkFlow, cancelEmailLinkFlow: stop }
}
