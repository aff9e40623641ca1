import { useSession } from '../../auth/index.ts'

/**
 * Why this tab may not change the account, or null: in a session someone else acts in (an
 * impersonating admin, an agent) the server refuses account changes, so pages disable their forms
 * and say why instead of letting them fail.
 */
export function useActorLock(): string | null {
  const { session } = useSession()
  if (!session?.actor) return null
  return session.agent
    ? 'An agent is acting in this session: only the account holder can change these settings.'
    : 'You are impersonating this user: changes to their account are not allowed.'
}

/**
 * Why this tab may not take a sensitive action (leave or delete an organization), or null: those
 * need the user's own fresh verification, which a session someone else acts in never has, so the
 * server refuses them (`impersonation_forbidden`).
 */
export function useSensitiveActionLock(): string | null {
  const { session } = useSession()
  if (!session?.actor) return null
  return session.agent
    ? 'An agent is acting in this session: only the account holder can do this.'
    : 'You are impersonating this user: this needs their own verification, so it is not allowed.'
}
