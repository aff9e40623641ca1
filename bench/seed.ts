/**
 * Bulk seeding of Tessera's own tables with `generate_series`: valid users, clients and signed-in
 * sessions (every foreign key and CHECK satisfied), whose client tokens the bench can compute, so
 * any seeded session can be used as a credential.
 *
 * Row `i` is: client `client_<i>` holding token `bench<i>` (43 characters, as real tokens are),
 * its one active session `sess_<i>` (the client's last active one), for user `user_<⌊i/10⌋>`
 * (ten sessions per user, as perf-anchors seeded), unless a fixed user is given.
 */

import { createHash } from 'node:crypto'
import type postgres from 'postgres'

type Sql = postgres.Sql

const pad = (index: number, width: number) => String(index).padStart(width, '0')

export const seededUserId = (index: number) => `user_${pad(index, 26)}`
export const seededSessionId = (index: number) => `sess_${pad(index, 26)}`
export const seededClientToken = (index: number) => `bench${pad(index, 38)}`
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Sessions `[from, to)`; their users (a tenth as many, or `fixedUser`) are created when missing.
 * Their device columns are filled as session creation fills them (app/server/user-agent.server.ts):
 * the User-Agent `bench` reads as an unknown device; with `distinctUserAgents` row `i` has its own
 * (`Chrome <i>` on Linux). `spreadActivity` puts the rows' last activity a second apart (row `i`
 * `i mod 100 000` seconds before an hour ago) rather than all at one instant.
 */
export async function seedSessions(
  sql: Sql,
  range: { from: number; to: number; fixedUser?: number; distinctUserAgents?: boolean; spreadActivity?: boolean },
): Promise<void> {
  const { from, to } = range
  if (to <= from) return
  const userFrom = range.fixedUser ?? Math.floor(from / 10)
  const userTo = range.fixedUser === undefined ? Math.floor((to - 1) / 10) : range.fixedUser
  const userExpr =
    range.fixedUser === undefined
      ? sql`'user_' || lpad((i / 10)::text, 26, '0')`
      : sql`${seededUserId(range.fixedUser)}`
  await sql.begin(async (tx) => {
    await tx`
      insert into users (id, first_name, last_name, created_at, updated_at)
      select 'user_' || lpad(u::text, 26, '0'), 'Bench', 'User ' || u, now() - interval '30 days', now() - interval '30 days'
      from generate_series(${userFrom}::bigint, ${userTo}::bigint) as u
      on conflict (id) do nothing`
    // clients.last_active_session_id and sessions.client_id reference each other: inserted with
    // the foreign-key triggers off for this transaction, both sides exist when it commits.
    await tx`set local session_replication_role = replica`
    await tx`
      insert into clients (id, token_hash, last_active_session_id, created_at, updated_at)
      select 'client_' || lpad(i::text, 26, '0'),
             encode(sha256(convert_to('bench' || lpad(i::text, 38, '0'), 'UTF8')), 'hex'),
             'sess_' || lpad(i::text, 26, '0'),
             now() - interval '1 hour', now() - interval '1 hour'
      from generate_series(${from}::bigint, ${to - 1}::bigint) as i`
    await tx`
      insert into sessions (id, client_id, user_id, status, created_at, updated_at, last_active_at, expire_at,
                            abandon_at, inactivity_timeout_seconds, first_factor_verified_at, tasks,
                            ip_address, user_agent, device_browser, device_os, device_type)
      select 'sess_' || lpad(i::text, 26, '0'), 'client_' || lpad(i::text, 26, '0'), ${userExpr}, 'active',
             now() - interval '1 hour', now() - interval '1 hour',
             now() - interval '1 hour' - ${range.spreadActivity ? sql`(i % 100000) * interval '1 second'` : sql`interval '0'`},
             now() + interval '6 days', now() + interval '6 days', null, now() - interval '1 hour', '{}',
             '127.0.0.1', ${
               range.distinctUserAgents
                 ? sql`'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/' || i || '.0.0.0 Safari/537.36',
                       'Chrome ' || i, 'Linux', 'desktop'`
                 : sql`'bench', null, null, 'unknown'`
             }
      from generate_series(${from}::bigint, ${to - 1}::bigint) as i`
  })
}

export async function countSessions(sql: Sql): Promise<number> {
  const [row] = await sql`select count(*)::int as count from sessions`
  return row?.count ?? 0
}

/** Fresh planner statistics and visibility map after a bulk load. */
export async function vacuumAnalyze(sql: Sql): Promise<void> {
  await sql.unsafe('vacuum (analyze) users, clients, sessions')
  // Flush the load's dirty pages now rather than during the next measurement (superuser only).
  await sql.unsafe('checkpoint').catch(() => {})
}

/** `count` distinct random indexes in `[from, to)`. */
export function sampleIndexes(from: number, to: number, count: number): number[] {
  const picked = new Set<number>()
  const size = to - from
  while (picked.size < Math.min(count, size)) picked.add(from + Math.floor(Math.random() * size))
  return [...picked]
}
