/**
 * The peer, Better Auth, through the interface bench/peers/better-auth.ts exports (built on its
 * own branch, in an isolated package under bench/peers/better-auth/). Loaded only when the module
 * exists; without it the report says "not available" for every peer row.
 */

import { existsSync } from 'node:fs'
import path from 'node:path'

export interface PeerServer {
  url: string
  pid: number
  stop: () => Promise<void> | void
}

export interface PeerModule {
  BETTER_AUTH_VERSION: string
  installBetterAuth: () => Promise<void> | void
  prepareBetterAuth: (databaseUrl: string) => Promise<void> | void
  seedBetterAuth: (databaseUrl: string, counts: { users: number; sessions: number }) => Promise<void> | void
  startBetterAuth: (options: {
    port: number
    databaseUrl: string
    cookieCache: boolean
    cpu?: number
  }) => Promise<PeerServer> | PeerServer
  betterAuthUsers: (
    url: string,
    count: number,
  ) =>
    | Promise<{ email: string; password: string; cookie: string }[]>
    | { email: string; password: string; cookie: string }[]
}

export const PEER_MODULE = path.resolve('bench/peers/better-auth.ts')

export async function loadPeer(): Promise<{ peer: PeerModule | null; why: string }> {
  if (!existsSync(PEER_MODULE)) return { peer: null, why: 'bench/peers/better-auth.ts is not in this checkout' }
  try {
    return { peer: (await import(PEER_MODULE)) as PeerModule, why: '' }
  } catch (error) {
    return { peer: null, why: `bench/peers/better-auth.ts failed to load: ${(error as Error).message}` }
  }
}
