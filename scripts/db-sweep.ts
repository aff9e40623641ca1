/** `npm run db:sweep`: one sweep (timed-out sessions become expired or abandoned), then exit. */

import { getEnv } from '../app/server/env.server.ts'
import { sweep } from '../app/server/sweeper.server.ts'
import { openDatabase } from '../db/client.ts'

const env = getEnv()
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR })
try {
  const report = await sweep(handle.db, new Date())
  console.log(
    `Swept: ${report.expired} expired, ${report.abandoned} abandoned, ${report.deleted} used-up artefacts deleted, in ${report.batches} batch(es).`,
  )
} finally {
  await handle.close()
}
