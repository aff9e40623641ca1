/**
 * `npm run db:sweep`: sweeps (timed-out sessions become expired or abandoned, used-up artefacts and
 * long-ended sessions are deleted) run after run until no backlog is left, then exit.
 */

import { getEnv } from '../app/server/env.server.ts'
import { sweep } from '../app/server/sweeper.server.ts'
import { openDatabase } from '../db/client.ts'

const env = getEnv()
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR })
try {
  const total = { expired: 0, abandoned: 0, deleted: 0, purged: 0, batches: 0, runs: 0 }
  let backlog = true
  while (backlog) {
    const report = await sweep(handle.db, new Date())
    for (const key of ['expired', 'abandoned', 'deleted', 'purged', 'batches'] as const) total[key] += report[key]
    total.runs += 1
    backlog = report.backlog
  }
  console.log(
    `Swept: ${total.expired} expired, ${total.abandoned} abandoned, ${total.deleted} used-up artefacts deleted, ${total.purged} long-ended sessions deleted, in ${total.batches} batch(es) over ${total.runs} run(s).`,
  )
} finally {
  await handle.close()
}
