/**
 * Sessions someone else acts in (docs/reference.md#impersonation-and-agents): an admin
 * impersonating a user, or an agent acting on a user's behalf. Either starts from an actor token —
 * a single-use link made by an admin (or, for an agent, by the user) — whose redemption creates a
 * session in a fresh client. The session's `actor` becomes the JWT's `act` claim (RFC 8693 §4.1).
 */

import type { JsonValue } from './json.ts'
import type { SessionLimits } from './lifetime.ts'
import {
  ACTOR_TOKEN_TTL_SECONDS,
  AGENT_SESSION_DEFAULT_SECONDS,
  AGENT_SESSION_MAX_SECONDS,
  AGENT_TASK_TTL_SECONDS,
  IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS,
  IMPERSONATION_MAX_LIFETIME_SECONDS,
} from './policy.ts'

/** The impersonator or agent acting in a session (the JWT `act` claim). */
export type ActorJSON = { sub: string; type?: 'agent' } & { [key: string]: JsonValue }

export const ACTOR_TOKEN_KINDS = [
  /** An admin signs in as a user, to see what they see (support). */
  'impersonation',
  /** A named program acts for a user for one task (docs/reference.md#impersonation-and-agents). */
  'agent',
] as const

export type ActorTokenKind = (typeof ACTOR_TOKEN_KINDS)[number]

/** What is stored; `expired` is derived from the time (see `actorTokenState`). */
export const ACTOR_TOKEN_STATUSES = ['pending', 'accepted', 'revoked'] as const

export type ActorTokenStatus = (typeof ACTOR_TOKEN_STATUSES)[number]

export type ActorTokenState = ActorTokenStatus | 'expired'

export function actorTokenState(token: { status: ActorTokenStatus; expiresAt: Date }, now: Date): ActorTokenState {
  return token.status === 'pending' && token.expiresAt.getTime() <= now.getTime() ? 'expired' : token.status
}

/** How long a link may wait to be redeemed. */
export const ACTOR_TOKEN_TTL_BY_KIND_SECONDS: Record<ActorTokenKind, number> = {
  impersonation: ACTOR_TOKEN_TTL_SECONDS,
  agent: AGENT_TASK_TTL_SECONDS,
}

/**
 * The limits of the session a redemption creates: impersonation is 10 min inactivity and 30 min in
 * all, never extended (docs/reference.md#impersonation-and-agents); an agent's lasts what its task
 * asked for, at most an hour, with no inactivity timeout (a program works in bursts).
 */
export function actorSessionLimits(kind: ActorTokenKind, sessionMaxDurationSeconds: number | null): SessionLimits {
  if (kind === 'impersonation') {
    return {
      maxLifetimeSeconds: IMPERSONATION_MAX_LIFETIME_SECONDS,
      inactivityTimeoutSeconds: IMPERSONATION_INACTIVITY_TIMEOUT_SECONDS,
    }
  }
  const asked = sessionMaxDurationSeconds ?? AGENT_SESSION_DEFAULT_SECONDS
  return {
    maxLifetimeSeconds: Math.min(Math.max(asked, 60), AGENT_SESSION_MAX_SECONDS),
    inactivityTimeoutSeconds: null,
  }
}

/** An impersonator (not an agent): the sessions that show the "You are impersonating" banner. */
export function isImpersonation(actor: ActorJSON | null | undefined): actor is ActorJSON {
  return actor != null && actor.type !== 'agent'
}

export function isAgent(actor: ActorJSON | null | undefined): actor is ActorJSON & { type: 'agent' } {
  return actor?.type === 'agent'
}

/** `act.sub` of an agent: stable per agent name, so one agent's sessions can be told apart from another's. */
export function agentSubject(name: string): string {
  const slug = name
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD; dropping them keeps `Ünïcode` as `unicode`.
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
  return `agent_${slug || 'unnamed'}`
}
