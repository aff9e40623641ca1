/**
 * The statement deadline (db/query-deadline.ts) on real Postgres: a statement that cannot answer in
 * time fails with DB_QUERY_TIMEOUT (a 503, not a hang); a transaction cut short never commits; a
 * statement still waiting for a pooled connection fails at the deadline too, and the pool works
 * afterwards.
 */

import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { isDatabaseUnavailable } from '../app/server/db-errors.server.ts'
import { withQueryDeadline } from './query-deadline.ts'

const url = inject('databaseUrl')
const DEADLINE_MS = 300
const TABLE = 'query_deadline_probe'

describe.runIf(url)('withQueryDeadline', () => {
  const admin = postgres(url ?? '', { max: 2, onnotice: () => {} })
  const pool = postgres(url ?? '', { max: 1, onnotice: () => {} })
  const bounded = withQueryDeadline(pool, DEADLINE_MS)

  afterAll(async () => {
    await admin.unsafe(`drop table if exists ${TABLE}`)
    await Promise.all([admin.end({ timeout: 5 }), pool.end({ timeout: 5 })])
  })

  /** Holds an exclusive lock on the probe table for `ms` from another connection. */
  async function locked<T>(ms: number, during: () => Promise<T>): Promise<T> {
    await admin.unsafe(`create table if not exists ${TABLE} (id text primary key)`)
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let ready = () => {}
    const isLocked = new Promise<void>((resolve) => {
      ready = resolve
    })
    const holder = admin.begin(async (tx) => {
      await tx.unsafe(`lock table ${TABLE} in access exclusive mode`)
      ready()
      await Promise.race([held, new Promise((resolve) => setTimeout(resolve, ms))])
    })
    await isLocked
    try {
      return await during()
    } finally {
      release()
      await holder
    }
  }

  it('fails a statement that cannot answer in time with a database-unavailable error', async () => {
    const started = performance.now()
    const error = await locked(5_000, () =>
      bounded.unsafe(`select count(*) from ${TABLE}`).then(
        () => null,
        (e) => e,
      ),
    )
    const ms = performance.now() - started
    expect(error).toMatchObject({ code: 'DB_QUERY_TIMEOUT' })
    expect(isDatabaseUnavailable(error)).toBe(true)
    expect(ms).toBeLessThan(DEADLINE_MS + 1_000)
    // The pool works again once the lock is gone.
    expect(await bounded`select 1 as one`).toEqual([{ one: 1 }])
  })

  it('never commits a transaction cut short, and tells the caller at once', async () => {
    const started = performance.now()
    const error = await locked(2_000, () =>
      bounded
        .begin(async (tx) => {
          await tx`select 1`
          await tx.unsafe(`insert into ${TABLE} (id) values ('cut-short')`)
        })
        .then(
          () => null,
          (e) => e,
        ),
    )
    expect(error).toMatchObject({ code: 'DB_QUERY_TIMEOUT' })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(await admin.unsafe(`select id from ${TABLE} where id = 'cut-short'`)).toEqual([])
  })

  it('fails a statement still waiting for a pooled connection, and the pool works afterwards', async () => {
    // The pool's only connection is busy for a while in a transaction.
    const busy = pool.begin(async (tx) => {
      await tx`select pg_sleep(1)`
    })
    const started = performance.now()
    const error = await bounded`select 2 as two`.then(
      () => null,
      (e) => e,
    )
    expect(performance.now() - started).toBeLessThan(DEADLINE_MS + 500)
    await busy
    expect(error).toMatchObject({ code: 'DB_QUERY_TIMEOUT' })
    expect(await bounded`select 3 as three`).toEqual([{ three: 3 }])
  })
})
