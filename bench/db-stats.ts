/**
 * Counting what a load costs the database, from Postgres's cumulative statistics: transactions
 * committed in the bench database and scans of Tessera's tables. Backends flush their counters
 * when a transaction ends at least a second after the last flush, or after 10 s idle, so a
 * snapshot is taken only after the server has been idle for STATS_SETTLE_MS.
 */

import type postgres from 'postgres'

export const STATS_SETTLE_MS = 11_000

export interface DbSnapshot {
  transactions: number
  /** Sequential and index scans of the tables a session lookup reads: sessions, clients, users. */
  tableScans: number
}

export async function snapshot(sql: postgres.Sql, database: string): Promise<DbSnapshot> {
  const [db] = await sql`
    select (xact_commit + xact_rollback)::bigint as transactions from pg_stat_database where datname = ${database}`
  const [tables] = await sql`
    select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::bigint as scans
    from pg_stat_user_tables where relname in ('sessions', 'clients', 'users')`
  return { transactions: Number(db?.transactions ?? 0), tableScans: Number(tables?.scans ?? 0) }
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS))

export interface QueryCount {
  requests: number
  /** The same counts in an idle window as long as the measured one (background jobs). */
  idleTransactions: number
  idleTableScans: number
  transactions: number
  tableScans: number
  transactionsPerRequest: number
  tableScansPerRequest: number
}

const delta = (before: DbSnapshot, after: DbSnapshot) => ({
  transactions: after.transactions - before.transactions,
  tableScans: after.tableScans - before.tableScans,
})

/**
 * The database work of a load (snapshots `before`/`after`) in excess of an idle window of the same
 * length (`idleBefore`/`idleAfter`): what the requests themselves cost. Per request, so the JWT
 * path's target (no query) reads as 0.
 */
export function queryCount(
  idle: [DbSnapshot, DbSnapshot],
  load: [DbSnapshot, DbSnapshot],
  requests: number,
): QueryCount {
  const background = delta(...idle)
  const measured = delta(...load)
  const transactions = Math.max(0, measured.transactions - background.transactions)
  const tableScans = Math.max(0, measured.tableScans - background.tableScans)
  return {
    requests,
    idleTransactions: background.transactions,
    idleTableScans: background.tableScans,
    transactions,
    tableScans,
    transactionsPerRequest: requests > 0 ? transactions / requests : Number.NaN,
    tableScansPerRequest: requests > 0 ? tableScans / requests : Number.NaN,
  }
}
