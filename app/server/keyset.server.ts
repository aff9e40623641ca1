/**
 * Keyset pagination in SQL (app/session/keyset.ts): newest first by a time column and an id
 * column, `size` rows a page, each page starting after the previous page's last row. The lists
 * that use it have an index on (time, id), so a page reads `size + 1` index entries wherever it is.
 */

import { desc, type SQL, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { encodeCursor, type KeysetPosition } from '../session/keyset.ts'

export interface Keyset {
  /** Select this as `keysetAtUs`: the row's time in epoch microseconds (a Date keeps only milliseconds). */
  atUs: SQL<string>
  orderBy: [SQL, SQL]
  /** The rows after `position` (none: from the newest). */
  after: (position: KeysetPosition | null | undefined) => SQL | undefined
}

export function keyset(time: AnyPgColumn, id: AnyPgColumn): Keyset {
  return {
    atUs: sql<string>`(extract(epoch from ${time}) * 1000000)::bigint::text`,
    orderBy: [desc(time), desc(id)],
    // Exact: a float8 holds any cursor's microseconds (at most 2^53), and the product is whole.
    after: (position) =>
      position
        ? sql`(${time}, ${id}) < (timestamptz 'epoch' + ${position.atUs}::float8 * interval '1 microsecond', ${position.id})`
        : undefined,
  }
}

/** One page of rows fetched `size + 1` at a time, and the cursor to the next (null on the last). */
export function keysetPage<TRow extends { keysetAtUs: string; id: string | number }>(
  rows: readonly TRow[],
  size: number,
): { rows: TRow[]; nextCursor: string | null } {
  const page = rows.slice(0, size)
  const last = page.at(-1)
  return {
    rows: page,
    nextCursor:
      rows.length > size && last ? encodeCursor({ atUs: Number(last.keysetAtUs), id: String(last.id) }) : null,
  }
}
