/**
 * Actions that change what protects an account, or end someone's access. Each will require a
 * recent verification (reverification) before it runs; PRODUCT.md lists the full set, added here
 * as each action is built.
 */
export const SENSITIVE_ACTIONS = [
  /** Revoking one of the user's sessions on another device (clerk-spec §6.6). */
  'revoke_session',
] as const

export type SensitiveAction = (typeof SENSITIVE_ACTIONS)[number]
