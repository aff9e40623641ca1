/**
 * The database invariants a fault must never break (security.md REL-01, REL-07, REL-09, REL-10:
 * "SQL invariants hold"), as one list of queries, each returning the rows that break it. A crash,
 * a cut connection or a timeout may lose work in progress, but whatever committed must be whole:
 * no session without its factors, its ledger entry or its sign-in; no code spent without the step
 * it paid for; no row pointing at nothing.
 *
 * `checkInvariants(sql)` runs them all and returns the broken ones with a few sample rows each, so
 * a test writes `expect(await checkInvariants(sql)).toEqual({})`.
 */

import type postgres from 'postgres'

const SIGNED_IN = `('active', 'pending')`
const TERMINAL = `('ended', 'expired', 'removed', 'replaced', 'revoked', 'abandoned')`

/** Name → a query selecting the rows that break the invariant. */
export const INVARIANTS: Record<string, string> = {
  // A signed-in session passed a first factor (actor sessions are started by a ticket instead).
  signed_in_session_without_first_factor: `
    select id from sessions
    where status in ${SIGNED_IN} and first_factor_verified_at is null and actor is null`,
  // A user with a confirmed authenticator app before the session began must have passed a second factor.
  signed_in_session_missing_second_factor: `
    select s.id from sessions s join totp_credentials t on t.user_id = s.user_id
    where s.status in ${SIGNED_IN} and s.actor is null and t.verified_at is not null
      and t.verified_at < s.created_at and s.second_factor_verified_at is null`,
  // The status and the end fields agree: signed in ⇔ not ended.
  signed_in_session_with_end: `
    select id from sessions where status in ${SIGNED_IN} and ended_at is not null`,
  ended_session_without_end: `
    select id from sessions where status in ${TERMINAL} and ended_at is null`,
  // Every session has its client and user (foreign keys say so; checked anyway, cheaply).
  session_without_client_or_user: `
    select s.id from sessions s
    left join clients c on c.id = s.client_id left join users u on u.id = s.user_id
    where c.id is null or u.id is null`,
  // Every session's creation is in the ledger (written in the transaction that creates it).
  session_without_created_event: `
    select s.id from sessions s
    where not exists (select 1 from session_events e where e.session_id = s.id and e.type = 'created')`,
  // A completed sign-in names the session it created, which belongs to the same user…
  complete_sign_in_without_session: `
    select id from sign_in_attempts where status = 'complete' and session_id is null`,
  sign_in_session_of_another_user: `
    select a.id from sign_in_attempts a join sessions s on s.id = a.session_id where s.user_id <> a.user_id`,
  // …and one sign-in makes at most one session.
  session_claimed_by_two_sign_ins: `
    select session_id from sign_in_attempts where session_id is not null group by session_id having count(*) > 1`,
  // A sign-in's first-factor code is spent only together with the step it passed.
  consumed_code_without_step: `
    select c.id from verification_codes c join sign_in_attempts a on a.id = c.sign_in_id
    where c.purpose = 'sign_in_first_factor' and c.consumed_at is not null and a.status = 'needs_first_factor'`,
  // A sign-in completed by an email code spent exactly that attempt's code, once.
  email_code_sign_in_without_spent_code: `
    select a.id from sign_in_attempts a
    where a.status = 'complete' and a.first_factor_strategy = 'email_code'
      and (select count(*) from verification_codes c
           where c.sign_in_id = a.id and c.purpose = 'sign_in_first_factor' and c.consumed_at is not null) <> 1`,
  // A sign-in's progress agrees with its fields.
  second_step_without_first_factor: `
    select id from sign_in_attempts
    where status = 'needs_second_factor' and (first_factor_verified_at is null or user_id is null)`,
  open_sign_in_with_session: `
    select id from sign_in_attempts where status in ('needs_first_factor', 'needs_second_factor') and session_id is not null`,
  // A browser's current session is one of its own.
  client_current_session_elsewhere: `
    select c.id from clients c join sessions s on s.id = c.last_active_session_id where s.client_id <> c.id`,
  // Ledger rows point at existing sessions (or at none), except once a session has ended: the
  // sweeper deletes it TERMINAL_SESSION_RETENTION_SECONDS later, and its ledger stays, saying how it ended.
  event_for_missing_session: `
    select e.id from session_events e left join sessions s on s.id = e.session_id
    where e.session_id is not null and s.id is null
      and not exists (select 1 from session_events t where t.session_id = e.session_id and t.to_status in ${TERMINAL})`,
}

/** Runs every invariant; returns `{ name: sample rows }` for each one broken (empty when all hold). */
export async function checkInvariants(sql: postgres.Sql): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {}
  for (const [name, query] of Object.entries(INVARIANTS)) {
    const rows = await sql.unsafe(`${query} limit 5`)
    if (rows.length > 0) broken[name] = [...rows]
  }
  return broken
}

/** Row counts worth printing beside a fault test's numbers (sessions by status, sign-ins, codes). */
export async function rowCounts(sql: postgres.Sql): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>[]>`
    select
      (select count(*) from sessions)::int as sessions,
      (select count(*) from sessions where status = 'active')::int as active_sessions,
      (select count(*) from clients)::int as clients,
      (select count(*) from sign_in_attempts)::int as sign_ins,
      (select count(*) from sign_in_attempts where status = 'complete')::int as complete_sign_ins,
      (select count(*) from verification_codes)::int as codes,
      (select count(*) from verification_codes where consumed_at is not null)::int as consumed_codes,
      (select count(*) from rate_limit_buckets)::int as rate_limit_buckets`
  return row ?? {}
}
