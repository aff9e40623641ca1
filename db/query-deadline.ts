/**
 * A deadline on every database statement (security.md REL-07 and the "packets dropped" fault).
 *
 * postgres-js waits for a connection without limit: with every pooled connection busy it pipelines
 * or queues, and a connection whose packets vanish (a partition, not a refusal) never answers.
 * Either way a request would hang. Wrapped with `withQueryDeadline`, a statement that has not
 * answered within the deadline rejects with a `DB_QUERY_TIMEOUT` error, which the server maps to
 * 503 with Retry-After like any outage (app/server/db-errors.server.ts).
 *
 * - The late statement is not cancelled: it may still run once the database answers, as one whose
 *   answer was lost would (a 503 never promises that nothing happened).
 * - A transaction's BEGIN waits at most the deadline for its connection; each statement inside is
 *   bounded; if one times out, the caller is told at once and postgres-js rolls back once the
 *   connection answers again, so a timed-out transaction never commits. A COMMIT that does not answer within
 *   the deadline is reported as a timeout too: its outcome is unknown, as with any lost connection.
 */

import type { Sql } from 'postgres'

/** The error a late statement rejects with; `code` is read by isDatabaseUnavailable. */
export class QueryTimeoutError extends Error {
  readonly code = 'DB_QUERY_TIMEOUT'
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`)
    this.name = 'QueryTimeoutError'
  }
}

// postgres-js's Query: a lazy promise with chainable options.
interface PendingQuery extends PromiseLike<unknown> {
  cancel(): unknown
}

function boundQuery<Q extends PendingQuery>(query: Q, ms: number): Q {
  let raced: Promise<unknown> | undefined
  const race = () => {
    raced ??= new Promise((resolve, reject) => {
      // The statement itself is left alone: postgres-js's cancel() of a statement handed to a
      // connection still opening leaves that connection stuck in "connecting" for good (seen after
      // a blackhole: the pool shrank), and cancelling a sent one needs a new connection, which
      // could hang too. A statement that timed out may therefore still run later, like one whose
      // answer was lost; transactions are safe (see boundTransaction).
      const timer = setTimeout(() => reject(new QueryTimeoutError(ms)), ms)
      query.then(
        (value) => {
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        },
      )
    })
    return raced
  }
  const proxy: Q = new Proxy(query, {
    get(target, property) {
      if (property === 'then') return (ok?: never, ko?: never) => race().then(ok, ko)
      if (property === 'catch') return (ko?: never) => race().catch(ko)
      if (property === 'finally') return (done?: () => void) => race().finally(done)
      const value = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      // Chainable options (`.values()`, `.raw()`, …) return the query itself: keep the deadline.
      return (...args: unknown[]) => {
        const result = value.apply(target, args)
        return result === target ? proxy : result
      }
    },
  })
  return proxy
}

type Callback = (sql: Sql) => unknown

/** A transaction (`begin`) or savepoint: bounded while waiting for its connection and its COMMIT. */
function boundTransaction(start: (...args: unknown[]) => Promise<unknown>, args: unknown[], ms: number) {
  const callback = args.pop() as Callback
  return new Promise((resolve, reject) => {
    let expired = false
    const arm = () =>
      setTimeout(() => {
        expired = true
        reject(new QueryTimeoutError(ms))
      }, ms)
    let timer = arm()
    start(...args, async (sql: Sql) => {
      // The connection came after the caller was told "timed out": roll back at once.
      if (expired) throw new QueryTimeoutError(ms)
      clearTimeout(timer)
      let result: unknown
      try {
        result = await callback(withQueryDeadline(sql, ms))
      } catch (error) {
        // postgres-js now rolls back, on a connection that may still be stuck behind the late
        // statement: the caller hears of the timeout at once, the rollback happens when it can.
        if (error instanceof QueryTimeoutError) reject(error)
        else timer = setTimeout(() => reject(error), ms)
        throw error
      }
      if (expired) throw new QueryTimeoutError(ms)
      timer = arm()
      return result
    }).then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** `sql`, with every statement, transaction and savepoint bounded by `ms` (see the module comment). */
export function withQueryDeadline(sql: Sql, ms: number): Sql {
  return new Proxy(sql, {
    apply(target, self, args) {
      const result = Reflect.apply(target, self, args)
      // sql`…` is a query; sql(values) is a helper to interpolate, not a statement.
      return typeof result?.cancel === 'function' ? boundQuery(result as PendingQuery, ms) : result
    },
    get(target, property) {
      const value = Reflect.get(target, property, target)
      if (property === 'unsafe' || property === 'file') {
        return (...args: unknown[]) => boundQuery(value.apply(target, args) as PendingQuery, ms)
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => boundTransaction(value.bind(target), args, ms)
      }
      return value
    },
  })
}
