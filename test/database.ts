/**
 * The database for one integration test file: the run's throwaway Postgres database, or a fresh
 * in-memory PGlite with migrations when no Postgres server is reachable.
 */

import { afterAll, inject } from 'vitest'
import { type DatabaseHandle, migrateDatabase, openDatabase } from '../db/client.ts'

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const url = inject('databaseUrl')
  const handle = url ? await openDatabase({ url, poolSize: 4 }) : await openDatabase({ dataDir: 'memory://' })
  if (!url) await migrateDatabase(handle)
  afterAll(() => handle.close())
  return handle
}
