/**
 * Token minting with the other signing algorithms (issue 10 asks for ES256 and EdDSA figures beside
 * the default RS256): one more app server per algorithm, each on its own database (a signing key
 * ring is per instance), seeded small, measured in the same rounds as RS256 on the main server.
 */

import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { createThrowawayDatabase, dropThrowawayDatabase } from '../db/throwaway.ts'
import { settings as S } from './config.ts'
import type { LoadGenerator, LoadSpec } from './load.ts'
import type { Sample, TargetInfo } from './results.ts'
import { sampleIndexes, seededClientToken, seededSessionId, seedSessions, vacuumAnalyze } from './seed.ts'
import { rssMb, type Server, startApp } from './servers.ts'
import { bearer, post } from './targets.ts'

const SEEDED = 10_000

export function mintSpec(appUrl: string, indexes: number[]): LoadSpec {
  return post(
    `${appUrl}/`,
    indexes.map((i) => ({
      path: `/api/sessions/${seededSessionId(i)}/tokens`,
      headers: bearer(seededClientToken(i)),
    })),
    S.connections,
    S.seconds,
  )
}

export async function measureMintAlgorithms(options: {
  load: LoadGenerator
  pinned: boolean
  /** The main (RS256) server and a pool of its seeded session indexes. */
  main: Server
  mainIndexes: number[]
  log: (message: string) => void
}): Promise<{ targets: TargetInfo[]; samples: Sample[] }> {
  const { load, pinned, main, mainIndexes, log } = options
  const targets: TargetInfo[] = [{ key: 'mint-rs256', label: 'token minting, RS256 (same rounds)', side: 'tessera' }]
  const servers: { key: string; server: Server; indexes: number[] }[] = [
    { key: 'mint-rs256', server: main, indexes: mainIndexes },
  ]
  const databases: string[] = []
  try {
    for (const [position, algorithm] of S.mintAlgorithms.entries()) {
      const key = `mint-${algorithm.toLowerCase()}`
      const label = `token minting, ${algorithm}`
      const database = `${S.database}_${algorithm.toLowerCase()}`
      try {
        const databaseUrl = await createThrowawayDatabase(S.adminUrl, database)
        databases.push(database)
        const configFile = path.join(os.tmpdir(), `tessera-bench-${algorithm}-${process.pid}.json`)
        writeFileSync(configFile, JSON.stringify({ tokens: { algorithm } }))
        const server = await startApp({
          port: S.ports.mintBase + position,
          databaseUrl,
          secret: randomBytes(32).toString('base64url'),
          testingToken: randomBytes(32).toString('base64url'),
          configFile,
          pin: pinned,
        })
        const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
        try {
          await seedSessions(sql, { from: 0, to: SEEDED })
          await vacuumAnalyze(sql)
        } finally {
          await sql.end({ timeout: 5 })
        }
        servers.push({ key, server, indexes: sampleIndexes(0, SEEDED, S.credentialPool) })
        targets.push({ key, label, side: 'tessera' })
      } catch (error) {
        targets.push({ key, label, side: 'tessera', unavailable: `not available (${(error as Error).message})` })
      }
    }
    const samples: Sample[] = []
    if (servers.length < 2) return { targets, samples }
    log(`token minting by algorithm: ${servers.map((s) => s.key).join(', ')}`)
    for (const { server, indexes } of servers)
      await load.run({ ...mintSpec(server.url, indexes), seconds: S.warmupSeconds || 1 })
    for (let round = 0; round < S.rounds; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length] as (typeof servers)[number])
      for (const [position, { key, server, indexes }] of order.entries()) {
        const result = await load.run(mintSpec(server.url, indexes), server.pid)
        const rss = rssMb(server.pid)
        samples.push({ target: key, round, position, result, rssMb: rss })
        log(
          `round ${round + 1} ${key.padEnd(20)} ${Math.round(result.requestsPerSecond)} req/s  p99 ${result.latency.p99} ms  errors ${result.errors}`,
        )
      }
    }
    return { targets, samples }
  } finally {
    for (const { server } of servers.slice(1)) await server.stop()
    if (!S.keepDatabases) for (const database of databases) await dropThrowawayDatabase(S.adminUrl, database)
  }
}
