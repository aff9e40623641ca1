/**
 * Hot-path statements are built once with `sql.placeholder()` and `.prepare('name')` (perf-anchors
 * F1: Drizzle's default path costs postgres.js a Describe round trip per query; a prepared one is
 * a single round trip, and Postgres keeps the plan per connection). A prepared query is bound to
 * the handle it was built on, so each database (and each transaction) gets its own copy. On
 * PGlite the same statements run as ordinary parameterised queries.
 */

import type { Database } from './client.ts'

export function preparedPerDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const statements = new WeakMap<Database, T>()
  return (db) => {
    let statement = statements.get(db)
    if (!statement) {
      statement = build(db)
      statements.set(db, statement)
    }
    return statement
  }
}
