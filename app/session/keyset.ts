/**
 * Keyset pagination: a list ordered newest first by a time and, among equal times, by id, is read a
 * page at a time from where the previous page ended. Each page costs the same however long the
 * list (an offset reads and drops every row before it), and a row added meanwhile does not push
 * one already shown onto the next page too.
 *
 * Where a page ended travels as one opaque string, `<microseconds since the epoch>.<id>`: the time
 * to the microsecond, as the database keeps it, so no two rows fall between pages.
 */

/** Where a page ended: the last row's time (epoch microseconds) and id. */
export interface KeysetPosition {
  atUs: number
  id: string
}

/** Far above any cursor this encodes (16 digits, a dot, an id). */
export const CURSOR_MAX_LENGTH = 100

const CURSOR = /^(0|[1-9]\d{0,15})\.([A-Za-z0-9_]{1,64})$/

export function encodeCursor(position: KeysetPosition): string {
  return `${position.atUs}.${position.id}`
}

/** The position a cursor names, or null when it is not one `encodeCursor` could have made. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  const match = CURSOR.exec(cursor)
  if (!match?.[1] || !match[2]) return null
  const atUs = Number(match[1])
  return Number.isSafeInteger(atUs) ? { atUs, id: match[2] } : null
}
