/**
 * The database for one integration test file: the run's throwaway Postgres database, or a fresh
 * in-memory PGlite with migrations when no Postgres server is reachable.
 */

import { afterAll, inject } from 'vitest'
import { type DatabaseHandle, migrateDatabase, openDatabase } from '../../db/client.ts'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../../db/throwaway.ts'

export async function openTestDatabase(
  options: {
    poolSize?: number
    /** Called with each statement's SQL (the tests that count statements). */
    onQuery?: (sql: string) => void
  } = {},
): Promise<DatabaseHandle> {
  const url = inject('databaseUrl')
  const { poolSize = 4, onQuery } = options
  const handle = url
    ? await openDatabase({ url, poolSize, onQuery })
    : await openDatabase({ dataDir: 'memory://', onQuery })
  if (!url) await migrateDatabase(handle)
  afterAll(() => handle.close())
  return handle
}

/**
 * A database of its own, for tests that count or change the whole instance (the admin dashboard's
 * counts, revoking every session), which other files running at the same time would disturb (and
 * be disturbed by). `name` (lower-case letters and _) sets it apart on the Postgres server;
 * `poolSize` lets a file that races requests give each its own connection.
 */
export async function openIsolatedDatabase(name: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const runUrl = inject('databaseUrl')
  if (!runUrl) {
    const handle = await openDatabase({ dataDir: 'memory://' })
    await migrateDatabase(handle)
    afterAll(() => handle.close())
    return handle
  }
  const database = `${new URL(runUrl).pathname.slice(1)}_${name}`
  const url = await createThrowawayDatabase(runUrl, database)
  const handle = await openDatabase({ url, poolSize: options.poolSize ?? 4 })
  await migrateDatabase(handle, { url })
  afterAll(async () => {
    await handle.close()
    await dropThrowawayDatabase(runUrl, database)
  })
  return handle
}
