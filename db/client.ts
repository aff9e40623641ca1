/**
 * One typed database API over two drivers: postgres-js when a `DATABASE_URL` is given, embedded
 * PGlite (persisted in a folder) otherwise, so `npm run dev` needs no server.
 *
 * Drivers are loaded with dynamic `import()` so PGlite's 26 MB is only loaded when used.
 */

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { DB_RECONNECT_BACKOFF_MAX_SECONDS } from '../app/session/policy.ts'
import { withQueryDeadline } from './query-deadline.ts'
import * as schema from './schema.ts'

/** The database, or a transaction on it (a transaction is a `PgDatabase` too). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export type DriverName = 'postgres' | 'pglite'

export interface DatabaseHandle {
  db: Database
  driver: DriverName
  close: () => Promise<void>
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined
  /** PGlite data folder, or `memory://` for a throwaway in-memory database. */
  dataDir?: string | undefined
  /** Connections in the postgres-js pool (security.md §6.2 sizes it at 10). */
  poolSize?: number
  /**
   * Called with the SQL text of every statement sent (never its parameters): for debug logging and
   * for tests that count queries. On Postgres it is the driver's own hook, so `begin`/`commit` and
   * prepared statements count too; on PGlite it is Drizzle's logger.
   */
  onQuery?: ((sql: string) => void) | undefined
  /**
   * Postgres only: every statement (and a transaction's wait for its connection) fails with
   * DB_QUERY_TIMEOUT after this many ms (db/query-deadline.ts). The server sets it; scripts and
   * tests that wait on purpose do not.
   */
  queryTimeoutMs?: number
  /** Postgres only: how long opening a connection may take (default 5 s; the server uses 2). */
  connectTimeoutSeconds?: number
}

export const DEFAULT_PGLITE_DIR = '.data/pglite'
export const MIGRATIONS_FOLDER = path.resolve(process.env.TESSERA_MIGRATIONS_DIR ?? 'db/migrations')

// One advisory lock key for "migrating Tessera's schema", so two processes never migrate at once.
const MIGRATION_LOCK_KEY = 7_305_221_042

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      idle_timeout: 30,
      connect_timeout: options.connectTimeoutSeconds ?? 5,
      // Doubling from 50 ms up to the cap: an outage answers 503 quickly and ends quickly.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, DB_RECONNECT_BACKOFF_MAX_SECONDS),
      onnotice: () => {},
      ...(options.onQuery && { debug: (_connection: number, query: string) => options.onQuery?.(query) }),
    })
    const bounded = options.queryTimeoutMs ? withQueryDeadline(client, options.queryTimeoutMs) : client
    return {
      db: drizzle(bounded, { schema }) as unknown as Database,
      driver: 'postgres',
      close: () => client.end({ timeout: 5 }),
    }
  }
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DIR
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const client = await PGlite.create(dataDir)
  const onQuery = options.onQuery
  const logger = onQuery && { logQuery: (query: string) => onQuery(query) }
  return {
    db: drizzle(client, { schema, ...(logger && { logger }) }) as unknown as Database,
    driver: 'pglite',
    close: () => client.close(),
  }
}

/** Applies the committed migrations. On Postgres, concurrent callers wait on one advisory lock. */
export async function migrateDatabase(handle: DatabaseHandle, options: DatabaseOptions = {}): Promise<void> {
  const migrationsFolder = MIGRATIONS_FOLDER
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(handle.db as never, { migrationsFolder })
    return
  }
  if (!options.url) throw new Error('migrateDatabase: the postgres driver needs the url it was opened with')
  // A dedicated single connection, so the advisory lock and the migration share one session.
  const { default: postgres } = await import('postgres')
  const { drizzle } = await import('drizzle-orm/postgres-js')
  const { migrate } = await import('drizzle-orm/postgres-js/migrator')
  const client = postgres(options.url, { max: 1, onnotice: () => {} })
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    await migrate(drizzle(client), { migrationsFolder })
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
  } finally {
    await client.end({ timeout: 5 })
  }
}
