/**
 * The common-password blocklist (≈ 18k passwords of 8+ characters), loaded into a Set on first use.
 */

import list from './data/common-passwords.txt?raw'

let blocklist: Set<string> | undefined

export function isCommonPassword(lowerCased: string): boolean {
  blocklist ??= new Set(list.split('\n').filter((line) => line.length > 0))
  return blocklist.has(lowerCased)
}
