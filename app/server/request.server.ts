/**
 * Facts about the current request that auth decisions depend on: which origin it belongs to,
 * whether it is secure, and where it came from (for the session ledger and the devices list).
 */

import { getRequest, getRequestHeader, getRequestIP } from '@tanstack/react-start/server'
import { getEnv } from './env.server.ts'

const USER_AGENT_MAX_LENGTH = 512

export interface RequestMeta {
  ipAddress: string | null
  userAgent: string | null
}

/**
 * The client's address. `X-Forwarded-For` is honoured only for the configured number of trusted
 * proxy hops, counted from the right (the entries a client can forge are on the left).
 */
export function clientIp(): string | null {
  const hops = getEnv().TRUSTED_PROXY_HOPS
  if (hops > 0) {
    const forwarded = (getRequestHeader('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    const candidate = forwarded[forwarded.length - hops]
    if (candidate) return candidate
  }
  return getRequestIP() ?? null
}

export function requestMeta(): RequestMeta {
  const userAgent = getRequestHeader('user-agent')
  return { ipAddress: clientIp(), userAgent: userAgent ? userAgent.slice(0, USER_AGENT_MAX_LENGTH) : null }
}

/** The app's own origin: `APP_URL` when configured (always in production), else the request's. */
export function appOrigin(): string {
  return getEnv().appOrigin ?? new URL(getRequest().url).origin
}

export function isSecureOrigin(): boolean {
  return appOrigin().startsWith('https:')
}
