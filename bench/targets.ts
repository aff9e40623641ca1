/**
 * What the main rounds measure: each target names its server (for its memory) and builds its load
 * right before it runs (JWTs live 60 s, so they are minted fresh for every load).
 */

import { serverFnHeaders } from './app-client.ts'
import type { LoadSpec, LoadVariant } from './load.ts'
import type { Side } from './results.ts'

export interface Target {
  key: string
  label: string
  side: Side
  /** The pid whose RSS is read after the load. */
  pid: () => number | undefined
  /** The load, or a reason it cannot run here. */
  spec: () => Promise<LoadSpec | { unavailable: string }>
}

export interface Credential {
  sessionId: string
  clientToken: string
}

export const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` })
export const clientCookie = (token: string) => ({ cookie: `__client=${token}` })

export function get(url: string, variants: LoadVariant[], connections: number, seconds: number): LoadSpec {
  return { url, method: 'GET', variants, connections, seconds }
}

export function post(url: string, variants: LoadVariant[], connections: number, seconds: number): LoadSpec {
  return { url, method: 'POST', variants, connections, seconds }
}

/** Headers of a GET server function call from the app's own pages. */
export const fnGetHeaders = (app: string, extra: Record<string, string> = {}) => ({ ...serverFnHeaders(app), ...extra })
