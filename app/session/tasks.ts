/**
 * Session tasks: what a signed-in user must still do before the session counts as active. A
 * session that owes a task is `pending` (its token says `sts: 'pending'`), can call only the server
 * functions of its current task, and becomes `active` in place when the last task is done.
 *
 * The registry below is the whole vocabulary, in the order tasks are asked for. Each task says when
 * it is owed, from facts about the user and session, so the server can decide at sign-in which
 * tasks a session starts with and, when one is reported done, whether it really is.
 *
 * Adding a task (this is how an app adds its own): append its key here with its rule, add the
 * facts the rule needs to `TaskFacts`, give it a route in `app/auth/tasks.ts` (the type there does
 * not compile until it has one), and a server function that does the work and then completes it.
 */

export const SESSION_TASK_KEYS = [
  /** The password was marked compromised: a new one before anything else, as someone else knows it. */
  'reset-password',
  /** The instance requires a second factor and the user has none. */
  'setup-mfa',
  /** An example of an app's own task: the terms of service changed since the user accepted them. */
  'accept-terms',
  /** Organizations are required (no personal accounts) and the session has none chosen. */
  'choose-organization',
] as const

export type SessionTaskKey = (typeof SESSION_TASK_KEYS)[number]

/** What the rules read about the user and session. Gathered on the server, judged here. */
export interface TaskFacts {
  passwordCompromised: boolean
  /** TOTP or SMS codes enrolled (backup codes only back those up; a passkey is not a second step). */
  hasSecondFactor: boolean
  /** The version of the terms the user last accepted, or null. */
  acceptedTermsVersion: string | null
  /** The session's active organization, when it is one the user still belongs to. */
  activeOrganizationId: string | null
}

/** The instance settings that switch tasks on. */
export interface TaskSettings {
  forcePasswordReset: boolean
  requireMfa: boolean
  /** The current terms version; null when the app asks for no terms. */
  termsVersion: string | null
  /** Organizations on and personal accounts off: every session acts for an organization. */
  requireOrganization: boolean
}

const OWED: Record<SessionTaskKey, (settings: TaskSettings, facts: TaskFacts) => boolean> = {
  'reset-password': (settings, facts) => settings.forcePasswordReset && facts.passwordCompromised,
  'setup-mfa': (settings, facts) => settings.requireMfa && !facts.hasSecondFactor,
  'accept-terms': (settings, facts) =>
    settings.termsVersion !== null && facts.acceptedTermsVersion !== settings.termsVersion,
  'choose-organization': (settings, facts) => settings.requireOrganization && facts.activeOrganizationId === null,
}

/** The tasks owed, in the order they are asked for. */
export function owedTasks(settings: TaskSettings, facts: TaskFacts): SessionTaskKey[] {
  return SESSION_TASK_KEYS.filter((key) => OWED[key](settings, facts))
}

export function isTaskOwed(key: SessionTaskKey, settings: TaskSettings, facts: TaskFacts): boolean {
  return OWED[key](settings, facts)
}

export function parseTaskKey(value: unknown): SessionTaskKey | null {
  return (SESSION_TASK_KEYS as readonly unknown[]).includes(value) ? (value as SessionTaskKey) : null
}

/**
 * What reporting `key` done does to a session that owes `outstanding` (in order): the error when it
 * may not be reported now, else the tasks left after it.
 */
export function completeTask(
  outstanding: readonly SessionTaskKey[],
  key: SessionTaskKey,
): { error: 'task_not_owed' | 'task_out_of_order' } | { remaining: SessionTaskKey[] } {
  if (!outstanding.includes(key)) return { error: 'task_not_owed' }
  if (outstanding[0] !== key) return { error: 'task_out_of_order' }
  return { remaining: outstanding.slice(1) }
}
